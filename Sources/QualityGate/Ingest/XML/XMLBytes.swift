#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A borrowed view of bytes inside libxml2's buffers: an element name or an attribute value.
///
/// Valid only during the `XMLEventHandler` call that received it (libxml2 reuses the memory).
/// Handlers compare and parse it as bytes, so the attributes a reader does not use cost no
/// allocation, and the ones it uses become a `String` or a number only when asked.
struct XMLBytes {
    let start: UnsafePointer<UInt8>
    let count: Int

    init(start: UnsafePointer<UInt8>, count: Int) {
        self.start = start
        self.count = count
    }

    /// A NUL-terminated libxml2 string (element and attribute names).
    init(cString: UnsafePointer<UInt8>) {
        self.start = cString
        self.count = strlen(UnsafeRawPointer(cString).assumingMemoryBound(to: CChar.self))
    }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    var isEmpty: Bool { count == 0 }

    /// Byte-for-byte equality with a literal, without building a String.
    @inline(__always)
    static func == (lhs: XMLBytes, rhs: StaticString) -> Bool {
        lhs.count == rhs.utf8CodeUnitCount && memcmp(lhs.start, rhs.utf8Start, lhs.count) == 0
    }

    /// ASCII case-insensitive equality (`branch="True"` from coverlet).
    func equalsIgnoringCase(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for index in 0..<count where Self.lower(start[index]) != Self.lower(other[index]) { return false }
        return true
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The value as a String, `&#38;` turned back into `&` (see `unescapedString`).
    var string: String {
        Self.unescapedString(buffer)
    }

    /// libxml2 keeps `&` escaped as `&#38;` in attribute values when entities are not
    /// substituted; a literal `&` cannot occur, so turning it back is exact.
    static func unescapedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), index + 4 < bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
                bytes[index + 2] == UInt8(ascii: "3"), bytes[index + 3] == UInt8(ascii: "8"),
                bytes[index + 4] == UInt8(ascii: ";")
            {
                result.append(UInt8(ascii: "&"))
                index += 5
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }


    /// The bytes without leading and trailing ASCII whitespace.
    var trimmed: XMLBytes {
        var lower = 0
        var upper = count
        while lower < upper, Self.isSpace(start[lower]) { lower += 1 }
        while upper > lower, Self.isSpace(start[upper - 1]) { upper -= 1 }
        return XMLBytes(start: start + lower, count: upper - lower)
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// A decimal integer (optional sign, surrounding spaces allowed); nil for anything else or
    /// on overflow. Used for line numbers, where `undefined` or `1.5` must not pass.
    var int: Int? {
        if let digits = plainDigits(upTo: 18) { return Int(digits) }
        let value = trimmed
        guard value.count > 0 else { return nil }
        var index = 0
        var negative = false
        if value.start[0] == UInt8(ascii: "-") || value.start[0] == UInt8(ascii: "+") {
            negative = value.start[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < value.count else { return nil }
        var result = 0
        while index < value.count {
            let digit = value.start[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return nil }
            result = sum
            index += 1
        }
        return negative ? -result : result
    }

    /// A hit count: an integer (saturating at `UInt64.max`), or a decimal / scientific number
    /// (`hits="1.0"` from some Cobertura writers, `1.8e+19`), rounded down.
    var count64: XMLCount {
        if let digits = plainDigits(upTo: 19) { return .value(digits) }
        let value = trimmed
        guard value.count > 0 else { return .invalid }
        var index = 0
        var negative = false
        if value.start[0] == UInt8(ascii: "-") || value.start[0] == UInt8(ascii: "+") {
            negative = value.start[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < value.count else { return .invalid }
        var result: UInt64 = 0
        var saturated = false
        var allDigits = true
        var scan = index
        while scan < value.count {
            let digit = value.start[scan] &- UInt8(ascii: "0")
            guard digit < 10 else {
                allDigits = false
                break
            }
            if !saturated {
                let (times, overflow1) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
                if overflow1 || overflow2 { saturated = true } else { result = sum }
            }
            scan += 1
        }
        if allDigits {
            if negative && (result > 0 || saturated) { return .negative }
            return .value(saturated ? .max : result)
        }
        // The rare non-integer path: let the C library parse the whole token.
        guard let number = value.double else { return .invalid }
        if number < 0 { return .negative }
        return .value(number >= 18_446_744_073_709_551_615.0 ? .max : UInt64(number))
    }

    /// The value when it is 1 to `limit` decimal digits and nothing else (what writers emit
    /// for line numbers and hits), where neither trimming, a sign nor overflow can arise;
    /// nil sends the caller to its full parser.
    @inline(__always)
    private func plainDigits(upTo limit: Int) -> UInt64? {
        guard count > 0, count <= limit else { return nil }
        var result: UInt64 = 0
        for index in 0..<count {
            let digit = start[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            result = result &* 10 &+ UInt64(digit)
        }
        return result
    }

    /// A floating-point number, or nil when the whole value is not one (`NaN` gives nil).
    var double: Double? {
        let value = trimmed
        guard value.count > 0, value.count < 64 else { return nil }
        var copy = [CChar](repeating: 0, count: value.count + 1)
        for index in 0..<value.count { copy[index] = CChar(bitPattern: value.start[index]) }
        return copy.withUnsafeBufferPointer { pointer -> Double? in
            guard let base = pointer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let number = strtod(base, &end)
            guard let end, end == UnsafeMutablePointer(mutating: base) + value.count, !number.isNaN else {
                return nil
            }
            return number
        }
    }
}

extension XMLBytes {
    /// Collected text (bytes from several `characters` events) as a trimmed String.
    static func trimmedString(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { buffer -> String in
            guard let base = buffer.baseAddress else { return "" }
            return XMLBytes(start: base, count: buffer.count).trimmed.string
        }
    }
}
