/// Terminal output: aligned, compact, coloured only when asked (on a TTY without NO_COLOR).
public struct TextRenderer: Sendable {
    public var color: Bool
    /// Failing and flaky tests listed before "…and N more".
    public var listLimit: Int

    public init(color: Bool = false, listLimit: Int = 20) {
        self.color = color
        self.listLimit = listLimit
    }

    func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ verdict: Verdict) -> String {
        var lines: [String] = []
        let head =
            switch verdict.status {
            case .pass: paint("PASS", "1;32")
            case .warn: paint("PASS with warnings", "1;33")
            case .fail: paint("FAIL", "1;31")
            case .error: paint("ERROR: inputs could not be read", "1;31")
            }
        lines.append("qgate: \(head): \(TerminalText.clean(verdict.summary))")
        if !verdict.results.isEmpty {
            lines.append("")
            let rows = verdict.results.map { result -> [String] in
                [
                    mark(result), TerminalText.clean(result.name), ValueFormat.value(result), ValueFormat.target(result),
                    result.status.rawValue, result.severity.rawValue + (result.blocking ? " (blocking)" : ""),
                ]
            }
            let header = ["", "KPI", "Value", "Target", "Status", "Severity"]
            let widths = (0..<header.count).map { column in
                ([header] + rows).map { $0[column].count }.max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }
                    .joined(separator: "  ").trimmingTrailingSpaces()
            }
            lines.append("  " + line(header))
            for (row, result) in zip(rows, verdict.results) {
                var text = "  " + line(row)
                if result.status == .offTrack { text = paint(text, result.blocking ? "31" : "33") }
                if result.status == .atRisk { text = paint(text, "33") }
                lines.append(text)
                if let message = result.message { lines.append("      " + TerminalText.clean(message)) }
            }
        }
        if !verdict.problems.isEmpty {
            lines.append("")
            lines.append(paint("Input problems (\(verdict.problems.count)):", "1;31"))
            lines += verdict.problems.map { "  " + TerminalText.clean($0.description) }
        }
        if let coverage = verdict.coverage { appendCoverage(coverage, to: &lines) }
        if let openapi = verdict.openapi { appendOpenAPI(openapi, to: &lines) }
        if let evaluation = verdict.budgetEvaluation {
            lines.append("")
            lines += budgetLines(evaluation)
        }
        if let history = verdict.history {
            let historyLines = HistoryLines.lines(history)
            if !historyLines.isEmpty {
                lines.append("")
                lines.append("History:")
                lines += historyLines.map { "  " + TerminalText.clean($0) }
            }
        }
        appendTests("Failing tests", verdict.tests.failing, total: verdict.tests.counts.failed + verdict.tests.counts.errors, to: &lines)
        appendTests("Flaky tests", verdict.tests.flaky, total: verdict.tests.counts.flaky, to: &lines)
        if !verdict.warnings.isEmpty {
            lines.append("")
            lines.append("Warnings (\(verdict.warnings.count)):")
            lines += verdict.warnings.prefix(listLimit).map { "  " + TerminalText.clean($0.description) }
            if verdict.warnings.count > listLimit { lines.append("  …and \(verdict.warnings.count - listLimit) more") }
        }
        let reports = verdict.inputs.reduce(0) { $0 + $1.reports.count }
        lines.append("")
        lines.append(
            "Read \(reports) report\(reports == 1 ? "" : "s") from \(verdict.inputs.count) input\(verdict.inputs.count == 1 ? "" : "s"); test time \(NumberFormat.duration(verdict.tests.durationSeconds)); exit code \(verdict.exitCode).")
        return lines.joined(separator: "\n") + "\n"
    }

    func mark(_ result: KPIResult) -> String {
        switch result.status {
        case .onTrack: "ok"
        case .atRisk: "!!"
        case .offTrack: result.blocking ? "XX" : "!!"
        case .neutral: "--"
        }
    }

    func appendCoverage(_ coverage: CoverageSummary, to lines: inout [String]) {
        lines.append("")
        lines.append(paint("Coverage:", "1"))
        for series in coverage.series {
            let name = series.labels.isEmpty ? "overall" : series.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            var parts: [String] = []
            for (kind, path) in CoverageMeasures.kinds {
                let ratio = series.totals[keyPath: path]
                if let percent = ratio.percent { parts.append("\(kind) \(NumberFormat.percent(percent)) (\(ratio.covered)/\(ratio.total))") }
            }
            lines.append("  \(TerminalText.clean(name)): " + (parts.isEmpty ? "nothing coverable" : parts.joined(separator: ", ")))
        }
        if let patch = coverage.patch {
            switch patch.status {
            case .neutral:
                lines.append("  patch: no coverable line changed (\(TerminalText.clean(patch.origin)))")
            case .measured:
                lines.append("  patch: \(NumberFormat.percent(patch.percent ?? 0)) (\(patch.totals.covered)/\(patch.totals.total) changed lines; \(TerminalText.clean(patch.origin)))")
                for file in patch.files.prefix(listLimit) where file.uncovered > 0 {
                    lines.append("    \(TerminalText.clean(file.path)): uncovered \(file.uncoveredLines)")
                }
            }
            for path in patch.filesWithoutCoverage.prefix(listLimit) {
                lines.append("    \(TerminalText.clean(path)): changed, no coverage data")
            }
        }
        if coverage.unmatchedCount > 0 {
            lines.append("  \(coverage.unmatchedCount) report path(s) matched no repository file (see warnings)")
        }
    }

    func appendTests(_ title: String, _ tests: [TestCase], total: Int, to lines: inout [String]) {
        guard total > 0 else { return }
        lines.append("")
        lines.append(paint("\(title) (\(total)):", "1"))
        for test in tests.prefix(listLimit) {
            let owner = test.classname ?? test.suite
            var line = "  - \(TerminalText.clean(owner.isEmpty ? test.name : "\(owner) › \(test.name)"))"
            line += test.flaky ? " [flaky, \(test.attempts) attempts]" : " [\(test.outcome.rawValue)]"
            var place = test.file ?? test.report
            if test.file != nil, let number = test.line { place += ":\(number)" }
            line += " \(TerminalText.clean(place))"
            lines.append(line)
            if let first = (test.message ?? test.details)?.split(whereSeparator: \.isNewline).first {
                lines.append("      " + TerminalText.clean(String(first.prefix(200))))
            }
        }
        if total > min(tests.count, listLimit) {
            lines.append("  …and \(total - min(tests.count, listLimit)) more (see --format json)")
        }
    }
}

/// Strips control characters (ANSI escapes included) from untrusted text before it reaches a terminal.
enum TerminalText {
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
