/// A comparison a value must satisfy, written in the config as `"> 99"` or `"<= 0"`.
public struct Threshold: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Comparator: String, Sendable, Hashable, Codable, CaseIterable {
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
        case equal = "=="

        /// +1 when higher values are better, -1 when lower are, 0 for equality.
        var direction: Int {
            switch self {
            case .greater, .greaterOrEqual: 1
            case .less, .lessOrEqual: -1
            case .equal: 0
            }
        }
    }

    public var comparator: Comparator
    public var value: Double

    public init(_ comparator: Comparator, _ value: Double) {
        self.comparator = comparator
        self.value = value
    }

    /// Parses `"> 99"`, `">=80"`, `"== 0"`, `"≤ 300"`; nil with no comparator or number.
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingWhitespace())
        let spelled: [(String, Comparator)] = [
            (">=", .greaterOrEqual), ("<=", .lessOrEqual), ("==", .equal), ("≥", .greaterOrEqual),
            ("≤", .lessOrEqual), (">", .greater), ("<", .less), ("=", .equal),
        ]
        guard let match = spelled.first(where: { rest.hasPrefix($0.0) }) else { return nil }
        rest = rest.dropFirst(match.0.count)
        var number = String(rest).trimmingWhitespace()
        if number.hasSuffix("%") { number = String(number.dropLast()).trimmingWhitespace() }
        guard let value = Double(number), value.isFinite else { return nil }
        self.init(match.1, value)
    }

    /// Tolerance for values computed in floating point (a pass rate of exactly 99 % must meet `>= 99`).
    private var epsilon: Double { 1e-9 * max(1, abs(value)) }

    public func isMet(by candidate: Double) -> Bool {
        switch comparator {
        case .greater: candidate > value + epsilon
        case .greaterOrEqual: candidate >= value - epsilon
        case .less: candidate < value - epsilon
        case .lessOrEqual: candidate <= value + epsilon
        case .equal: abs(candidate - value) <= epsilon
        }
    }

    /// Compares the percent `covered / total × 100` exactly: `covered × 100` against
    /// `value × total`, with no rounding and no tolerance.
    public func isMet(covered: Double, total: Double) -> Bool {
        let lhs = covered * 100
        let rhs = value * total
        switch comparator {
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .equal: return lhs == rhs
        }
    }

    /// Headroom: positive when the value is on the good side, negative when it misses.
    public func margin(_ candidate: Double) -> Double {
        switch comparator.direction {
        case 1: candidate - value
        case -1: value - candidate
        default: -abs(candidate - value)
        }
    }

    public var description: String {
        "\(comparator.rawValue) \(NumberFormat.plain(value))"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Threshold(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a threshold: '\(text)'")
        }
        self = parsed
    }
}
