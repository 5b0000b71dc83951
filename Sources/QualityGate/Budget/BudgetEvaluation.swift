import Foundation

/// Performance budgets held to measured observations: one `BudgetResult` per budget, the
/// budgets that matched nothing, and the measured endpoints no budget covers.
///
/// How it is meant to be called (the `qgate check` wiring does this once per run):
/// ```swift
/// let budgets = try BudgetLoader().load(directory: "budgets")          // BudgetError → exit 2
/// let observations = perfResults.flatMap { $0.observations() }         // from the perf readers
/// let templater = spec.map { RouteTemplater(spec: $0) }                // optional: OpenAPI templates
/// let evaluation = BudgetEvaluation(observations: observations, budgets: budgets,
///                                   today: "2026-11-22", templater: templater)
/// evaluation.table            // rows sorted for the report (violations first, then at risk)
/// evaluation.failed           // any budget violated, escalated or with an expired waiver
/// MarkdownRenderer().budgetSection(evaluation), TextRenderer().budgetLines(evaluation)
/// ```
/// As KPI results: a failing tier (`tier.fails`) is OFF_TRACK with `severity` (critical when
/// escalated), `atRisk` is AT_RISK, `noData` follows the missing-data policy, `waived` and
/// `ok` are ON_TRACK; the budget's critical line is the target, its warning line the warning.
///
/// Matching: an endpoint observation is held to the most specific endpoint budget of the same
/// statistic whose route and method fit (so a `**` budget is the default for everything no
/// specific budget names); a resource or metric observation to every budget whose name glob
/// fits. Combining several observations for one budget (several concrete URLs of one route,
/// several endpoints under a glob, several runs): counts add up; rates and means are weighted
/// by sample count when every count is known; `max`/`min` take the extreme; sizes and
/// throughput add up across subjects. Percentiles are never averaged: the worst one is taken
/// and marked as a bound (`isBound`), because the combined p95 of the route lies at or below
/// the worst per-URL p95 but cannot be computed from percentiles (the readers compute true
/// route percentiles from raw samples where they exist, and then hand in one observation).
public struct BudgetEvaluation: Sendable, Hashable {
    /// The day waivers were judged on (`yyyy-MM-dd`).
    public let today: String
    /// One result per budget, in the order the budgets were loaded.
    public let results: [BudgetResult]
    /// Measured endpoints without a latency budget, in name order.
    public let uncovered: [UncoveredEndpoint]
    /// Expired waivers, as messages for the verdict's problem list.
    public let problems: [Diagnostic]

    /// `today`: the calendar day (`yyyy-MM-dd`) waivers are judged on, passed in so that a
    /// verdict is reproducible. `templater`: maps concrete URLs to route templates first
    /// (e.g. the configured OpenAPI spec's paths); without it, concrete URLs meet budget
    /// routes directly (`/tasks/123/move` still falls under `/tasks/{id}/move`).
    public init(observations: [BudgetObservation], budgets: BudgetSet, today: String, templater: RouteTemplater? = nil) {
        let day = SunsetDate(today) ?? SunsetDate(DiffOptions.isoDate(Date()))!
        self.today = day.description
        // A reader never hands in NaN or infinity; if one slipped through it must not poison a max.
        let normalized = observations.filter { $0.value.isFinite }.map { Normalized($0, templater: templater) }

        // Who claims what.
        var claimed = [[Int]](repeating: [], count: budgets.budgets.count)
        for (index, observation) in normalized.enumerated() {
            if case .endpoint = observation.observation.subject {
                var best: Int?
                for (candidate, budget) in budgets.budgets.enumerated()
                where budget.statistic.name == observation.statistic && Self.fits(budget.selector, observation) {
                    if let current = best, !Self.isMoreSpecific(budget.selector, than: budgets.budgets[current].selector) { continue }
                    best = candidate
                }
                if let best { claimed[best].append(index) }
            } else {
                for (candidate, budget) in budgets.budgets.enumerated()
                where budget.statistic.name == observation.statistic && Self.fits(budget.selector, observation) {
                    claimed[candidate].append(index)
                }
            }
        }

        var results: [BudgetResult] = []
        var problems: [Diagnostic] = []
        for (index, budget) in budgets.budgets.enumerated() {
            var result = Self.evaluate(budget, claimed[index].map { normalized[$0] })
            if result.value == nil {
                result.message = Self.whyNoData(budget, normalized)
            }
            let waivers = budgets.waivers.filter { $0.budget == budget.id }
            if let waiver = waivers.max(by: { $0.expires < $1.expires }), let expires = SunsetDate(waiver.expires) {
                result.waiver = waiver
                if expires < day {
                    result.tier = .waiverExpired
                    let note = "the waiver expired on \(waiver.expires) (\(waiver.reason)); renew it or remove it"
                    result.message = [result.message, note].compactMap { $0 }.joined(separator: "; ")
                    problems.append(Diagnostic(.error, code: "budget.waiver-expired",
                        "budget '\(budget.id)': waiver expired on \(waiver.expires) (\(waiver.reason))",
                        file: waiver.location.file.isEmpty ? nil : waiver.location.file,
                        line: waiver.location.line > 0 ? Int(waiver.location.line) : nil,
                        column: waiver.location.line > 0 ? Int(waiver.location.column) : nil))
                } else if [.violated, .escalated, .atRisk].contains(result.measuredTier) {
                    result.tier = .waived
                    let note = "waived until \(waiver.expires): \(waiver.reason)"
                    result.message = [result.message, note].compactMap { $0 }.joined(separator: "; ")
                }
            }
            results.append(result)
        }
        self.results = results
        self.problems = problems
        self.uncovered = Self.uncovered(normalized, budgets.budgets)
    }

    /// The rows in report order: violations first (escalated, violated, expired waivers),
    /// then at risk, no data, waived, ok; within each, least headroom first.
    public var table: [BudgetResult] {
        results.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if a.tier.group != b.tier.group { return a.tier.group < b.tier.group }
            switch (a.headroom, b.headroom) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// Budgets that matched no observation.
    public var unmatched: [BudgetResult] { results.filter { $0.measuredTier == .noData } }

    /// Whether any budget fails (violated, escalated, or an expired waiver).
    public var failed: Bool { results.contains { $0.tier.fails } }

    /// Counts per final tier.
    public func count(_ tier: BudgetTier) -> Int { results.filter { $0.tier == tier }.count }

    // MARK: Matching

    /// An observation with its subject made comparable: method split off and upper-cased,
    /// path stripped of scheme, host and query, templated when a templater is given.
    struct Normalized: Sendable {
        let observation: BudgetObservation
        let statistic: String
        let method: String?
        /// Path for endpoints, name for resources and metrics.
        let name: String
        /// How the subject is shown and grouped: `GET /api/v1/app/tasks/{id}`, `main.js`.
        let key: String

        init(_ observation: BudgetObservation, templater: RouteTemplater?) {
            self.observation = observation
            statistic = BudgetStatistic(observation.statistic)?.name ?? observation.statistic
            switch observation.subject {
            case .endpoint(let method, let path):
                var method = method?.uppercased()
                var target = path.trimmingWhitespace()
                if method == nil, let space = target.firstIndex(of: " "),
                    target[..<space].allSatisfy({ $0.isASCII && $0.isUppercase })
                {
                    method = String(target[..<space])
                    target = String(target[space...]).trimmingWhitespace()
                }
                var route = OperationMatcher.path(of: target)
                if route.isEmpty || !route.hasPrefix("/") { route = "/" + route }
                if let template = templater?.template(method: method, target: target) { route = template }
                self.method = method
                self.name = route
                self.key = method.map { "\($0) \(route)" } ?? route
            case .resource(let name), .metric(let name):
                self.method = nil
                self.name = name
                self.key = name
            }
        }
    }

    static func fits(_ selector: Budget.Selector, _ observation: Normalized) -> Bool {
        switch (selector, observation.observation.subject) {
        case (.endpoint(let method, let route), .endpoint):
            if let method, let measured = observation.method, method != measured, !(method == "GET" && measured == "HEAD") {
                return false
            }
            return route.matches(observation.name)
        case (.resource(let pattern), .resource(let name)):
            return pattern.matches(name)
                || (!pattern.description.contains("/") && pattern.matches(String(name.split(separator: "/").last ?? "")))
        case (.metric(let pattern), .metric(let name)):
            return pattern.matches(name)
        default:
            return false
        }
    }

    /// Route specificity first; on equal routes a budget naming the method beats one that does not.
    static func isMoreSpecific(_ selector: Budget.Selector, than other: Budget.Selector) -> Bool {
        guard case .endpoint(let method, let route) = selector, case .endpoint(let otherMethod, let otherRoute) = other else {
            return false
        }
        if route.isMoreSpecific(than: otherRoute) { return true }
        if otherRoute.isMoreSpecific(than: route) { return false }
        return method != nil && otherMethod == nil
    }

    // MARK: Evaluating

    static func evaluate(_ budget: Budget, _ observations: [Normalized]) -> BudgetResult {
        var result = BudgetResult(
            budget: budget, tier: .noData, measuredTier: .noData, value: nil, isBound: false, ratio: nil, headroom: nil,
            severity: budget.severity, observations: observations.count, samples: nil, subjects: [], worst: nil,
            waiver: nil, message: nil)
        guard !observations.isEmpty, let limit = budget.limit else { return result }
        var subjects: [String] = []
        for observation in observations where !subjects.contains(observation.key) { subjects.append(observation.key) }
        result.subjects = subjects
        let counts = observations.map(\.observation.samples)
        result.samples = counts.contains(nil) ? nil : counts.reduce(0) { $0 + ($1 ?? 0) }

        let combined = combine(budget, observations)
        result.value = combined.value
        result.isBound = combined.bound
        result.worst = combined.worst
        let value = combined.value

        if limit.value > 0 {
            result.ratio = value / limit.value
            result.headroom = budget.direction == .lowerIsBetter ? (limit.value - value) / limit.value : (value - limit.value) / limit.value
        }
        var tier = BudgetTier.ok
        if let critical = budget.critical, !critical.isMet(by: value, direction: budget.direction) {
            let doubled =
                critical.value > 0
                && (budget.direction == .lowerIsBetter ? value > 2 * critical.value : value < critical.value / 2)
            tier = doubled ? .escalated : .violated
        } else if let warning = budget.warning, !warning.isMet(by: value, direction: budget.direction) {
            tier = .atRisk
        }
        result.tier = tier
        result.measuredTier = tier
        if tier == .escalated { result.severity = .critical }

        var notes: [String] = []
        if combined.bound, let worst = combined.worst {
            let bound = budget.direction == .lowerIsBetter ? "upper" : "lower"
            notes.append("worst of \(observations.count) \(budget.statistic) values (\(worst)); an \(bound) bound — percentiles are not averaged")
        }
        if tier == .escalated {
            notes.append(budget.direction == .lowerIsBetter ? "more than 2× the limit: escalated to critical" : "below half the limit: escalated to critical")
        }
        result.message = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return result
    }

    /// Combines the observations one budget claimed (rules in the type's comment).
    static func combine(_ budget: Budget, _ observations: [Normalized]) -> (value: Double, bound: Bool, worst: String?) {
        let lowerBetter = budget.direction == .lowerIsBetter
        func worst(_ items: [Normalized]) -> Normalized {
            items.max { lowerBetter ? $0.observation.value < $1.observation.value : $0.observation.value > $1.observation.value }!
        }
        func weighted(_ items: [Normalized]) -> Double? {
            guard items.allSatisfy({ ($0.observation.samples ?? 0) > 0 }) else { return nil }
            let total = items.reduce(0.0) { $0 + Double($1.observation.samples!) }
            return items.reduce(0.0) { $0 + $1.observation.value * Double($1.observation.samples!) } / total
        }
        /// Per subject the worst reading, then the sum over subjects.
        func sumOfSubjects(_ items: [Normalized]) -> Double {
            Dictionary(grouping: items, by: \.key).values.reduce(0.0) { $0 + worst($1).observation.value }
        }
        let values = observations.map(\.observation.value)
        switch budget.statistic.name {
        case "max": return (values.max()!, false, nil)
        case "min": return (values.min()!, false, nil)
        case "count": return (values.reduce(0, +), false, nil)
        case "size", "size_gzip", "throughput": return (sumOfSubjects(observations), false, nil)
        default:
            if observations.count == 1 { return (values[0], false, nil) }
            if !budget.statistic.isPercentile, let mean = weighted(observations) { return (mean, false, nil) }
            let pick = worst(observations)
            return (pick.observation.value, true, pick.key)
        }
    }

    /// Why a budget got no value: nothing of its kind measured, or the subject measured
    /// without the statistic (autocannon reports no p95).
    static func whyNoData(_ budget: Budget, _ observations: [Normalized]) -> String {
        let near = observations.filter { fits(budget.selector, $0) }
        guard !near.isEmpty else {
            return "no measurement matches \(budget.selector)"
        }
        var statistics: [String] = []
        for item in near where !statistics.contains(item.statistic) { statistics.append(item.statistic) }
        let sources = Set(near.map(\.observation.source)).sorted().joined(separator: ", ")
        return "\(budget.selector) is measured (\(statistics.joined(separator: ", "))) but no input reports \(budget.statistic) (\(sources)); qgate does not guess it"
    }

    /// Endpoints no latency budget (percentile, mean, min, max) covers.
    static func uncovered(_ observations: [Normalized], _ budgets: [Budget]) -> [UncoveredEndpoint] {
        let latency = budgets.filter { budget in
            if case .endpoint = budget.selector { return budget.statistic.kind == .measure }
            return false
        }
        var byKey: [String: [Normalized]] = [:]
        for observation in observations {
            if case .endpoint = observation.observation.subject { byKey[observation.key, default: []].append(observation) }
        }
        return byKey.keys.sorted().compactMap { key in
            let items = byKey[key]!
            guard !latency.contains(where: { fits($0.selector, items[0]) }) else { return nil }
            var statistics: [String] = []
            for item in items where !statistics.contains(item.statistic) { statistics.append(item.statistic) }
            return UncoveredEndpoint(endpoint: key, statistics: statistics, samples: items.compactMap(\.observation.samples).max())
        }
    }
}
