/// Bytes being written for a `RunDigest` frame: little-endian numbers, LEB128 counts and
/// length-prefixed UTF-8 strings.
struct ByteSink {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func int64(_ value: Int64) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        var little = value.bitPattern.littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        varint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// 0 for nil, else 1 and the string.
    mutating func optionalString(_ text: String?) {
        guard let text else { return byte(0) }
        byte(1)
        string(text)
    }

    /// A block prefixed with its byte length, so that a reader can compare or skip it whole.
    mutating func block(_ body: (inout ByteSink) -> Void) {
        var inner = ByteSink()
        body(&inner)
        varint(UInt64(inner.bytes.count))
        bytes.append(contentsOf: inner.bytes)
    }
}
