/// One budget evaluated: the value it stands on, the limit, how far from it, and the tier.
public struct BudgetResult: Sendable, Hashable {
    public var budget: Budget
    /// The final tier, waivers applied.
    public var tier: BudgetTier
    /// The tier the value alone gives (before any waiver).
    public var measuredTier: BudgetTier
    /// The combined value in canonical units (ms, bytes, fraction, per second); nil without data.
    public var value: Double?
    /// True when `value` only bounds the statistic: the worst of several percentiles (or of
    /// rates without sample counts), which cannot be combined exactly. The true combined p95
    /// of the route is at most this value (at least, when higher is better).
    public var isBound: Bool
    /// `value / limit` (1 = exactly at the limit); nil without data or with a zero limit.
    public var ratio: Double?
    /// The share of the limit still free: 0.25 = 25 % headroom, negative = by how much it is
    /// missed (-1.5 = 150 % over); nil without data or with a zero limit.
    public var headroom: Double?
    /// The budget's severity, raised to critical when escalated.
    public var severity: Severity
    /// How many observations the value stands on, and how many samples behind them (nil when
    /// a source did not say).
    public var observations: Int
    public var samples: Int?
    /// The distinct subjects measured (`GET /api/v1/app/tasks/123`, `main.3f2a.js`).
    public var subjects: [String]
    /// The subject whose value is reported when the value is the worst of several.
    public var worst: String?
    /// The waiver that applied (active or expired).
    public var waiver: BudgetWaiver?
    /// What a reader needs to know: why no data, what bounds the value, the waiver.
    public var message: String?

    /// The value in the budget's display unit (`212` for 0.212 s shown in ms).
    public var displayValue: Double? { value.map { budget.unit?.display($0) ?? $0 } }
    /// The limit (critical line, else warning line) in the budget's display unit.
    public var displayLimit: Double? { budget.limit.map { budget.unit?.display($0.value) ?? $0.value } }
}

/// A measured endpoint that no latency budget covers (Bencher's "no threshold found"):
/// either it needs a budget, or a catch-all default budget is missing.
public struct UncoveredEndpoint: Sendable, Hashable {
    /// `GET /api/v1/app/users/{id}` (templated when a templater was given).
    public var endpoint: String
    /// The statistics measured for it.
    public var statistics: [String]
    /// The largest sample count among its observations (nil when unknown).
    public var samples: Int?
}
