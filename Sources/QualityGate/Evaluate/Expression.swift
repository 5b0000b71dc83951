/// A parsed KPI formula such as `(tests.failed + tests.errors) / tests.total * 100`.
///
/// Formulas come from user configuration, so they are parsed into this small tree and
/// interpreted, never handed to an `eval`: the only things a formula can do are arithmetic,
/// `min`/`max`/`abs`, and reading metrics through the lookup the caller supplies.
public indirect enum Expression: Sendable, Hashable {
    /// A literal; always finite when it comes from the parser.
    case number(Double)
    /// One metric series, read through the caller's lookup at evaluation time.
    case metric(MetricSelector)
    /// Unary minus (unary plus is dropped by the parser because it changes nothing).
    case negate(Expression)
    /// A left-associative arithmetic operation.
    case binary(BinaryOperator, Expression, Expression)
    /// A built-in function applied to its arguments.
    case call(Function, [Expression])

    /// The four arithmetic operators; the raw value is the canonical (ASCII) spelling,
    /// so that `×`, `÷` and `−` in the source render back as `*`, `/` and `-`.
    public enum BinaryOperator: String, Sendable, Hashable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    /// The only functions a formula may call; a closed list keeps formulas side-effect free.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case min, max, abs
        /// `baseline(metric)`: the metric's value in the baseline run (the recorded run this
        /// one is compared with), so that a KPI can be a delta such as
        /// `coverage.lines.percent - baseline(coverage.lines.percent)`. Its one argument must
        /// be a metric selector.
        case baseline
    }

    /// Parses `text`; throws `ExpressionError.syntax` with a 1-based column.
    ///
    /// Nesting (parentheses, calls, unary signs) is capped at 64 levels and operator chains
    /// at 256, so a hostile or mistaken formula fails with an error instead of exhausting
    /// the stack here or in the recursive evaluation, rendering and hashing that follow.
    public init(parsing text: String) throws(ExpressionError) {
        var parser = ExpressionParser(text)
        self = try parser.parse()
    }

    /// Every metric the expression reads, in order of first appearance, without duplicates.
    ///
    /// Lets a caller check up front that all inputs exist (and report them all at once)
    /// instead of discovering them one evaluation error at a time.
    public var metricReferences: [MetricSelector] {
        var seen: Set<MetricSelector> = []
        var ordered: [MetricSelector] = []
        collectReferences(into: &ordered, seen: &seen)
        return ordered
    }

    /// Whether the formula reads the baseline run (`baseline(...)`): such a KPI is a delta,
    /// judged only when a baseline run exists.
    public var readsBaseline: Bool {
        switch self {
        case .number, .metric: false
        case let .negate(operand): operand.readsBaseline
        case let .binary(_, lhs, rhs): lhs.readsBaseline || rhs.readsBaseline
        case let .call(function, arguments): function == .baseline || arguments.contains(where: \.readsBaseline)
        }
    }

    private func collectReferences(into ordered: inout [MetricSelector], seen: inout Set<MetricSelector>) {
        switch self {
        case .number:
            break
        case let .metric(selector):
            if seen.insert(selector).inserted { ordered.append(selector) }
        case let .negate(operand):
            operand.collectReferences(into: &ordered, seen: &seen)
        case let .binary(_, lhs, rhs):
            lhs.collectReferences(into: &ordered, seen: &seen)
            rhs.collectReferences(into: &ordered, seen: &seen)
        case let .call(_, arguments):
            for argument in arguments { argument.collectReferences(into: &ordered, seen: &seen) }
        }
    }

    /// Evaluates with `lookup` supplying metric values (nil = missing).
    ///
    /// Every intermediate value must be finite: a NaN or infinity (from a metric or an
    /// overflow) throws `notFinite` naming the subexpression, because a gate that compares
    /// NaN against a threshold would pass or fail silently. Division by zero throws rather
    /// than yielding infinity, naming the divisor so the user knows which input was empty.
    ///
    /// `baseline` supplies values for `baseline(...)`; nil means there is no baseline run
    /// (`noBaseline` is thrown, which the evaluator reports as NEUTRAL, not as a failure).
    public func evaluate(
        _ lookup: (MetricSelector) -> Double?, baseline: ((MetricSelector) -> Double?)? = nil
    ) throws(ExpressionError) -> Double {
        let value: Double
        switch self {
        case let .call(.baseline, arguments):
            guard arguments.count == 1, case let .metric(selector) = arguments[0] else {
                throw .syntax(message: "baseline() takes exactly one metric, e.g. baseline(tests.total)", column: 0)
            }
            guard let baseline else { throw .noBaseline }
            guard let found = baseline(selector) else { throw .missingBaselineMetric(selector) }
            value = found
        case let .number(literal):
            value = literal
        case let .metric(selector):
            guard let found = lookup(selector) else { throw .missingMetric(selector) }
            value = found
        case let .negate(operand):
            value = -(try operand.evaluate(lookup, baseline: baseline))
        case let .binary(op, lhs, rhs):
            let left = try lhs.evaluate(lookup, baseline: baseline)
            let right = try rhs.evaluate(lookup, baseline: baseline)
            switch op {
            case .add: value = left + right
            case .subtract: value = left - right
            case .multiply: value = left * right
            case .divide:
                guard right != 0 else { throw .divisionByZero(divisor: rhs.description) }
                value = left / right
            }
        case let .call(function, arguments):
            var values: [Double] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument.evaluate(lookup, baseline: baseline)) }
            switch function {
            case .baseline:
                preconditionFailure("handled above")
            case .abs:
                guard values.count == 1, let only = values.first else {
                    throw .syntax(message: "abs() takes exactly one argument, got \(values.count)", column: 0)
                }
                value = Swift.abs(only)
            case .min, .max:
                guard let first = values.first else {
                    throw .syntax(message: "\(function.rawValue)() needs at least one argument", column: 0)
                }
                // Values are finite here (checked per node), so plain comparison is exact.
                value = values.dropFirst().reduce(first) { function == .min ? Swift.min($0, $1) : Swift.max($0, $1) }
            }
        }
        guard value.isFinite else { throw .notFinite(description) }
        return value
    }
}

extension Expression: CustomStringConvertible {
    /// Canonical text form, e.g. `(tests.failed + tests.errors) / tests.total * 100`.
    ///
    /// Minimal parentheses, ASCII operators, labels sorted by key: two spellings of the same
    /// formula render identically, so reports and history stay stable, and parsing the
    /// description yields an equal expression.
    public var description: String {
        switch self {
        case let .number(value):
            return Self.render(value)
        case let .metric(selector):
            return selector.description
        case let .negate(operand):
            let inner = operand.description
            return operand.precedence < Self.unaryPrecedence ? "-(\(inner))" : "-\(inner)"
        case let .binary(op, lhs, rhs):
            let mine = op.precedence
            var left = lhs.description
            var right = rhs.description
            if lhs.precedence < mine { left = "(\(left))" }
            // Same precedence on the right keeps its parentheses: `a - (b - c)` differs
            // from `a - b - c`, and keeping them for `+` too makes the round-trip exact.
            if rhs.precedence <= mine { right = "(\(right))" }
            return "\(left) \(op.rawValue) \(right)"
        case let .call(function, arguments):
            return "\(function.rawValue)(\(arguments.map(\.description).joined(separator: ", ")))"
        }
    }

    static let unaryPrecedence = 3

    /// Binding strength used to decide where the canonical form needs parentheses.
    private var precedence: Int {
        switch self {
        case let .binary(op, _, _): return op.precedence
        case .negate: return Self.unaryPrecedence
        case .number, .metric, .call: return Self.unaryPrecedence + 1
        }
    }

    /// Integral values print without a fraction (`100`, not `100.0`); others use Swift's
    /// shortest round-tripping form, whose exponent syntax (`1e-07`) the parser accepts.
    private static func render(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }
}

extension Expression.BinaryOperator {
    /// `*` and `/` bind tighter than `+` and `-`.
    var precedence: Int {
        switch self {
        case .add, .subtract: return 1
        case .multiply, .divide: return 2
        }
    }
}
