/// One performance budget from `budgets/*.json`: what it covers, the statistic, which way is
/// better, and the warning and critical lines, already in canonical units.
///
/// The critical line is the budget proper (missing it violates the budget); the warning line
/// comes earlier (missing only it puts the budget at risk). A value beyond twice the critical
/// line (below half of it when higher is better) escalates to severity critical, the team
/// plan's "violated by more than 2× is critical".
public struct Budget: Sendable, Hashable {
    /// Which way is better.
    public enum Direction: String, Sendable, Hashable {
        case lowerIsBetter = "lower"
        case higherIsBetter = "higher"
    }

    /// What a budget covers.
    public enum Selector: Sendable, Hashable, CustomStringConvertible {
        /// Requests to a route (template or glob), of one method or (nil) any.
        case endpoint(method: String?, route: RouteTemplate)
        /// Resources (bundles, Lighthouse audits) whose name matches a glob.
        case resource(PathPattern)
        /// Named metrics whose name matches a glob (`cache.hit_rate`, `ws.*`).
        case metric(PathPattern)

        public var description: String {
            switch self {
            case .endpoint(let method, let route): method.map { "\($0) \(route)" } ?? route.description
            case .resource(let pattern): "resource \(pattern)"
            case .metric(let pattern): "metric \(pattern)"
            }
        }
    }

    /// Unique across all loaded budget files; written or derived (`GET /api/v1/app/tasks p95`).
    public var id: String
    public var selector: Selector
    public var statistic: BudgetStatistic
    public var direction: Direction
    public var warning: BudgetLimit?
    public var critical: BudgetLimit?
    /// The unit values and limits are shown in.
    public var unit: BudgetUnit?
    /// Severity of a violation (escalated to critical beyond 2×); `high` unless written.
    public var severity: Severity
    public var description: String?
    /// Where the budget is written.
    public var location: SpecLocation

    public init(
        id: String, selector: Selector, statistic: BudgetStatistic, direction: Direction, warning: BudgetLimit? = nil,
        critical: BudgetLimit?, unit: BudgetUnit? = nil, severity: Severity = .high, description: String? = nil,
        location: SpecLocation = SpecLocation(file: "", line: 0, column: 0)
    ) {
        self.id = id
        self.selector = selector
        self.statistic = statistic
        self.direction = direction
        self.warning = warning
        self.critical = critical
        self.unit = unit
        self.severity = severity
        self.description = description
        self.location = location
    }

    /// The line the value is judged against for ratio and headroom: critical, else warning.
    public var limit: BudgetLimit? { critical ?? warning }
}

/// A budget exemption with an owner's reason and a last day; after that day it no longer
/// exempts anything and is itself a failure, so waivers cannot quietly become permanent.
public struct BudgetWaiver: Sendable, Hashable {
    /// The `id` of the budget waived.
    public var budget: String
    public var reason: String
    /// `yyyy-MM-dd`, inclusive: the waiver holds through this day.
    public var expires: String
    public var ticket: String?
    public var location: SpecLocation

    public init(budget: String, reason: String, expires: String, ticket: String? = nil,
                location: SpecLocation = SpecLocation(file: "", line: 0, column: 0)) {
        self.budget = budget
        self.reason = reason
        self.expires = expires
        self.ticket = ticket
        self.location = location
    }
}

/// Every budget and waiver loaded from one or more budget files.
public struct BudgetSet: Sendable, Hashable {
    public var budgets: [Budget]
    public var waivers: [BudgetWaiver]
    /// The files read, in order.
    public var files: [String]

    public init(budgets: [Budget], waivers: [BudgetWaiver] = [], files: [String] = []) {
        self.budgets = budgets
        self.waivers = waivers
        self.files = files
    }
}
