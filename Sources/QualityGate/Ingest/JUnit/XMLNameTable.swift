import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resolves libxml2's element and attribute names to the reader's enums.
///
/// libxml2 interns every name in its parser dictionary, so one name arrives as one pointer
/// for the whole document. The table remembers pointers it has resolved (only pointers the
/// dictionary owns, whose bytes never change) in a small open-addressing cache keyed by the
/// pointer, and compares bytes only on a miss: a JUnit file of millions of elements costs a
/// handful of `strcmp` calls and one probe per name.
final class XMLNameTable {
    private let elements = PointerCache<JUnitElement>(empty: .other)
    private let attributes = PointerCache<JUnitAttribute?>(empty: nil)
    /// The parser's dictionary: only names it owns are cached (set once the parser exists).
    var dictionary: OpaquePointer?

    init(dictionary: OpaquePointer? = nil) {
        self.dictionary = dictionary
    }

    @inline(__always)
    func element(_ name: UnsafePointer<UInt8>) -> JUnitElement {
        if let element = elements[name] { return element }
        return resolveElement(name)
    }

    @inline(__always)
    func attribute(_ name: UnsafePointer<UInt8>) -> JUnitAttribute? {
        if let attribute = attributes[name] { return attribute }
        return resolveAttribute(name)
    }

    private func resolveElement(_ name: UnsafePointer<UInt8>) -> JUnitElement {
        let element = Self.elementNames.first { Self.matches(name, $0.1) }?.0 ?? .other
        if owned(name) { elements.insert(name, element) }
        return element
    }

    private func resolveAttribute(_ name: UnsafePointer<UInt8>) -> JUnitAttribute? {
        let attribute = Self.attributeNames.first { Self.matches(name, $0.1) }?.0
        if owned(name) { attributes.insert(name, attribute) }
        return attribute
    }

    private func owned(_ name: UnsafePointer<UInt8>) -> Bool {
        guard let dictionary else { return false }
        return xmlDictOwns(dictionary, name) == 1
    }

    private static func matches(_ bytes: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        strcmp(
            UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    private static let elementNames: [(JUnitElement, StaticString)] = [
        (.testcase, "testcase"), (.testsuite, "testsuite"), (.failure, "failure"), (.error, "error"),
        (.skipped, "skipped"), (.property, "property"), (.properties, "properties"), (.testsuites, "testsuites"),
        (.flakyFailure, "flakyFailure"), (.flakyError, "flakyError"), (.rerunFailure, "rerunFailure"),
        (.rerunError, "rerunError"),
    ]

    private static let attributeNames: [(JUnitAttribute, StaticString)] = [
        (.name, "name"), (.time, "time"), (.classname, "classname"), (.message, "message"), (.type, "type"),
        (.file, "file"), (.line, "line"), (.tests, "tests"), (.failures, "failures"), (.errors, "errors"),
        (.skipped, "skipped"), (.status, "status"), (.value, "value"), (.class, "class"), (.skips, "skips"),
        (.disabled, "disabled"), (.assertions, "assertions"), (.hostname, "hostname"),
        (.noNamespaceSchemaLocation, "noNamespaceSchemaLocation"), (.schemaLocation, "schemaLocation"),
    ]
}

/// Pointer → value, open addressing over a fixed 128 slots in raw memory (no reference
/// counting or copy-on-write checks per lookup); holds at most 64 entries, and a document
/// with more distinct names simply resolves the rest by bytes every time.
private final class PointerCache<Value> {
    private static var slots: Int { 128 }
    private static var limit: Int { 64 }
    private let keys: UnsafeMutablePointer<UInt>
    private let values: UnsafeMutablePointer<Value>
    private var count = 0

    /// `empty` fills the unused slots; it is never returned.
    init(empty: Value) {
        keys = .allocate(capacity: Self.slots)
        keys.initialize(repeating: 0, count: Self.slots)
        values = .allocate(capacity: Self.slots)
        values.initialize(repeating: empty, count: Self.slots)
    }

    deinit {
        keys.deallocate()
        values.deinitialize(count: Self.slots)
        values.deallocate()
    }

    @inline(__always)
    private static func slot(_ key: UInt) -> Int {
        // Fibonacci hashing: the top 7 bits of the product spread nearby pointers apart.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 57)
    }

    /// The cached value for `pointer`, or nil when it is not cached.
    @inline(__always)
    subscript(_ pointer: UnsafePointer<UInt8>) -> Value? {
        let key = UInt(bitPattern: pointer)
        var slot = Self.slot(key)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & (Self.slots - 1)
        }
    }

    func insert(_ pointer: UnsafePointer<UInt8>, _ value: Value) {
        guard count < Self.limit else { return }
        let key = UInt(bitPattern: pointer)
        var slot = Self.slot(key)
        while keys[slot] != 0 {
            if keys[slot] == key { return }
            slot = (slot + 1) & (Self.slots - 1)
        }
        keys[slot] = key
        values[slot] = value
        count += 1
    }
}
