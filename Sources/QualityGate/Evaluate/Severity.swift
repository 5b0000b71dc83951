/// How much a KPI matters; `fail_on` names the lowest severity that blocks a merge.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
