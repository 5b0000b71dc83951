/// `qgate inspect`: what qgate reads from artifact files, with no config and no KPIs.
public struct InspectCommand: Sendable {
    public var paths: [String]
    public var format: OutputFormat
    public var timeUnit: JUnitReader.TimeUnit

    public init(paths: [String], format: OutputFormat = .text, timeUnit: JUnitReader.TimeUnit = .seconds) {
        self.paths = paths
        self.format = format
        self.timeUnit = timeUnit
    }

    public func run() -> CommandResult {
        let report = Gate().inspect(paths, timeUnit: timeUnit)
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
        lines.append("")
        lines.append("metrics:")
        for metric in report.metrics {
            lines.append("  \(metric.seriesName) \(NumberFormat.plain(metric.value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
