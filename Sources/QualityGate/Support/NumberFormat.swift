import Foundation

/// Locale-independent number formatting, so that outputs are identical on every runner.
public enum NumberFormat {
    /// Shortest form without trailing zeros: `99`, `99.5`, `0.125`.
    public static func plain(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return trimmed(fixedBytes(value, digits: 6), keepNegativeZero: true)
    }

    /// At most `digits` decimals, trailing zeros dropped: `99.38`, `100`.
    public static func rounded(_ value: Double, digits: Int = 2) -> String {
        if value.isNaN || value.isInfinite { return plain(value) }
        return trimmed(fixedBytes(value, digits: digits), keepNegativeZero: false)
    }

    /// Drops trailing zeros after a point, then the point; `-0` becomes `0` unless kept.
    static func trimmed(_ bytes: [UInt8], keepNegativeZero: Bool) -> String {
        var end = bytes.count
        if bytes.contains(UInt8(ascii: ".")) {
            while end > 0 && bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
            if end > 0 && bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        }
        if !keepNegativeZero && end == 2 && bytes[0] == UInt8(ascii: "-") && bytes[1] == UInt8(ascii: "0") { return "0" }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// What `String(format: "%.<digits>f", locale: en_US_POSIX, value)` writes — the shortest
    /// decimal that reads back as `value`, rounded half to even at `digits` decimals, never in
    /// exponent form — computed from `value.description` directly: the Foundation call costs
    /// about 60 µs on Linux, and a review charts tens of thousands of points.
    static func fixed(_ value: Double, digits: Int) -> String {
        String(decoding: fixedBytes(value, digits: digits), as: UTF8.self)
    }

    static func fixedBytes(_ value: Double, digits: Int) -> [UInt8] {
        guard value.isFinite else { return Array(String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value).utf8) }
        let digits = max(0, digits)
        // Shortest round-trip digits and the position of the decimal point among them.
        var numerals: [UInt8] = []
        numerals.reserveCapacity(24)
        var point = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in "\(value.magnitude)".utf8 {
            switch byte {
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"): inExponent = true
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "+"): break
            default:
                if inExponent {
                    exponent = exponent * 10 + Int(byte - 48)
                } else {
                    numerals.append(byte - 48)
                    if !seenPoint { point += 1 }
                }
            }
        }
        point += exponentSign * exponent
        // Digits kept: everything before the point and `digits` after it.
        let keep = point + digits
        var kept: [UInt8]
        if keep < 0 {
            kept = []
        } else if keep >= numerals.count {
            kept = numerals + [UInt8](repeating: 0, count: keep - numerals.count)
        } else {
            kept = Array(numerals[..<keep])
            let next = numerals[keep]
            let rest = numerals[(keep + 1)...].contains { $0 != 0 }
            let odd = kept.last.map { $0 % 2 == 1 } ?? false
            if next > 5 || (next == 5 && (rest || odd)) {
                var index = kept.count - 1
                while index >= 0 && kept[index] == 9 {
                    kept[index] = 0
                    index -= 1
                }
                if index >= 0 { kept[index] += 1 } else { kept.insert(1, at: 0) }
            }
        }
        // `kept` is round(value × 10^digits): its last `digits` digits are the fraction.
        var integer = kept.prefix(max(0, kept.count - digits))
        if integer.isEmpty { integer = [0] }
        var fraction = Array(kept.suffix(min(digits, kept.count)))
        if fraction.count < digits { fraction = [UInt8](repeating: 0, count: digits - fraction.count) + fraction }
        var output: [UInt8] = value.sign == .minus ? [UInt8(ascii: "-")] : []
        output.reserveCapacity(integer.count + digits + 2)
        for numeral in integer { output.append(numeral + 48) }
        if digits > 0 {
            output.append(UInt8(ascii: "."))
            for numeral in fraction { output.append(numeral + 48) }
        }
        return output
    }

    /// A percentage truncated (not rounded) to two decimals: 79.996 % shows as `79.99 %`, never
    /// as an `80 %` that a target of 80 would then contradict.
    public static func percent(_ value: Double) -> String {
        guard value.isFinite else { return plain(value) }
        return rounded((value * 100).rounded(.down) / 100, digits: 2) + " %"
    }

    /// Seconds as a human duration: `850 ms`, `12.4 s`, `3m 05s`, `1h 02m`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\(rounded(seconds, digits: 1)) s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%dm %02ds", total / 60, total % 60) }
        return String(format: "%dh %02dm", total / 3600, (total % 3600) / 60)
    }
}
