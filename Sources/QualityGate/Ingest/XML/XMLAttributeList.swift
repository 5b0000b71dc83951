#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The attributes of one start tag, straight from libxml2's SAX2 array.
///
/// Lookups compare local names as bytes and return borrowed `XMLBytes`, so a reader pays only
/// for the attributes it asks for. Valid only during the `startElement` call.
struct XMLAttributeList {
    /// libxml2 layout: five pointers per attribute (localname, prefix, URI, value, value end).
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    init(base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int) {
        self.base = base
        self.count = count
    }

    /// The value of the attribute whose local name is `name`, if present.
    subscript(_ name: StaticString) -> XMLBytes? {
        guard let base else { return nil }
        let literal = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
        for index in 0..<count {
            let slot = index * 5
            guard let localname = base[slot],
                strcmp(UnsafeRawPointer(localname).assumingMemoryBound(to: CChar.self), literal) == 0,
                let start = base[slot + 3], let end = base[slot + 4]
            else { continue }
            return XMLBytes(start: start, count: end - start)
        }
        return nil
    }

    /// Calls `body` with each attribute's local name (NUL-terminated, interned by libxml2) and
    /// value, in document order: one pass for a hot element that reads several attributes,
    /// instead of one scan per lookup.
    @inline(__always)
    func forEach(_ body: (UnsafePointer<UInt8>, XMLBytes) -> Void) {
        guard let base else { return }
        for index in 0..<count {
            let slot = index * 5
            guard let localname = base[slot], let start = base[slot + 3], let end = base[slot + 4] else { continue }
            body(localname, XMLBytes(start: start, count: end - start))
        }
    }

    /// Whether the NUL-terminated `name` is `literal`.
    @inline(__always)
    static func name(_ name: UnsafePointer<UInt8>, is literal: StaticString) -> Bool {
        strcmp(
            UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// Whether the attribute is present at all.
    func contains(_ name: StaticString) -> Bool {
        self[name] != nil
    }
}
