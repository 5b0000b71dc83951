/// One value a budget can be held to, flattened from a `PerfResult` (the seam to budgets).
///
/// Mirrors `BudgetObservation` of the budgets branch field for field, so the adapter at merge
/// time is a plain map: kind/method/name → subject, statistic, canonical value, samples, source.
public struct PerfBudgetInput: Sendable, Hashable, Codable {
    public var kind: PerfSeriesKind
    public var method: String?
    public var name: String
    public var statistic: String
    /// Canonical unit (ms, bytes, fraction, per second).
    public var value: Double
    /// Samples behind the value (the series' count), nil when unknown.
    public var samples: Int?
    public var source: String
}
