/// A rule over metrics: the unit in which a team writes down what "good enough" means.
///
/// `target` is the pass line. `warning` is an early-warning line on the good side of it (met
/// the target but not the warning line: AT_RISK). `critical` is a line on the bad side:
/// missing it escalates the result's severity to critical, whatever the KPI's own severity.
public struct KPI: Sendable, Hashable {
    /// Stable identifier for outputs, history and PR-comment diffs.
    public var id: String
    /// Human name for tables.
    public var name: String
    /// What is measured: a metric selector or a formula over metrics.
    public var expression: Expression
    public var target: Threshold
    public var warning: Threshold?
    public var critical: Threshold?
    public var severity: Severity
    /// Display unit such as `%` or `s`.
    public var unit: String?
    public var description: String?
    /// Where the KPI is written in the config, for messages.
    public var line: Int?

    public init(
        id: String, name: String? = nil, expression: Expression, target: Threshold, warning: Threshold? = nil,
        critical: Threshold? = nil, severity: Severity = .high, unit: String? = nil, description: String? = nil,
        line: Int? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.expression = expression
        self.target = target
        self.warning = warning
        self.critical = critical
        self.severity = severity
        self.unit = unit
        self.description = description
        self.line = line
    }
}
