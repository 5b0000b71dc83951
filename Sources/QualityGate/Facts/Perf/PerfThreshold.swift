/// A pass/fail threshold the load tool evaluated itself (k6 `thresholds`), kept as the tool said.
public struct PerfThreshold: Sendable, Hashable, Codable {
    /// The metric it applies to, e.g. `http_req_duration{name:GET /x}`.
    public var metric: String
    /// The tool's expression, e.g. `p(95)<500`.
    public var expression: String
    public var passed: Bool

    public init(metric: String, expression: String, passed: Bool) {
        self.metric = metric
        self.expression = expression
        self.passed = passed
    }
}
