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
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 24 else { return nil }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
            if mantissa != 0 { digits += 1 }
            if seenPoint { fractionDigits += 1 }
        }
        guard digits <= 15, fractionDigits <= 22, bytes.first != UInt8(ascii: "."),
            bytes.last != UInt8(ascii: ".")
        else { return nil }
        return Double(mantissa) / powersOfTen[fractionDigits]
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
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
