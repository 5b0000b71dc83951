import Foundation

/// The performance-budget part of the markdown verdict: a one-line count, then the table
/// sorted by headroom (violations first, then at risk; budgets that matched nothing are rows
/// with the reason), then the measured endpoints without a latency budget, folded.
extension MarkdownRenderer {
    /// Rows shown in the table before "…and N more".
    static let budgetRowLimit = 100

    public func budgetSection(_ evaluation: BudgetEvaluation) -> String {
        var lines = [
            "### ⏱️ Performance budgets",
            "",
            "**Budgets:** \(BudgetFormat.counts(evaluation)).",
        ]
        guard !evaluation.results.isEmpty else { return lines.joined(separator: "\n") + "\n" }
        lines += [
            "",
            "| | Budget | Value | Limit | Ratio | Headroom | Tier | Based on |",
            "|:-:|---|--:|---|--:|--:|---|--:|",
        ]
        let table = evaluation.table
        for result in table.prefix(Self.budgetRowLimit) {
            var name = MarkdownEscaping.inline(BudgetFormat.name(result.budget), limit: 160)
            if let message = result.message {
                name += "<br><sub>\(MarkdownEscaping.inline(message, limit: 300))</sub>"
            }
            let tier = result.tier.fails ? "**\(BudgetFormat.tier(result))**" : BudgetFormat.tier(result)
            let cells = [
                BudgetFormat.icon(result.tier), name, MarkdownEscaping.inline(BudgetFormat.value(result)),
                MarkdownEscaping.inline(BudgetFormat.limit(result.budget), limit: 80), BudgetFormat.ratio(result),
                BudgetFormat.headroom(result), tier, BudgetFormat.basis(result),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        if table.count > Self.budgetRowLimit {
            lines.append("")
            lines.append("…and \(table.count - Self.budgetRowLimit) more budgets (see --format json).")
        }
        if !evaluation.uncovered.isEmpty {
            let count = evaluation.uncovered.count
            lines.append("")
            lines.append("<details><summary>\(count) measured endpoint\(count == 1 ? "" : "s") without a latency budget</summary>")
            lines.append("")
            for endpoint in evaluation.uncovered.prefix(50) {
                let samples = endpoint.samples.map { ", \($0) samples" } ?? ""
                lines.append("- `\(MarkdownEscaping.inline(endpoint.endpoint, limit: 160).replacingBackticks())` (\(MarkdownEscaping.inline(endpoint.statistics.joined(separator: ", "), limit: 120))\(samples))")
            }
            if count > 50 { lines.append("- …and \(count - 50) more") }
            lines.append("")
            lines.append("</details>")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension TextRenderer {
    /// The budget table for a terminal: aligned columns, violations first, then the budgets
    /// without data and the endpoints without a budget, one line each.
    public func budgetLines(_ evaluation: BudgetEvaluation) -> [String] {
        var lines = ["Performance budgets: \(BudgetFormat.counts(evaluation))"]
        guard !evaluation.results.isEmpty else { return lines }
        let table = evaluation.table
        let rows = table.map { result -> [String] in
            [
                TerminalText.clean(BudgetFormat.name(result.budget)), BudgetFormat.value(result),
                TerminalText.clean(BudgetFormat.limit(result.budget)), BudgetFormat.ratio(result), BudgetFormat.headroom(result),
                BudgetFormat.tier(result),
            ]
        }
        let header = ["Budget", "Value", "Limit", "Ratio", "Headroom", "Tier"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        lines.append("  " + line(header))
        for (row, result) in zip(rows, table) {
            var text = "  " + line(row)
            if result.tier.fails { text = paint(text, "31") }
            if result.tier == .atRisk || result.tier == .noData { text = paint(text, "33") }
            lines.append(text)
            if let message = result.message { lines.append("      " + TerminalText.clean(message)) }
        }
        for endpoint in evaluation.uncovered.prefix(listLimit) {
            lines.append("  no latency budget: \(TerminalText.clean(endpoint.endpoint)) (\(endpoint.statistics.joined(separator: ", ")))")
        }
        if evaluation.uncovered.count > listLimit {
            lines.append("  …and \(evaluation.uncovered.count - listLimit) more endpoints without a latency budget")
        }
        return lines
    }
}
