/// Holds metrics to KPIs.
public struct Evaluator: Sendable {
    public var failOn: Severity
    /// The baseline run's metrics, for `baseline(...)`; nil when there is no baseline run.
    public var baseline: MetricSet?
    /// Why there is no baseline run, for the NEUTRAL message of a delta KPI.
    public var noBaselineReason = "no baseline run"

    public init(failOn: Severity, baseline: MetricSet? = nil) {
        self.failOn = failOn
        self.baseline = baseline
    }

    public func evaluate(_ kpis: [KPI], metrics: MetricSet) -> [KPIResult] {
        kpis.map { evaluate($0, metrics: metrics) }
    }

    public func evaluate(_ kpi: KPI, metrics: MetricSet) -> KPIResult {
        let inputs = kpi.expression.metricReferences.compactMap { metrics[$0] }
        var result = KPIResult(
            id: kpi.id, name: kpi.name, expression: kpi.expression.description, value: nil, target: kpi.target,
            warning: kpi.warning, critical: kpi.critical, status: .offTrack, severity: kpi.severity, margin: nil,
            blocking: false, unit: kpi.unit, message: nil, inputs: inputs)
        if case .metric(let selector) = kpi.expression, let reason = Self.neutralReason(selector, metrics: metrics) {
            result.status = .neutral
            result.message = reason
            return result
        }
        // A delta KPI without a baseline run has nothing to compare with: NEUTRAL, never a failure.
        if baseline == nil,
            kpi.expression.readsBaseline
                || kpi.expression.metricReferences.contains(where: {
                    HistoryMetrics.baselineNames.contains($0.name) && metrics[$0] == nil
                })
        {
            result.status = .neutral
            result.message = noBaselineReason
            return result
        }
        // A coverage percent is held to its target as an exact rational (covered × 100 against
        // target × total), so that 79.995 % never passes "≥ 80" by display rounding.
        var fraction: (covered: Double, total: Double)?
        if case .metric(let selector) = kpi.expression {
            fraction = CoverageMeasures.fraction(for: selector, in: metrics)
        }
        func meets(_ threshold: Threshold, _ value: Double) -> Bool {
            if let fraction { return threshold.isMet(covered: fraction.covered, total: fraction.total) }
            return threshold.isMet(by: value)
        }
        do {
            let value = try kpi.expression.evaluate({ metrics[$0]?.value }, baseline: baseline.map { set in { set[$0]?.value } })
            result.value = value
            result.margin = kpi.target.margin(value)
            if !meets(kpi.target, value) {
                result.status = .offTrack
                if let critical = kpi.critical, !meets(critical, value) {
                    result.severity = .critical
                    result.message = "beyond the critical line \(critical)"
                }
            } else if let warning = kpi.warning, !meets(warning, value) {
                result.status = .atRisk
                result.message = "meets the target but not the warning line \(warning)"
            } else {
                result.status = .onTrack
            }
        } catch .missingBaselineMetric(let selector) {
            result.status = .neutral
            result.message = "the baseline run has no series '\(selector)': nothing to compare with"
        } catch {
            result.status = .offTrack
            result.message = "no data: " + explain(error, metrics: metrics)
        }
        result.blocking = result.status == .offTrack && result.severity >= failOn
        return result
    }

    /// Why a KPI has nothing to judge and passes neutrally: only patch coverage when no
    /// coverable line changed (a fake 100 % would hide that nothing was measured).
    static func neutralReason(_ selector: MetricSelector, metrics: MetricSet) -> String? {
        guard selector.name == "coverage.patch.percent", metrics[selector] == nil,
            let total = metrics[MetricSelector(name: "coverage.patch.total", labels: selector.labels)], total.value == 0
        else { return nil }
        return "no coverable line changed: nothing to judge"
    }

    /// Says why a value is missing in terms of what the inputs held.
    func explain(_ error: ExpressionError, metrics: MetricSet) -> String {
        guard case .missingMetric(let selector) = error else { return error.description }
        let siblings = metrics.series(named: selector.name)
        if selector.name == "tests.pass_rate" {
            let total = MetricSelector(name: "tests.total", labels: selector.labels)
            if let metric = metrics[total] {
                return metric.value == 0
                    ? "no test ran for \(selector) (0 tests in \(metric.source ?? "the inputs"))"
                    : "every test for \(selector) was skipped"
            }
        }
        if siblings.isEmpty {
            return "no input produced '\(selector)'"
        }
        let known = siblings.prefix(8).map(\.seriesName).joined(separator: ", ")
        return "no series '\(selector)'; series of that name: \(known)"
    }
}
