/// Turns coverage figures into metrics.
///
/// Percent series exist only where something is coverable: a report without branch data has
/// no `coverage.branches.percent`, so a KPI on it fails with "no data" instead of reading 0 %
/// or 100 %. Covered and total counts are always present, and a KPI on a percent is compared
/// exactly against them (covered × 100 against target × total), not against a rounded value.
public enum CoverageMeasures {
    static var kinds: [(String, KeyPath<CoverageTotals, CoverageRatio>)] {
        [
            ("lines", \.lines), ("branches", \.branches), ("functions", \.functions), ("regions", \.regions),
        ]
    }

    public static func series(_ totals: CoverageTotals, files: Int, labels: [String: String], source: String) -> [Metric] {
        var result: [Metric] = [Metric(name: "coverage.files", labels: labels, value: Double(files), source: source)]
        for (kind, path) in kinds {
            let ratio = totals[keyPath: path]
            result.append(Metric(name: "coverage.\(kind).covered", labels: labels, value: Double(ratio.covered), source: source))
            result.append(Metric(name: "coverage.\(kind).total", labels: labels, value: Double(ratio.total), source: source))
            if let percent = ratio.percent {
                result.append(Metric(name: "coverage.\(kind).percent", labels: labels, value: percent, source: source))
            }
        }
        return result
    }

    /// `coverage.patch.*`; no percent when no coverable line changed (the KPI is then NEUTRAL).
    public static func patch(_ patch: PatchCoverage) -> [Metric] {
        let source = patch.origin
        var result = [
            Metric(name: "coverage.patch.covered", value: Double(patch.totals.covered), source: source),
            Metric(name: "coverage.patch.total", value: Double(patch.totals.total), source: source),
            Metric(
                name: "coverage.patch.uncovered_lines", value: Double(patch.totals.total - patch.totals.covered),
                source: source),
        ]
        if let percent = patch.percent {
            result.append(Metric(name: "coverage.patch.percent", value: percent, source: source))
        }
        return result
    }

    /// For `coverage.X.percent{labels}`, the covered and total series it is computed from.
    static func fraction(for selector: MetricSelector, in metrics: MetricSet) -> (covered: Double, total: Double)? {
        guard selector.name.hasPrefix("coverage."), selector.name.hasSuffix(".percent") else { return nil }
        let stem = String(selector.name.dropLast(".percent".count))
        guard let covered = metrics[MetricSelector(name: stem + ".covered", labels: selector.labels)],
            let total = metrics[MetricSelector(name: stem + ".total", labels: selector.labels)], total.value > 0
        else { return nil }
        return (covered.value, total.value)
    }
}
