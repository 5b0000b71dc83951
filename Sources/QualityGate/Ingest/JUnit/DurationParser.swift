import Foundation
/// Parses the `time` attribute forms found in real JUnit files, independent of locale.
///
/// Accepted: `1.5`, `1.7e-05`, `2,503.1` and `2,120.532` (thousands separators),
/// `0,5` (decimal comma), `0:00:00.693` and `00:00:00.0010000` (h:mm:ss). Anything else
/// (`""`, `<<computed>>`) is nil, and the caller says how many it could not read.
enum DurationParser {
    /// `digits[.digits]` with at most 15 significant digits, converted exactly as `strtod` would:
    /// both the integer mantissa and the power of ten are exact doubles, so one division is
    /// correctly rounded (Clinger's fast path). Nil for every other form.
    @inline(__always)
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0, count <= 24, let base = bytes.baseAddress else { return nil }
        var mantissa: UInt64 = 0
        var digits = 0
        var point = -1
        var index = 0
        while index < count {
            let byte = base[index]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { digits &+= 1 }
            } else if byte == UInt8(ascii: "."), point < 0 {
                point = index
            } else {
                return nil
            }
            index &+= 1
        }
        let fractionDigits = point < 0 ? 0 : count &- point &- 1
        guard digits <= 15, fractionDigits <= 22, point != 0, point != count - 1 else { return nil }
        return Double(mantissa) / powerOfTen(fractionDigits)
    }

    /// 10^exponent for 0...22, every one an exact double (a constant table, no lazy global).
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    static func seconds(_ raw: String) -> Double? {
        // Fast path: the plain decimal that almost every writer emits.
        if let value = Double(raw), value.isFinite, raw.utf8.first.map({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") || $0 == UInt8(ascii: "-") }) == true {
            return value
        }
        var text = raw.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        if text.hasSuffix("s"), !text.hasSuffix("ms") { text.removeLast() }
        if text.contains(":" as Character) { return clock(text) }
        if text.contains("," as Character) {
            if text.contains("." as Character) {
                text = text.filter { $0 != "," }
            } else if isThousandsGrouped(text) {
                text = text.filter { $0 != "," }
            } else {
                text = String(text.map { $0 == "," ? "." : $0 })
            }
        }
        guard text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    /// `1,234` and `12,345,678` are grouped thousands; `0,5` and `1,25` are decimal commas.
    private static func isThousandsGrouped(_ text: String) -> Bool {
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count), first != "0",
            first.allSatisfy(\.isNumber)
        else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isNumber) }
    }

    private static func clock(_ text: String) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let value = Double(part), value >= 0 else { return nil }
            total = total * 60 + value
        }
        return total
    }
}
