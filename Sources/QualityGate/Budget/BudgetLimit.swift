/// One tier line of a budget (`"< 300 ms"`, `"80 %"`, `250`), in canonical units.
///
/// Written as an optional comparison, a number and an optional unit. Without a comparison
/// the limit itself is allowed (`300 ms` means at most 300 ms when lower is better); `<`
/// and `>` exclude it, as in k6 thresholds (`p(95)<300`).
public struct BudgetLimit: Sendable, Hashable, CustomStringConvertible {
    /// The limit in canonical units (ms, bytes, fraction, per second).
    public var value: Double
    /// Whether a value exactly at the limit meets it.
    public var inclusive: Bool
    /// The direction the written comparison implies, if one was written.
    public var stated: Budget.Direction?
    /// The unit the limit was written in (nil for a bare number).
    public var unit: BudgetUnit?
    /// The text as written, for messages.
    public var written: String

    public init(value: Double, inclusive: Bool = true, stated: Budget.Direction? = nil, unit: BudgetUnit? = nil, written: String) {
        self.value = value
        self.inclusive = inclusive
        self.stated = stated
        self.unit = unit
        self.written = written
    }

    /// Why a limit text could not be read.
    enum ParseFailure: Error, Equatable {
        case noNumber
        case unknownUnit(String)
    }

    /// Splits `"<= 0.1 %"` into comparison, number and unit (not yet converted).
    static func parse(_ text: String) throws(ParseFailure) -> (stated: Budget.Direction?, inclusive: Bool, number: Double, unit: BudgetUnit?) {
        var rest = Substring(text.trimmingWhitespace())
        let comparisons: [(String, Budget.Direction, Bool)] = [
            ("<=", .lowerIsBetter, true), (">=", .higherIsBetter, true), ("≤", .lowerIsBetter, true),
            ("≥", .higherIsBetter, true), ("<", .lowerIsBetter, false), (">", .higherIsBetter, false),
        ]
        var stated: Budget.Direction?
        var inclusive = true
        if let match = comparisons.first(where: { rest.hasPrefix($0.0) }) {
            rest = rest.dropFirst(match.0.count)
            stated = match.1
            inclusive = match.2
            rest = rest.drop(while: \.isWhitespace)
        }
        var end = rest.startIndex
        var seenExponent = false
        while end < rest.endIndex {
            let character = rest[end]
            if character.isASCII, character.isNumber || character == "." {
                end = rest.index(after: end)
            } else if (character == "-" || character == "+"), end == rest.startIndex {
                end = rest.index(after: end)
            } else if (character == "e" || character == "E"), !seenExponent, end > rest.startIndex,
                rest.index(after: end) < rest.endIndex,
                rest[rest.index(after: end)].isNumber || "+-".contains(rest[rest.index(after: end)])
            {
                seenExponent = true
                end = rest.index(after: end)
                if "+-".contains(rest[end]) { end = rest.index(after: end) }
            } else {
                break
            }
        }
        guard let number = Double(rest[..<end]), number.isFinite else { throw .noNumber }
        let unitText = String(rest[end...]).trimmingWhitespace()
        if unitText.isEmpty { return (stated, inclusive, number, nil) }
        guard let unit = BudgetUnit(unitText) else { throw .unknownUnit(unitText) }
        return (stated, inclusive, number, unit)
    }

    /// Whether `candidate` (canonical units) meets this line when `direction` is better.
    public func isMet(by candidate: Double, direction: Budget.Direction) -> Bool {
        let epsilon = 1e-9 * max(1, abs(value))
        switch (direction, inclusive) {
        case (.lowerIsBetter, true): return candidate <= value + epsilon
        case (.lowerIsBetter, false): return candidate < value - epsilon
        case (.higherIsBetter, true): return candidate >= value - epsilon
        case (.higherIsBetter, false): return candidate > value + epsilon
        }
    }

    public var description: String { written }
}
