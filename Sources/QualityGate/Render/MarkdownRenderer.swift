/// GitHub-flavoured markdown for job summaries and PR comments.
///
/// The verdict line comes first, then the KPI table, then what to act on (input problems,
/// failing tests with the first lines of their messages, flaky tests); long parts fold into
/// `<details>`. Output stays under `limit` characters (65,000 by default, under GitHub's
/// 65,536 for comments and 65,535 for check runs): optional parts are dropped from the
/// least important up, and a closing note says what was cut.
public struct MarkdownRenderer: Sendable {
    public var limit: Int
    /// Lines of a failure message or stack trace shown per test.
    public var messageLines: Int

    public init(limit: Int = 65_000, messageLines: Int = 12) {
        self.limit = limit
        self.messageLines = messageLines
    }

    public func render(_ verdict: Verdict) -> String {
        var out = MarkdownBudget(limit: limit - 400)
        out.require(header(verdict))
        out.require(kpiTable(verdict))

        if !verdict.problems.isEmpty {
            out.section(title: "### 🚫 Input problems (\(verdict.problems.count))", items: verdict.problems.map { "- " + diagnostic($0) }, noun: "input problems")
        }
        if let coverage = verdict.coverage {
            out.optional(coverageTable(coverage), what: "the coverage table")
            if let patch = coverage.patch {
                let items = patchFileItems(patch)
                if !items.isEmpty {
                    out.section(title: "### 🩹 Changed lines without coverage", items: items, noun: "changed files")
                }
            }
        }
        if let openapi = verdict.openapi {
            out.optional(openAPISection(openapi), what: "the API contract section")
        }
        if let evaluation = verdict.budgetEvaluation {
            out.optional(budgetSection(evaluation), what: "the performance budget section")
        }
        if let history = verdict.history {
            let items = HistoryLines.lines(history).map { "- " + MarkdownEscaping.inline($0) }
            if !items.isEmpty { out.section(title: "### 🕰️ Against the history", items: items, noun: "history lines") }
        }
        let failing = verdict.tests.failing
        if !failing.isEmpty {
            let total = verdict.tests.counts.failed + verdict.tests.counts.errors
            out.section(title: "### ❌ Failing tests (\(total))", items: failing.map(failingItem), noun: "failing tests", declaredTotal: total)
        }
        let flaky = verdict.tests.flaky
        if !flaky.isEmpty {
            out.section(title: "### 🔁 Flaky tests (\(verdict.tests.counts.flaky))", items: flaky.map(flakyItem), noun: "flaky tests", declaredTotal: verdict.tests.counts.flaky)
        }
        out.optional(inputsTable(verdict), what: "the inputs table")
        if !verdict.warnings.isEmpty {
            let items = verdict.warnings.map { "- " + diagnostic($0) }
            out.details(summary: "⚠️ \(verdict.warnings.count) warning\(verdict.warnings.count == 1 ? "" : "s") about the inputs", items: items, noun: "warnings")
        }
        out.require(footer(verdict))
        return out.finish()
    }

    // MARK: Parts

    func header(_ verdict: Verdict) -> String {
        let (icon, title) =
            switch verdict.status {
            case .pass: ("✅", "Quality gate passed")
            case .warn: ("⚠️", "Quality gate passed with warnings")
            case .fail: ("❌", "Quality gate failed")
            case .error: ("🚫", "Quality gate could not read its inputs")
            }
        return "## \(icon) \(title)\n\n\(MarkdownEscaping.inline(verdict.summary, limit: 1_000))\n"
    }

    func kpiTable(_ verdict: Verdict) -> String {
        guard !verdict.results.isEmpty else { return "_No KPIs are configured._\n" }
        var lines = [
            "| | KPI | Value | Target | Status | Severity |",
            "|:-:|---|--:|---|---|---|",
        ]
        for result in verdict.results {
            let icon =
                switch result.status {
                case .onTrack: "✅"
                case .atRisk: "⚠️"
                case .offTrack: result.blocking ? "❌" : "🔸"
                case .neutral: "➖"
                }
            var name = MarkdownEscaping.inline(result.name, limit: 120)
            if let message = result.message {
                name += "<br><sub>\(MarkdownEscaping.inline(message, limit: 200))</sub>"
            }
            let status = result.blocking ? "**\(result.status.rawValue)**" : result.status.rawValue
            let severity = result.severity.rawValue + (result.blocking ? " (blocking)" : "")
            let cells = [
                icon, name, MarkdownEscaping.inline(ValueFormat.value(result)),
                MarkdownEscaping.inline(ValueFormat.target(result)), status, severity,
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func diagnostic(_ diagnostic: Diagnostic) -> String {
        var location = diagnostic.file ?? ""
        if let line = diagnostic.line { location += ":\(line)" }
        let prefix = location.isEmpty ? "" : "`\(MarkdownEscaping.inline(location, limit: 200).replacingBackticks())` "
        return prefix + MarkdownEscaping.inline(diagnostic.message, limit: 500)
    }

    func testTitle(_ test: TestCase) -> String {
        var title = "**\(MarkdownEscaping.inline(test.name, limit: 200))**"
        let owner = test.classname ?? test.suite
        if !owner.isEmpty { title += " · \(MarkdownEscaping.inline(owner, limit: 150))" }
        return title
    }

    func location(_ test: TestCase) -> String {
        var place = test.file ?? test.report
        if test.file != nil, let line = test.line { place += ":\(line)" }
        return "`\(MarkdownEscaping.inline(place, limit: 200).replacingBackticks())`"
    }

    func failingItem(_ test: TestCase) -> String {
        var facts = [test.outcome == .errored ? "error" : "failed"]
        if test.attempts > 1 { facts.append("\(test.attempts) attempts") }
        if let seconds = test.durationSeconds { facts.append(NumberFormat.duration(seconds)) }
        var item = "- ❌ \(testTitle(test)) — \(facts.joined(separator: ", ")) — \(location(test))"
        if test.failureType != nil || test.message != nil || test.details != nil {
            item += detailsBlock(test)
        }
        return item
    }

    func flakyItem(_ test: TestCase) -> String {
        var item = "- 🔁 \(testTitle(test)) — passed after \(max(1, test.attempts - 1)) failed attempt\(test.attempts == 2 ? "" : "s") — \(location(test))"
        if test.message != nil || test.details != nil {
            item += detailsBlock(test)
        }
        return item
    }

    /// The folded message block under a list item, indented to belong to it.
    func detailsBlock(_ test: TestCase) -> String {
        var block = "\n  <details><summary>\(HTMLEscaping.text(firstLine(test), limit: 160))</summary>\n\n"
        block += MarkdownEscaping.codeBlock(message(test)).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n")
        return block + "\n\n  </details>"
    }

    func firstLine(_ test: TestCase) -> String {
        let text = test.message ?? test.details ?? test.failureType ?? ""
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "details"
    }

    /// The message and the first lines of the details, for the folded block.
    func message(_ test: TestCase) -> String {
        var lines: [Substring] = []
        if let type = test.failureType { lines.append(Substring(type)) }
        if let message = test.message { lines += message.split(separator: "\n", omittingEmptySubsequences: false) }
        if let details = test.details, details != test.message {
            lines += details.split(separator: "\n", omittingEmptySubsequences: false)
        }
        let shown = lines.prefix(messageLines).map { $0.count > 300 ? $0.prefix(300) + "…" : $0 }
        var text = shown.joined(separator: "\n")
        if lines.count > messageLines { text += "\n… \(lines.count - messageLines) more lines" }
        return text
    }

    func inputsTable(_ verdict: Verdict) -> String {
        guard !verdict.inputs.isEmpty else { return "" }
        var lines = [
            "<details><summary>📂 Inputs: \(verdict.inputs.reduce(0) { $0 + $1.reports.count }) reports from \(verdict.inputs.count) pattern\(verdict.inputs.count == 1 ? "" : "s")</summary>",
            "",
            "| Input | Labels | Reports | Tests | Passed | Failed | Errors | Skipped | Flaky | Time |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for input in verdict.inputs {
            let counts = input.reports.compactMap(\.counts).reduce(TestCounts(), +)
            let seconds = input.reports.compactMap(\.durationSeconds).reduce(0, +)
            let labels = input.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let readable = input.reports.filter { $0.error == nil }.count
            let reports = readable == input.reports.count ? "\(readable)" : "\(readable) of \(input.reports.count)"
            let cells = [
                "`\(MarkdownEscaping.inline(input.pattern, limit: 200).replacingBackticks())`",
                MarkdownEscaping.inline(labels), reports, "\(counts.total)", "\(counts.passed)", "\(counts.failed)",
                "\(counts.errors)", "\(counts.skipped)", "\(counts.flaky)", NumberFormat.duration(seconds),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("</details>")
        return lines.joined(separator: "\n") + "\n"
    }

    func footer(_ verdict: Verdict) -> String {
        let blocking = verdict.failOn == .low ? "any OFF_TRACK KPI blocks" : "OFF_TRACK KPIs of severity \(verdict.failOn.rawValue) and above block"
        return "<sub>qgate · \(blocking) · pass rate = passed ÷ (total − skipped); flaky tests count as passed</sub>\n"
    }
}

/// Accumulates markdown parts within a character budget, remembering what it had to cut.
struct MarkdownBudget {
    let limit: Int
    var parts: [String] = []
    var used = 0
    var cut: [String] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func require(_ text: String) {
        guard !text.isEmpty else { return }
        parts.append(text)
        used += text.count + 1
    }

    mutating func optional(_ text: String, what: String) {
        guard !text.isEmpty else { return }
        if used + text.count + 1 <= limit {
            require(text)
        } else {
            cut.append(what)
        }
    }

    /// A titled list; items that do not fit are counted in the cut note.
    mutating func section(title: String, items: [String], noun: String, declaredTotal: Int? = nil) {
        guard used + title.count + 2 <= limit else {
            cut.append("all \(declaredTotal ?? items.count) \(noun)")
            return
        }
        var text = title + "\n\n"
        var shown = 0
        for item in items {
            if used + text.count + item.count + 2 > limit { break }
            text += item + "\n"
            shown += 1
        }
        let total = declaredTotal ?? items.count
        if shown < total {
            text += "\n_…and \(total - shown) more \(noun) not listed here; the JSON verdict (`--format json`) has \(items.count == total ? "all of them" : "the first \(items.count)")._\n"
            if shown < items.count { cut.append("\(items.count - shown) of the \(noun)") }
        }
        require(text)
    }

    mutating func details(summary: String, items: [String], noun: String) {
        let open = "<details><summary>\(summary)</summary>\n\n"
        let close = "\n</details>\n"
        guard used + open.count + close.count <= limit else {
            cut.append("the \(noun)")
            return
        }
        var text = open
        var shown = 0
        for item in items {
            if used + text.count + item.count + close.count + 2 > limit { break }
            text += item + "\n"
            shown += 1
        }
        if shown < items.count {
            text += "- _…and \(items.count - shown) more_\n"
            cut.append("\(items.count - shown) \(noun)")
        }
        require(text + close)
    }

    func finish() -> String {
        var text = parts.joined(separator: "\n")
        if !cut.isEmpty {
            text += "\n> [!NOTE]\n> This summary was shortened to stay under GitHub's 65,536-character limit; not shown: \(cut.joined(separator: ", ")). The JSON verdict has everything.\n"
        }
        return text
    }
}

/// Escaping for text placed inside HTML elements such as `<summary>`.
enum HTMLEscaping {
    static func text(_ text: String, limit: Int) -> String {
        var output = ""
        var count = 0
        for character in text {
            if count >= limit {
                output += "…"
                break
            }
            count += 1
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\"": output += "&quot;"
            case "@": output += "&#64;"
            case "`": output += "&#96;"
            case "*", "_", "[", "]", "\\", "|", "~", "#", "!":
                output += "&#\(character.unicodeScalars.first!.value);"
            default:
                if character.isNewline || character.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                    output += " "
                } else {
                    output.append(character)
                }
            }
        }
        return output
    }
}

extension String {
    /// Inside backtick code spans escapes do not apply; drop backticks so a span cannot close early.
    func replacingBackticks() -> String {
        replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\\", with: "")
    }
}
