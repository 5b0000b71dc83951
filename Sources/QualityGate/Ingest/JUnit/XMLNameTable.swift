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
/// dictionary owns, whose bytes never change) and compares bytes only on a miss: a JUnit
/// file of millions of elements costs a handful of `strcmp` calls.
struct XMLNameTable {
    private var elementCache: [(pointer: UnsafeRawPointer, element: JUnitElement)] = []
    private var attributeCache: [(pointer: UnsafeRawPointer, attribute: JUnitAttribute?)] = []
    private let dictionary: OpaquePointer?
    private static let cacheLimit = 48

    init(dictionary: OpaquePointer?) {
        self.dictionary = dictionary
        elementCache.reserveCapacity(Self.cacheLimit)
        attributeCache.reserveCapacity(Self.cacheLimit)
    }

    mutating func element(_ name: UnsafePointer<UInt8>) -> JUnitElement {
        let pointer = UnsafeRawPointer(name)
        for entry in elementCache where entry.pointer == pointer { return entry.element }
        let element = Self.elements.first { Self.matches(name, $0.1) }?.0 ?? .other
        if elementCache.count < Self.cacheLimit, owned(name) { elementCache.append((pointer, element)) }
        return element
    }

    mutating func attribute(_ name: UnsafePointer<UInt8>) -> JUnitAttribute? {
        let pointer = UnsafeRawPointer(name)
        for entry in attributeCache where entry.pointer == pointer { return entry.attribute }
        let attribute = Self.attributes.first { Self.matches(name, $0.1) }?.0
        if attributeCache.count < Self.cacheLimit, owned(name) { attributeCache.append((pointer, attribute)) }
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

    private static let elements: [(JUnitElement, StaticString)] = [
        (.testcase, "testcase"), (.testsuite, "testsuite"), (.failure, "failure"), (.error, "error"),
        (.skipped, "skipped"), (.property, "property"), (.properties, "properties"), (.testsuites, "testsuites"),
        (.flakyFailure, "flakyFailure"), (.flakyError, "flakyError"), (.rerunFailure, "rerunFailure"),
        (.rerunError, "rerunError"),
    ]

    private static let attributes: [(JUnitAttribute, StaticString)] = [
        (.name, "name"), (.time, "time"), (.classname, "classname"), (.message, "message"), (.type, "type"),
        (.file, "file"), (.line, "line"), (.tests, "tests"), (.failures, "failures"), (.errors, "errors"),
        (.skipped, "skipped"), (.status, "status"), (.value, "value"), (.class, "class"), (.skips, "skips"),
        (.disabled, "disabled"), (.assertions, "assertions"), (.hostname, "hostname"),
        (.noNamespaceSchemaLocation, "noNamespaceSchemaLocation"), (.schemaLocation, "schemaLocation"),
    ]
}
