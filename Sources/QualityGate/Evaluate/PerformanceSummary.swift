/// The performance budgets of a verdict, for scripts: every budget with its value, limit,
/// ratio and tier (worst first, as in the markdown table), and the measured endpoints that no
/// latency budget covers.
public struct PerformanceSummary: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var id: String
        /// `GET /api/v1/app/tasks p95`.
        public var name: String
        public var statistic: String
        /// `ok`, `at_risk`, `violated`, `escalated`, `waived`, `waiver_expired`, `no_data`.
        public var tier: String
        public var severity: Severity
        /// In the budget's unit; nil without data.
        public var value: Double?
        /// True when `value` only bounds the statistic (the worst of several per-URL percentiles).
        public var bound: Bool
        public var limit: String?
        public var unit: String?
        /// value / limit.
        public var ratio: Double?
        /// Share of the limit still free (negative: by how much it is exceeded), in percent.
        public var headroomPercent: Double?
        public var samples: Int?
        public var subjects: [String]
        public var message: String?
        public var waiverExpires: String?
        public var waiverReason: String?
    }

    public struct Uncovered: Sendable, Hashable, Codable {
        public var endpoint: String
        public var statistics: [String]
        public var samples: Int?
    }

    public var budgets: [Row]
    public var uncoveredEndpoints: [Uncovered]
    /// Budgets per tier (`violated: 2`).
    public var tiers: [String: Int]

    public init(_ evaluation: BudgetEvaluation) {
        budgets = evaluation.table.map { result in
            Row(
                id: result.budget.id, name: BudgetFormat.name(result.budget), statistic: result.budget.statistic.name,
                tier: result.tier.rawValue, severity: result.severity, value: result.displayValue, bound: result.isBound,
                limit: result.budget.critical?.written ?? result.budget.warning?.written, unit: result.budget.unit?.symbol,
                ratio: result.ratio, headroomPercent: result.headroom.map { $0 * 100 }, samples: result.samples,
                subjects: Array(result.subjects.prefix(20)), message: result.message, waiverExpires: result.waiver?.expires,
                waiverReason: result.waiver?.reason)
        }
        uncoveredEndpoints = evaluation.uncovered.map {
            Uncovered(endpoint: $0.endpoint, statistics: $0.statistics, samples: $0.samples)
        }
        var tiers: [String: Int] = [:]
        for result in evaluation.results { tiers[result.tier.rawValue, default: 0] += 1 }
        self.tiers = tiers
    }
}
