/// A JSON/YAML number compared exactly, digit by digit.
///
/// Real specs write int64 bounds as `9223372036854776000` and `-9.223372036854776E18`; through
/// `Double` two different bounds can compare equal and a changed `maximum` would go unseen
/// (research/openapi.md §5.23). Kept as sign, significant digits and a decimal exponent.
public struct ExactNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// True for values below zero (zero is never negative).
    public let negative: Bool
    /// Significant digits without leading or trailing zeros; empty for zero.
    public let digits: [UInt8]
    /// The value is `0.d1d2d3… × 10^exponent`.
    public let exponent: Int

    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        else if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var sawDigit = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 48, byte <= 57 {
                mantissa.append(byte - 48)
                sawDigit = true
            } else if byte == UInt8(ascii: "."), pointPosition == nil {
                pointPosition = mantissa.count
            } else if byte == UInt8(ascii: "_") {
                // YAML 1.1 digit separators
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        var exponent10 = 0
        if index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            guard let value = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)),
                abs(value) < 1_000_000
            else { return nil }
            exponent10 = value
        }
        let integerDigits = pointPosition ?? mantissa.count
        // Strip leading zeros.
        var start = 0
        while start < mantissa.count, mantissa[start] == 0 { start += 1 }
        var end = mantissa.count
        while end > start, mantissa[end - 1] == 0 { end -= 1 }
        if start == end {
            self.negative = false
            self.digits = []
            self.exponent = 0
            return
        }
        self.negative = negative
        self.digits = Array(mantissa[start..<end])
        self.exponent = integerDigits - start + exponent10
    }

    public init(_ value: Int) {
        self.init(String(value))!
    }

    public var isZero: Bool { digits.isEmpty }

    /// A canonical spelling (`1.5e3` and `1500` give the same text).
    public var canonical: String {
        if digits.isEmpty { return "0" }
        let body = digits.map { String($0) }.joined()
        return (negative ? "-" : "") + "0." + body + "e" + String(exponent)
    }

    public var doubleValue: Double {
        Double(canonical.replacingOccurrences(of: "0.", with: "0.")) ?? 0
    }

    public var description: String {
        if digits.isEmpty { return "0" }
        let body = digits.map { String($0) }.joined()
        let sign = negative ? "-" : ""
        if exponent >= digits.count, exponent <= 21 {
            return sign + body + String(repeating: "0", count: exponent - digits.count)
        }
        if exponent > 0, exponent < digits.count {
            let split = body.index(body.startIndex, offsetBy: exponent)
            return sign + body[..<split] + "." + body[split...]
        }
        if exponent <= 0, exponent > -7 {
            return sign + "0." + String(repeating: "0", count: -exponent) + body
        }
        return sign + "0." + body + "e" + String(exponent)
    }

    public static func < (lhs: ExactNumber, rhs: ExactNumber) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitudeLess = Self.magnitudeLess(lhs, rhs)
        let magnitudeGreater = Self.magnitudeLess(rhs, lhs)
        return lhs.negative ? magnitudeGreater : magnitudeLess
    }

    private static func magnitudeLess(_ lhs: ExactNumber, _ rhs: ExactNumber) -> Bool {
        if lhs.digits.isEmpty { return !rhs.digits.isEmpty }
        if rhs.digits.isEmpty { return false }
        if lhs.exponent != rhs.exponent { return lhs.exponent < rhs.exponent }
        for (a, b) in zip(lhs.digits, rhs.digits) where a != b { return a < b }
        return lhs.digits.count < rhs.digits.count
    }
}
