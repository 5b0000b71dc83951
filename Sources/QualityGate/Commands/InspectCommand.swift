/// `qgate inspect`: what qgate reads from artifact files, with no config and no KPIs.
public struct InspectCommand: Sendable {
    public var paths: [String]
    public var format: OutputFormat
    public var timeUnit: JUnitReader.TimeUnit
    /// Force a reader (`junit`, `lcov`, ...) instead of detecting by content.
    public var inputFormat: String?

    public init(
        paths: [String], format: OutputFormat = .text, timeUnit: JUnitReader.TimeUnit = .seconds,
        inputFormat: String? = nil
    ) {
        self.inputFormat = inputFormat
        self.paths = paths
        self.format = format
        self.timeUnit = timeUnit
    }

    public func run() -> CommandResult {
        if let inputFormat, !ArtifactReader.knownFormats.contains(inputFormat) {
            return CommandResult(
                stderr: ["qgate: '\(inputFormat)' is not a format qgate reads; known: \(ArtifactReader.knownFormats.joined(separator: ", "))"],
                exitCode: CommandResult.Code.usage)
        }
        let report = Gate().inspect(paths, timeUnit: timeUnit, format: inputFormat == "auto" ? nil : inputFormat)
        let stdout: String
        switch format {
        case .json: stdout = JSONRenderer.render(report)
        case .text, .markdown: stdout = Self.text(report)
        }
        return CommandResult(
            stdout: stdout, stderr: report.problems.map { "qgate: " + $0.description }, exitCode: Int32(report.exitCode))
    }

    static func text(_ report: InspectReport) -> String {
        var lines: [String] = []
        for file in report.files {
            let summary = file.report
            if let error = summary.error {
                lines.append("\(TerminalText.clean(summary.path)): unreadable (\(error.code))")
                lines.append("  \(TerminalText.clean(error.message))")
                continue
            }
            if let performance = summary.performance {
                lines.append("\(TerminalText.clean(summary.path)): \(summary.format) (\(TerminalText.clean(performance.detectedBy)))")
                lines += PerfText.lines(performance)
                continue
            }
            if let coverage = summary.coverage {
                lines.append("\(TerminalText.clean(summary.path)): \(summary.format) (\(TerminalText.clean(coverage.detectedBy)))")
                lines.append("  files: \(coverage.files)\(coverage.summaryOnly ? " (totals only)" : "")")
                for (kind, path) in CoverageMeasures.kinds {
                    let ratio = coverage.totals[keyPath: path]
                    if let percent = ratio.percent {
                        lines.append("  \(kind): \(ratio.covered)/\(ratio.total) = \(NumberFormat.percent(percent))")
                    }
                }
                if let disagreement = coverage.disagreement {
                    lines.append("  note: the report's own totals differ: \(disagreement)")
                }
                for warning in summary.warnings {
                    lines.append("  warning: \(TerminalText.clean(warning.message))")
                }
                continue
            }
            let dialect = summary.dialect.map { "\($0.name) (\($0.evidence))" } ?? "?"
            lines.append("\(TerminalText.clean(summary.path)): \(summary.format), \(TerminalText.clean(dialect))")
            if let counts = summary.counts {
                lines.append(
                    "  tests \(counts.total): \(counts.passed) passed, \(counts.failed) failed, \(counts.errors) errors, \(counts.skipped) skipped, \(counts.flaky) flaky\(summary.summaryOnly == true ? " (declared; no test cases in the file)" : "")")
            }
            if let declared = summary.declared, !declared.isEmpty {
                let parts = [
                    declared.tests.map { "\($0) tests" }, declared.failures.map { "\($0) failures" },
                    declared.errors.map { "\($0) errors" }, declared.skipped.map { "\($0) skipped" },
                ].compactMap { $0 }
                lines.append("  declared: \(parts.joined(separator: ", ")); <testcase> elements: \(summary.caseElements ?? 0); suites: \(summary.suites ?? 0)")
            }
            if let seconds = summary.durationSeconds {
                lines.append("  duration: \(NumberFormat.duration(seconds)) (from \(summary.durationSource ?? "?") time)")
            }
            for warning in summary.warnings {
                lines.append("  warning: \(TerminalText.clean(warning.message))")
            }
            for test in file.failing.prefix(10) {
                lines.append("  \(test.outcome.rawValue): \(TerminalText.clean(test.id))")
            }
            for test in file.flaky.prefix(10) {
                lines.append("  flaky (\(test.attempts) attempts): \(TerminalText.clean(test.id))")
            }
        }
        if let coverage = report.coverage {
            lines.append("")
            lines.append("coverage paths: mapped to \(TerminalText.clean(coverage.root)) by \(coverage.mapping)")
            if coverage.unmatchedCount > 0 {
                lines.append("  \(coverage.unmatchedCount) report path(s) match no repository file:")
                for mapping in coverage.unmatched.prefix(20) {
                    lines.append("    \(TerminalText.clean(mapping.reportPath))\(mapping.reason.map { " (\(TerminalText.clean($0)))" } ?? "")")
                }
            }
        }
        // Performance results alone make no metrics (budgets do, in `check`): no empty heading.
        if !report.metrics.isEmpty || report.files.allSatisfy({ $0.report.performance == nil }) {
            lines.append("")
            lines.append("metrics:")
        }
        for metric in report.metrics {
            lines.append("  \(metric.seriesName) \(NumberFormat.plain(metric.value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
