/// The API-contract parts of the markdown verdict: breaking changes grouped by endpoint with
/// both locations, waived changes, completeness gaps and the drift table.
extension MarkdownRenderer {
    func openAPISection(_ summary: OpenAPISummary) -> String {
        var lines = [
            "### 🔌 API contract",
            "",
            "`\(MarkdownEscaping.inline(summary.spec, limit: 200).replacingBackticks())`: OpenAPI \(summary.dialect), \(summary.operations) operation\(summary.operations == 1 ? "" : "s").",
        ]
        if let diff = summary.diff {
            let renderer = SpecDiffRenderer()
            lines.append("")
            let origin = summary.baseOrigin.map { " (base: \(MarkdownEscaping.inline($0, limit: 200)))" } ?? ""
            lines.append("**Changes against the base\(origin):** \(renderer.summary(diff)).")
            lines.append(renderer.markdownChanges(diff, heading: "####"))
        } else {
            lines.append("")
            lines.append("No base to compare with: set `openapi.base` or run with `--base REF` to gate breaking changes.")
        }
        if !summary.waived.isEmpty {
            lines.append("")
            lines.append("<details><summary>\(summary.waived.count) waived change\(summary.waived.count == 1 ? "" : "s")</summary>")
            lines.append("")
            for waived in summary.waived.prefix(50) {
                let endpoint = waived.change.path.map { "\(waived.change.method ?? "") \($0)" } ?? "document"
                lines.append("- \(waived.change.level.rawValue) `\(waived.change.id)` on \(MarkdownEscaping.inline(endpoint, limit: 200)) — waived until \(waived.expires): \(MarkdownEscaping.inline(waived.reason, limit: 200))")
            }
            lines.append("")
            lines.append("</details>")
        }
        if let completeness = summary.completeness {
            lines.append("")
            let percent = completeness.percent.map { NumberFormat.percent($0) } ?? "–"
            lines.append("**Completeness:** \(percent) — \(completeness.completeOperations) of \(completeness.operations) operations fully documented; \(completeness.unusedComponents.count) unused component\(completeness.unusedComponents.count == 1 ? "" : "s").")
            let failing = completeness.rules.filter { $0.failingCount > 0 }
            if !failing.isEmpty {
                lines.append("")
                lines.append("| Rule | Met | Missing on |")
                lines.append("|---|--:|---|")
                for rule in failing {
                    let names = rule.failing.prefix(5).map { "`\(MarkdownEscaping.inline($0, limit: 120).replacingBackticks())`" }.joined(separator: ", ")
                    let more = rule.failingCount > 5 ? " …and \(rule.failingCount - 5) more" : ""
                    lines.append("| \(MarkdownEscaping.inline(rule.title, limit: 120)) | \(rule.satisfied)/\(rule.applicable) | \(names)\(more) |")
                }
            }
        }
        if let drift = summary.drift {
            lines.append("")
            let coverage = drift.operationCoverage.percent.map { NumberFormat.percent($0) } ?? "–"
            lines.append("**Runtime drift** (\(drift.exchanges) recorded exchanges; \(coverage) of documented operations exercised, \(drift.operationCoverage.covered)/\(drift.operationCoverage.total) — drift figures speak only for that part):")
            lines.append("")
            lines.append("| Finding | Where | Exchanges |")
            lines.append("|---|---|--:|")
            for item in drift.undocumentedOperations.prefix(20) {
                lines.append("| undocumented operation | `\(MarkdownEscaping.inline("\(item.method) \(item.path)", limit: 160).replacingBackticks())` | \(item.exchanges) |")
            }
            for item in drift.undocumentedStatuses.prefix(20) {
                lines.append("| undocumented status \(item.status) | `\(MarkdownEscaping.inline("\(item.method) \(item.path)", limit: 160).replacingBackticks())` | \(item.exchanges) |")
            }
            for item in drift.schemaViolations.prefix(20) {
                lines.append("| response violates schema (\(MarkdownEscaping.inline(item.keyword, limit: 40))) | `\(MarkdownEscaping.inline("\(item.method) \(item.path) → \(item.response)", limit: 160).replacingBackticks())` | 1 |")
            }
            if drift.totals.undocumentedOperations + drift.totals.undocumentedStatuses + drift.totals.schemaViolations == 0 {
                lines.append("| no drift | | \(drift.matchedExchanges) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension TextRenderer {
    func appendOpenAPI(_ summary: OpenAPISummary, to lines: inout [String]) {
        lines.append("")
        lines.append("API contract: \(TerminalText.clean(summary.spec)) (OpenAPI \(summary.dialect), \(summary.operations) operations)")
        if let completeness = summary.completeness, let percent = completeness.percent {
            lines.append("  completeness \(NumberFormat.percent(percent)) (\(completeness.completeOperations)/\(completeness.operations) operations fully documented)")
        }
        if let drift = summary.drift {
            lines.append("  drift: \(TerminalText.clean(drift.summary))")
        }
        guard let diff = summary.diff else {
            lines.append("  no base to compare with (openapi.base or --base)")
            return
        }
        let renderer = SpecDiffRenderer()
        lines.append("  against \(TerminalText.clean(summary.baseOrigin ?? diff.base.spec)): \(renderer.summary(diff))")
        for change in diff.changes where change.level >= .warn {
            let endpoint = change.path.map { "\(change.method ?? "") \($0)" } ?? "document"
            lines.append("    \(change.level.rawValue) \(TerminalText.clean(endpoint)): \(change.id): \(TerminalText.clean(change.message))")
        }
        if !summary.waived.isEmpty { lines.append("  \(summary.waived.count) change(s) waived") }
    }
}
