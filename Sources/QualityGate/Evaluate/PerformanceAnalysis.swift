import Foundation

/// The performance part of a gate run: budgets loaded, held to the observations the perf
/// readers produced, turned into metrics and KPI results.
///
/// Budgets become KPI results of their own (id `budget.<id>`), so a violated budget fails the
/// gate exactly like a missed KPI of the same severity, and the verdict has one list of
/// results to read.
struct PerformanceAnalysis {
    struct Outcome {
        var evaluation: BudgetEvaluation?
        var metrics: [Metric] = []
        var results: [KPIResult] = []
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
    }

    let settings: PerformanceSettings
    let baseDirectory: String
    let observations: [BudgetObservation]
    /// Path templates of the configured spec, to map concrete URLs to routes.
    let templater: RouteTemplater?
    let failOn: Severity
    let today: String

    func run() -> Outcome {
        var outcome = Outcome()
        outcome.metrics = PerfMeasures.metrics(observations)
        let budgets: BudgetSet
        do {
            let loader = BudgetLoader()
            budgets = try loader.load(files: budgetFiles(loader))
        } catch {
            outcome.problems.append(error.diagnostic)
            return outcome
        }
        let evaluation = BudgetEvaluation(observations: observations, budgets: budgets, today: today, templater: templater)
        outcome.evaluation = evaluation
        // An expired waiver fails its budget (a KPI result); the note explains why, it is not an input error.
        outcome.warnings += evaluation.problems
        outcome.results = evaluation.results.map(kpiResult)
        if observations.isEmpty {
            outcome.warnings.append(Diagnostic(.warning, code: "performance.no-data",
                "performance budgets are configured but no input held performance results (k6, JMeter, Locust, Gatling, vegeta, autocannon, Lighthouse, benchmarks)"))
        }
        return outcome
    }

    /// Budget paths as configured: a folder means its `*.json` files, a glob its matches.
    func budgetFiles(_ loader: BudgetLoader) throws(BudgetError) -> [String] {
        var files: [String] = []
        for entry in settings.budgets {
            let path = entry.hasPrefix("/") ? entry : (baseDirectory as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                files += try loader.files(in: path)
            } else if entry.contains("*") || entry.contains("?") {
                files += Glob.expand(entry, base: baseDirectory)
            } else {
                files.append(path)  // a missing file is reported by the loader, with its name
            }
        }
        return files
    }

    /// A budget as a KPI result: its critical line is the target, its warning line the
    /// warning; the tier decides the status (see `BudgetEvaluation`).
    func kpiResult(_ result: BudgetResult) -> KPIResult {
        let budget = result.budget
        func threshold(_ limit: BudgetLimit?) -> Threshold? {
            guard let limit else { return nil }
            let display = budget.unit?.display(limit.value) ?? limit.value
            let comparator: Threshold.Comparator = switch (budget.direction, limit.inclusive) {
            case (.lowerIsBetter, true): .lessOrEqual
            case (.lowerIsBetter, false): .less
            case (.higherIsBetter, true): .greaterOrEqual
            case (.higherIsBetter, false): .greater
            }
            return Threshold(comparator, display)
        }
        let status: KPIStatus = switch result.tier {
        case .ok, .waived: .onTrack
        case .atRisk: .atRisk
        case .violated, .escalated, .waiverExpired, .noData: .offTrack
        }
        // No data does not fail a budget (the readers say what was missing); it is reported.
        let blocking = result.tier.fails && result.severity >= failOn
        var message = result.message
        if result.tier == .escalated { message = [message, "more than 2× past the limit: escalated to critical"].compactMap { $0 }.joined(separator: "; ") }
        if let waiver = result.waiver { message = [message, "waived until \(waiver.expires): \(waiver.reason)"].compactMap { $0 }.joined(separator: "; ") }
        let target = threshold(budget.critical ?? budget.warning) ?? Threshold(.equal, 0)
        return KPIResult(
            id: "budget." + budget.id, name: BudgetFormat.name(budget), expression: "\(budget.selector) \(budget.statistic)",
            value: result.displayValue, target: target, warning: budget.critical == nil ? nil : threshold(budget.warning),
            critical: nil, status: status, severity: result.severity,
            margin: result.headroom.map { $0 * 100 }, blocking: blocking, unit: budget.unit?.symbol, message: message,
            inputs: [])
    }
}
