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
        return lines.joined(separator: "\n") + "\n"
    }
}

extension TextRenderer {
    func appendOpenAPI(_ summary: OpenAPISummary, to lines: inout [String]) {
        lines.append("")
        lines.append("API contract: \(TerminalText.clean(summary.spec)) (OpenAPI \(summary.dialect), \(summary.operations) operations)")
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
