/// Where a budget stands after evaluation.
public enum BudgetTier: String, Sendable, Hashable, Codable, CaseIterable {
    /// Within the warning line (or the critical line when there is no warning line).
    case ok
    /// Within the critical line but past the warning line: act before it fails.
    case atRisk = "at_risk"
    /// Past the critical line.
    case violated
    /// More than 2× past the critical line (below half of it when higher is better): severity critical.
    case escalated
    /// Missed, but a waiver that has not expired exempts it.
    case waived
    /// A waiver for this budget has expired: fails whatever the value, so that the waiver is
    /// either renewed on purpose or removed.
    case waiverExpired = "waiver_expired"
    /// No observation matched the budget (stale route, a statistic the source does not report).
    case noData = "no_data"

    /// Whether this tier fails the budget (the severity then says how badly).
    public var fails: Bool {
        self == .violated || self == .escalated || self == .waiverExpired
    }

    /// Table order: violations first, then at risk, no data, waived, ok.
    var group: Int {
        switch self {
        case .escalated, .violated, .waiverExpired: 0
        case .atRisk: 1
        case .noData: 2
        case .waived: 3
        case .ok: 4
        }
    }

    /// How the tier reads in a table.
    public var label: String {
        switch self {
        case .ok: "ok"
        case .atRisk: "at risk"
        case .violated: "violated"
        case .escalated: "violated ×2"
        case .waived: "waived"
        case .waiverExpired: "waiver expired"
        case .noData: "no data"
        }
    }
}
