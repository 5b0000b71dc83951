/// Why a KPI formula could not be parsed or evaluated.
///
/// Every case carries enough to print one line a user can act on (a column, the missing
/// series, the divisor's text), so that a gate failure points at the formula, not at qgate.
public enum ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a valid formula. `column` is 1-based and counts `Character`s, so it
    /// matches what an editor shows; it is 0 only for a malformed tree built in code.
    case syntax(message: String, column: Int)
    /// The formula reads a series that the run did not produce.
    case missingMetric(MetricSelector)
    /// A division's divisor evaluated to zero; carries the divisor's canonical text.
    case divisionByZero(divisor: String)
    /// A value was NaN or infinite; carries the canonical text of the smallest
    /// subexpression (or metric) that produced it, so the culprit is named.
    case notFinite(String)
    /// The formula reads `baseline(...)` but this run has no baseline run.
    case noBaseline
    /// The baseline run did not have this series (it was added since).
    case missingBaselineMetric(MetricSelector)

    public var description: String {
        switch self {
        case let .syntax(message, column):
            return column > 0 ? "column \(column): \(message)" : message
        case let .missingMetric(selector):
            return "missing metric '\(selector)': no input produced this series"
        case let .divisionByZero(divisor):
            return "division by zero: '\(divisor)' is 0"
        case let .notFinite(text):
            return "'\(text)' is not a finite number"
        case .noBaseline:
            return "no baseline run"
        case let .missingBaselineMetric(selector):
            return "the baseline run has no series '\(selector)'"
        }
    }
}
