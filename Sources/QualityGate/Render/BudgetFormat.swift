import Foundation

/// How budget values, limits, ratios and headroom are shown (markdown and text alike).
enum BudgetFormat {
    /// A canonical value in the budget's unit: `212 ms`, `0.05 %`, `487.3 KB`; small values keep
    /// three significant digits so a 0.012 % error rate does not show as `0 %`.
    static func quantity(_ canonical: Double, unit: BudgetUnit?) -> String {
        let value = unit?.display(canonical) ?? canonical
        let magnitude = abs(value)
        let digits = magnitude == 0 || magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : max(2, Int((-log10(magnitude)).rounded(.up)) + 2)
        let text = NumberFormat.rounded(value, digits: min(digits, 9))
        guard let unit else { return text }
        return "\(text) \(unit.symbol)"
    }

    /// The value cell: `≤ 180 ms` when the value only bounds the statistic from above.
    static func value(_ result: BudgetResult) -> String {
        guard let value = result.value else { return "no data" }
        let text = quantity(value, unit: result.budget.unit)
        guard result.isBound else { return text }
        return (result.budget.direction == .lowerIsBetter ? "≤ " : "≥ ") + text
    }

    /// The limit cell: the critical line as written, with the warning line after it.
    static func limit(_ budget: Budget) -> String {
        var text = budget.critical?.written ?? "—"
        if let warning = budget.warning { text += " (warn \(warning.written))" }
        return text
    }

    static func ratio(_ result: BudgetResult) -> String {
        guard let ratio = result.ratio else { return "–" }
        return NumberFormat.rounded(ratio, digits: 2) + "×"
    }

    /// `+29 %` of the limit still free, `−150 %` beyond it.
    static func headroom(_ result: BudgetResult) -> String {
        guard let headroom = result.headroom else { return "–" }
        let percent = NumberFormat.rounded(abs(headroom * 100), digits: 1)
        return (headroom < 0 ? "−" : "+") + percent + " %"
    }

    /// The tier, with the severity when it fails.
    static func tier(_ result: BudgetResult) -> String {
        result.tier.fails ? "\(result.tier.label) (\(result.severity.rawValue))" : result.tier.label
    }

    static func icon(_ tier: BudgetTier) -> String {
        switch tier {
        case .ok: "✅"
        case .atRisk: "⚠️"
        case .violated: "❌"
        case .escalated: "🔥"
        case .waived: "🏳️"
        case .waiverExpired: "⌛"
        case .noData: "❔"
        }
    }

    /// `GET /api/v1/app/tasks p95` or the id when it was written.
    static func name(_ budget: Budget) -> String {
        let derived = "\(budget.selector) \(budget.statistic)"
        return budget.id == derived ? derived : "\(budget.id): \(derived)"
    }

    /// `2 violated (1 ×2), 1 at risk, 5 ok`: the non-empty tiers, worst first.
    static func counts(_ evaluation: BudgetEvaluation) -> String {
        let order: [BudgetTier] = [.escalated, .violated, .waiverExpired, .atRisk, .noData, .waived, .ok]
        let parts = order.compactMap { tier -> String? in
            let count = evaluation.count(tier)
            return count == 0 ? nil : "\(count) \(tier.label)"
        }
        return parts.isEmpty ? "no budgets" : parts.joined(separator: ", ")
    }

    /// Observations and samples behind a row: `3 obs, 1200 samples`.
    static func basis(_ result: BudgetResult) -> String {
        guard result.observations > 0 else { return "–" }
        var text = "\(result.observations) obs"
        if let samples = result.samples { text += ", \(samples) samples" }
        return text
    }
}
