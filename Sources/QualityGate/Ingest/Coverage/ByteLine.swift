#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One line of a text report as raw bytes (no newline, no trailing CR or blanks), valid only
/// inside the callback that receives it.
///
/// Text coverage readers parse numbers straight from these bytes, so the hot path (one `DA:`
/// or block line after another) builds no `String`; only names that are kept (paths,
/// function names) become Strings.
struct ByteLine {
    let bytes: UnsafeBufferPointer<UInt8>
    /// 1-based line number in the (decompressed) file.
    let number: Int

    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.isEmpty }

    subscript(index: Int) -> UInt8 { bytes[index] }

    func hasPrefix(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard bytes.count >= length, let base = bytes.baseAddress else { return false }
        return memcmp(base, prefix.utf8Start, length) == 0
    }

    /// Index of the first `byte` in `range`, found with `memchr`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
    }

    /// Index of the last `byte` in `range`.
    func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var index = range.upperBound - 1
        while index >= range.lowerBound {
            if bytes[index] == byte { return index }
            index -= 1
        }
        return nil
    }

    /// The bytes of `range` decoded as UTF-8 (invalid sequences repaired).
    func string(_ range: Range<Int>) -> String {
        guard !range.isEmpty, let base = bytes.baseAddress else { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
    }

    var text: String { string(0..<bytes.count) }

    /// A short, printable excerpt for messages.
    var excerpt: String {
        let limit = 80
        let shown = string(0..<min(bytes.count, limit))
        return bytes.count > limit ? shown + "…" : shown
    }

    func contains(_ byte: UInt8) -> Bool {
        firstIndex(of: byte, in: 0..<bytes.count) != nil
    }

    // MARK: Numbers

    /// A non-negative decimal integer (a line number, a column); nil for anything else,
    /// including values beyond `Int32.max` (no real source file has that many lines).
    func lineNumber(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 10 else { return nil }
        var value = 0
        for index in range {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value <= Int(Int32.max) ? value : nil
    }

    /// The outcome of reading a hit count.
    enum Count: Equatable {
        case value(UInt64)
        case negative
        case invalid
    }

    /// A hit count: decimal digits (saturating at `UInt64.max`), or a decimal/scientific
    /// float such as `1.0` or `1.8e+19` (truncated, saturating). A minus sign gives `.negative`.
    func count(_ range: Range<Int>) -> Count {
        guard !range.isEmpty else { return .invalid }
        var start = range.lowerBound
        if bytes[start] == UInt8(ascii: "+") { start += 1 }
        guard start < range.upperBound else { return .invalid }
        var value: UInt64 = 0
        var saturated = false
        var allDigits = true
        for index in start..<range.upperBound {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else {
                allDigits = false
                break
            }
            if !saturated {
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
                if overflow1 || overflow2 { saturated = true } else { value = sum }
            }
        }
        if allDigits { return .value(saturated ? .max : value) }
        return floatCount(range)
    }

    private func floatCount(_ range: Range<Int>) -> Count {
        // Rare path: floats and signs. Only digits, sign, '.', 'e', 'E' are allowed, so strtod
        // never sees "inf", "nan" or hex.
        for index in range {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                UInt8(ascii: "+"), UInt8(ascii: "-"):
                continue
            default:
                return .invalid
            }
        }
        let text = string(range)
        var end: UnsafeMutablePointer<CChar>?
        let value = text.withCString { pointer -> Double? in
            let parsed = strtod(pointer, &end)
            guard let end, end.pointee == 0, end != UnsafeMutablePointer(mutating: pointer) else { return nil }
            return parsed
        }
        guard let value, value.isFinite else { return .invalid }
        if value < 0 { return value <= -1 ? .negative : .value(0) }
        if value >= 18_446_744_073_709_551_615.0 { return .value(.max) }
        return .value(UInt64(value))
    }
}
