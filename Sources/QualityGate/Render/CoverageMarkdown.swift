/// The coverage parts of the markdown verdict: totals per series, patch coverage, and the
/// changed files with their uncovered line ranges (worst first, capped).
extension MarkdownRenderer {
    func coverageTable(_ coverage: CoverageSummary) -> String {
        var lines = [
            "### 📊 Coverage",
            "",
            "| Series | Lines | Branches | Functions | Regions | Files |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for series in coverage.series {
            let name =
                series.labels.isEmpty
                ? "**overall**"
                : MarkdownEscaping.inline(
                    series.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
                    limit: 120)
            let cells = [
                name, Self.ratio(series.totals.lines), Self.ratio(series.totals.branches),
                Self.ratio(series.totals.functions), Self.ratio(series.totals.regions), "\(series.files)",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        if let patch = coverage.patch {
            lines.append("")
            lines.append(patchLine(patch))
        }
        if coverage.unmatchedCount > 0 {
            lines.append("")
            lines.append(
                "⚠️ \(coverage.unmatchedCount) report path\(coverage.unmatchedCount == 1 ? "" : "s") matched no repository file (mapping: \(coverage.mapping)) and \(coverage.unmatchedCount == 1 ? "is" : "are") left out; see the warnings.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func patchLine(_ patch: CoverageSummary.Patch) -> String {
        let origin = MarkdownEscaping.inline(patch.origin, limit: 160)
        switch patch.status {
        case .neutral:
            return "**Patch coverage:** no coverable line changed (\(origin)) — neutral, nothing to judge."
        case .measured:
            let percent = patch.percent.map { NumberFormat.percent($0) } ?? "–"
            return "**Patch coverage:** \(percent) — \(patch.totals.covered) of \(patch.totals.total) coverable changed lines covered (\(origin))."
        }
    }

    /// Changed files with uncovered lines, as list items for a capped section.
    func patchFileItems(_ patch: CoverageSummary.Patch) -> [String] {
        var items = patch.files.filter { $0.uncovered > 0 }.map { file in
            "- `\(MarkdownEscaping.inline(file.path, limit: 200).replacingBackticks())` — \(file.covered)/\(file.coverable) covered; uncovered: \(MarkdownEscaping.inline(file.uncoveredLines, limit: 400))"
        }
        if patch.omittedFiles > 0 {
            items.append("- …and \(patch.omittedFiles) more changed file\(patch.omittedFiles == 1 ? "" : "s") (see --format json)")
        }
        for path in patch.filesWithoutCoverage.prefix(25) {
            items.append("- `\(MarkdownEscaping.inline(path, limit: 200).replacingBackticks())` — changed, but no coverage report mentions it")
        }
        return items
    }

    static func ratio(_ ratio: CoverageRatio) -> String {
        guard let percent = ratio.percent else { return "–" }
        return "\(NumberFormat.percent(percent)) <sub>\(ratio.covered)/\(ratio.total)</sub>"
    }
}
