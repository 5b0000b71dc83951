/// Where each known attribute's value lies in libxml2's buffer: one slot per `JUnitAttribute`.
///
/// Allocated once per read; reused by every element so that reading attributes allocates nothing.
final class XMLAttributeSlots {
    let starts: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    let counts: UnsafeMutablePointer<Int>

    init() {
        let size = JUnitAttribute.allCases.count
        starts = .allocate(capacity: size)
        starts.initialize(repeating: nil, count: size)
        counts = .allocate(capacity: size)
        counts.initialize(repeating: 0, count: size)
    }

    deinit {
        starts.deallocate()
        counts.deallocate()
    }
}

/// The known attributes of the element being read, as byte ranges into libxml2's buffer.
///
/// Valid only inside the SAX callback that made it: values are decoded to `String` (or parsed
/// as numbers straight from the bytes) only when the reader needs them, which on the hot path
/// (`<testcase name classname time>`) means never for most elements.
struct XMLAttributes {
    private var present: UInt32 = 0
    // Raw pointers into `XMLAttributeSlots`, not the object: no reference counting per element.
    private let starts: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    private let counts: UnsafeMutablePointer<Int>?

    init(slots: XMLAttributeSlots) {
        self.starts = slots.starts
        self.counts = slots.counts
    }

    /// No attributes.
    init() {
        self.starts = nil
        self.counts = nil
    }

    @inline(__always)
    mutating func set(_ key: JUnitAttribute, start: UnsafePointer<UInt8>, count: Int) {
        guard let starts, let counts else { return }
        starts[key.rawValue] = start
        counts[key.rawValue] = count
        present |= 1 << UInt32(key.rawValue)
    }

    @inline(__always)
    func has(_ key: JUnitAttribute) -> Bool {
        present & (1 << UInt32(key.rawValue)) != 0
    }

    @inline(__always)
    func bytes(_ key: JUnitAttribute) -> UnsafeBufferPointer<UInt8>? {
        guard has(key), let starts, let counts else { return nil }
        return UnsafeBufferPointer(start: starts[key.rawValue], count: counts[key.rawValue])
    }

    subscript(key: JUnitAttribute) -> String? {
        bytes(key).map(XMLBytes.unescapedString)
    }

    /// A copy that outlives the callback, for the root element's attributes.
    func stored() -> [JUnitAttribute: String] {
        var result: [JUnitAttribute: String] = [:]
        for key in JUnitAttribute.allCases {
            if let value = self[key] { result[key] = value }
        }
        return result
    }
}
