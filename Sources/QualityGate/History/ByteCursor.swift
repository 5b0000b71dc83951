/// Reads what `ByteSink` wrote, checking every length against the bytes left: a damaged or
/// hostile digest frame fails with `.damaged`, it never reads out of bounds or allocates
/// more than the frame holds.
struct ByteCursor {
    enum Failure: Error {
        case damaged
    }

    let buffer: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    var isAtEnd: Bool { offset == buffer.count }

    mutating func byte() throws(Failure) -> UInt8 {
        guard offset < buffer.count else { throw .damaged }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func varint() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw .damaged }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    /// A count or length, which can never exceed the bytes left.
    mutating func count() throws(Failure) -> Int {
        let value = try varint()
        guard value <= UInt64(buffer.count - offset) else { throw .damaged }
        return Int(value)
    }

    mutating func int64() throws(Failure) -> Int64 {
        guard offset + 8 <= buffer.count else { throw .damaged }
        defer { offset += 8 }
        return Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    mutating func double() throws(Failure) -> Double {
        Double(bitPattern: UInt64(bitPattern: try int64()))
    }

    mutating func doubles(_ count: Int) throws(Failure) -> [Double] {
        guard count <= (buffer.count - offset) / 8 else { throw .damaged }
        let start = offset
        offset += count * 8
        return [Double](unsafeUninitializedCapacity: count) { values, initialized in
            for index in 0..<count {
                values[index] = Double(
                    bitPattern: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: start + index * 8, as: UInt64.self)))
            }
            initialized = count
        }
    }

    mutating func bytes(_ count: Int) throws(Failure) -> UnsafeRawBufferPointer {
        guard count <= buffer.count - offset else { throw .damaged }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    mutating func string() throws(Failure) -> String {
        String(decoding: try bytes(try count()), as: UTF8.self)
    }

    mutating func optionalString() throws(Failure) -> String? {
        switch try byte() {
        case 0: return nil
        case 1: return try string()
        default: throw .damaged
        }
    }
}
