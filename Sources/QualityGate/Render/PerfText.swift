/// The plain-text view of a `PerfResult` for `qgate inspect`: per series its statistics in
/// canonical units, the units the source wrote, and which latency statistics it lacks.
enum PerfText {
    /// Series shown before the rest is summarised (a Lighthouse LHR has ~150 audits).
    static let maxSeries = 60

    static func lines(_ result: PerfResult) -> [String] {
        var lines = ["  percentiles: \(result.percentiles)"]
        if let rows = result.rows {
            lines.append("  samples: \(rows)\(result.badRows > 0 ? ", \(result.badRows) malformed rows skipped" : "")")
        }
        for series in result.series.prefix(maxSeries) {
            let values = series.values.map { "\($0.statistic)=\(format($0))" }.joined(separator: " ")
            lines.append("  \(series.kind.rawValue) \(TerminalText.clean(series.displayName)): \(values)")
            var units = Set<String>()
            for value in series.values where value.unit != .count { units.insert(value.sourceUnit) }
            var notes: [String] = []
            if !units.isEmpty { notes.append("source units: \(units.sorted().joined(separator: ", "))") }
            if !series.lacking.isEmpty { notes.append("lacks \(series.lacking.map(\.rawValue).joined(separator: ", "))") }
            if !series.statusClasses.isEmpty {
                notes.append("status " + series.statusClasses.map { "\($0.statusClass) \($0.count)" }.joined(separator: ", "))
            }
            if !notes.isEmpty { lines.append("    " + notes.joined(separator: "; ")) }
        }
        if result.series.count > maxSeries {
            lines.append("  … \(result.series.count - maxSeries) more series (see --format json)")
        }
        for threshold in result.thresholds {
            lines.append("  threshold \(TerminalText.clean(threshold.metric)) \(TerminalText.clean(threshold.expression)): \(threshold.passed ? "passed" : "FAILED")")
        }
        for warning in result.warnings {
            lines.append("  warning: \(TerminalText.clean(warning))")
        }
        return lines
    }

    /// A value in its canonical unit: `12.5 ms`, `0.74 %`, `15361292 B`, `23.28/s`.
    static func format(_ value: PerfValue) -> String {
        switch value.unit {
        case .milliseconds: NumberFormat.rounded(value.value, digits: 3) + "ms"
        case .fraction: NumberFormat.rounded(value.value * 100, digits: 3) + "%"
        case .bytes: NumberFormat.rounded(value.value, digits: 0) + "B"
        case .perSecond: NumberFormat.rounded(value.value, digits: 3) + "/s"
        case .bytesPerSecond: NumberFormat.rounded(value.value, digits: 0) + "B/s"
        case .count: NumberFormat.plain(value.value)
        case .unitless: NumberFormat.rounded(value.value, digits: 4)
        }
    }
}
