/// Turns completeness and drift reports into `openapi.*` metrics.
///
/// Drift counts are only meaningful beside the coverage they stand on, so every drift
/// series comes with `openapi.runtime_coverage.percent` (documented operations exercised);
/// percent series are absent, not 0 or 100, when there is nothing to divide by.
public enum OpenAPIMeasures {
    public static func completeness(_ report: CompletenessReport, source: String) -> [Metric] {
        var result: [Metric] = [
            Metric(name: "openapi.completeness.complete_operations", value: Double(report.completeOperations), source: source),
            Metric(name: "openapi.completeness.satisfied", value: Double(report.satisfiedChecks), source: source),
            Metric(name: "openapi.completeness.applicable", value: Double(report.applicableChecks), source: source),
            Metric(name: "openapi.completeness.unused_components", value: Double(report.unusedComponents.count), source: source),
        ]
        if let percent = report.percent {
            result.append(Metric(name: "openapi.completeness.percent", value: percent, source: source))
        }
        for rule in report.rules {
            result.append(Metric(name: "openapi.completeness.failing", labels: ["rule": rule.rule],
                value: Double(rule.failingCount), source: source))
            if let percent = rule.percent {
                result.append(Metric(name: "openapi.completeness.percent", labels: ["rule": rule.rule], value: percent, source: source))
            }
        }
        return result
    }

    public static func drift(_ report: DriftReport, source: String) -> [Metric] {
        var result: [Metric] = [
            Metric(name: "openapi.drift.exchanges", value: Double(report.exchanges), source: source),
            Metric(name: "openapi.drift.undocumented_operations", value: Double(report.totals.undocumentedOperations), source: source),
            Metric(name: "openapi.drift.undocumented_statuses", value: Double(report.totals.undocumentedStatuses), source: source),
            Metric(name: "openapi.drift.schema_violations", value: Double(report.totals.schemaViolations), source: source),
            Metric(name: "openapi.runtime_coverage.covered", value: Double(report.operationCoverage.covered), source: source),
            Metric(name: "openapi.runtime_coverage.total", value: Double(report.operationCoverage.total), source: source),
        ]
        if let percent = report.operationCoverage.percent {
            result.append(Metric(name: "openapi.runtime_coverage.percent", value: percent, source: source))
        }
        if let percent = report.responseCoverage.percent {
            result.append(Metric(name: "openapi.runtime_coverage.percent", labels: ["scope": "responses"], value: percent, source: source))
        }
        return result
    }
}
