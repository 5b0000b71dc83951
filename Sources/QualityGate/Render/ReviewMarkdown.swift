/// The weekly review as GitHub-flavoured markdown: a table per part, sparklines for trends,
/// every name from the records escaped (test ids and branches are untrusted text).
public enum ReviewMarkdown {
    public static func render(_ review: WeeklyReview) -> String {
        var lines = ["# Quality review \(review.window.since.day) → \(review.window.until.day)", ""]
        // Commits are reduced to letters and digits, so a code span is safe; a branch name is
        // untrusted text, escaped (escapes would show inside a code span).
        lines.append(ReviewText.summary(review, branch: { "**" + MarkdownEscaping.inline($0) + "**" }, commit: { "`\($0)`" }))
        lines.append("")
        lines += kpis(review)
        lines += budgets(review)
        lines += regressions(review)
        lines += tests(review)
        lines += coverage(review)
        lines += specDrift(review)
        if !review.warnings.isEmpty {
            lines += ["## Warnings", ""] + review.warnings.map { "- " + MarkdownEscaping.inline($0) } + [""]
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ header: [String], _ alignment: [String], _ rows: [[String]], empty: String) -> [String] {
        guard !rows.isEmpty else { return [empty, ""] }
        return ["| " + header.joined(separator: " | ") + " |", "|" + alignment.joined(separator: "|") + "|"]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" } + [""]
    }

    static func kpis(_ review: WeeklyReview) -> [String] {
        let rows = review.kpis.map { kpi in
            [
                MarkdownEscaping.inline(kpi.id), ReviewText.value(kpi.points.last?.value, unit: kpi.unit),
                kpi.latestStatus.rawValue, ReviewText.direction(kpi.trend), ReviewText.changePercent(kpi.trend),
                kpi.sparkline.isEmpty ? "-" : kpi.sparkline, ReviewText.statusCounts(kpi.statusCounts),
            ]
        }
        return ["## KPI trends", ""]
            + table(
                ["KPI", "Latest", "Status", "Trend", "Change", "Over time", "Runs by status"],
                ["---", "---:", "---", "---", "---:", "---", "---"], rows, empty: "No KPI results in this window.")
    }

    static func budgets(_ review: WeeklyReview) -> [String] {
        let rows = review.budgetsAtRisk.map { budget in
            [
                MarkdownEscaping.inline(budget.id), ReviewText.value(budget.value, unit: budget.unit),
                NumberFormat.rounded(budget.margin) + " %", budget.status.rawValue,
                ReviewText.commit(budget.commit).map { "`\($0)`" } ?? "-",
            ]
        }
        return ["## Budgets at risk (headroom under \(NumberFormat.plain(WeeklyReview.budgetRiskPercent)) %)", ""]
            + table(
                ["Budget", "Value", "Headroom", "Status", "Commit"], ["---", "---:", "---:", "---", "---"], rows,
                empty: "No budget is within \(NumberFormat.plain(WeeklyReview.budgetRiskPercent)) % of its limit.")
    }

    static func regressions(_ review: WeeklyReview) -> [String] {
        var lines = ["## Regressions", ""]
        if let note = review.regressions.note { lines += ["_" + MarkdownEscaping.inline(note) + "_", ""] }
        let rows = review.regressions.items.map { item in
            [
                MarkdownEscaping.inline(item.series), ReviewText.commitRange(item.fromCommit, item.toCommit), item.since.day,
                NumberFormat.rounded(item.before), NumberFormat.rounded(item.after), ReviewText.percent(item.changePercent),
            ]
        }
        if review.regressions.available || !rows.isEmpty {
            lines += table(
                ["Series", "Commits", "Since", "Before", "After", "Change"], ["---", "---", "---", "---:", "---:", "---:"], rows,
                empty: "No regressions.")
        }
        return lines
    }

    static func tests(_ review: WeeklyReview) -> [String] {
        let flaky = review.flakyTests.map { [MarkdownEscaping.inline($0.id), ReviewText.evidence($0), $0.lastSeen.day] }
        let slow = review.slowestTests.map { test in
            [
                MarkdownEscaping.inline(test.id), NumberFormat.rounded(test.maxSeconds) + " s",
                NumberFormat.rounded(test.latestSeconds) + " s", String(test.runs),
            ]
        }
        return ["## Top flaky tests", ""]
            + table(["Test", "Evidence", "Last seen"], ["---", "---", "---"], flaky, empty: "No flaky tests recorded.")
            + ["## Slowest tests", ""]
            + table(["Test", "Slowest", "Latest", "Runs"], ["---", "---:", "---:", "---:"], slow, empty: "No test timings recorded.")
    }

    static func coverage(_ review: WeeklyReview) -> [String] {
        let rows = review.coverage.map { movement in
            [
                MarkdownEscaping.inline(movement.series), NumberFormat.rounded(movement.first), NumberFormat.rounded(movement.last),
                ReviewText.signed(movement.change), movement.sparkline,
            ]
        }
        return ["## Coverage movement", ""]
            + table(
                ["Series", "First", "Last", "Change", "Over time"], ["---", "---:", "---:", "---:", "---"], rows,
                empty: "No coverage metrics recorded.")
    }

    static func specDrift(_ review: WeeklyReview) -> [String] {
        let rows = review.specDrift.map { drift in
            [
                drift.recordedAt.description, MarkdownEscaping.inline(drift.series), drift.from.map { NumberFormat.rounded($0) } ?? "-",
                drift.to.map { NumberFormat.rounded($0) } ?? "-", ReviewText.commit(drift.commit).map { "`\($0)`" } ?? "-",
            ]
        }
        return ["## Spec drift", ""]
            + table(
                ["Recorded (UTC)", "Series", "From", "To", "Commit"], ["---", "---", "---:", "---:", "---"], rows,
                empty: "No OpenAPI metric changed.")
    }
}

/// Wording shared by the markdown and HTML renderings of the review (unescaped: each
/// renderer escapes for its format).
enum ReviewText {
    static func summary(_ review: WeeklyReview, branch: (String) -> String, commit code: (String) -> String) -> String {
        let runs = review.runs
        var text = review.window.branch.map { "Branch \(branch($0)) · " } ?? "All branches · "
        text += "\(runs.total) run\(runs.total == 1 ? "" : "s"): \(runs.pass) pass, \(runs.warn) warn, \(runs.fail) fail, \(runs.error) error"
        if let first = commit(runs.firstCommit), let last = commit(runs.lastCommit) {
            text += " · commits \(code(first))…\(code(last))"
        }
        return text
    }

    static func commit(_ commit: String?) -> String? {
        commit.map { String($0.filter { $0.isLetter || $0.isNumber }.prefix(12)) }
    }

    /// Why a test counts as flaky, in words: "retried in 2 runs · 4 flips in 19 runs".
    static func evidence(_ test: WeeklyReview.FlakyTest) -> String {
        var parts: [String] = []
        if test.runs > 0 { parts.append("retried in \(test.runs) run\(test.runs == 1 ? "" : "s")") }
        if test.sameCommit > 0 { parts.append("failed and passed on \(test.sameCommit) commit\(test.sameCommit == 1 ? "" : "s")") }
        if test.flips > 0 { parts.append("\(test.flips) flips in \(test.outcomes) runs") }
        return parts.joined(separator: " · ")
    }

    static func commitRange(_ from: String?, _ to: String?) -> String {
        "`\(commit(from) ?? "?")`…`\(commit(to) ?? "?")`"
    }

    static func value(_ value: Double?, unit: String?) -> String {
        guard let value else { return "no data" }
        let text = NumberFormat.rounded(value)
        guard let unit else { return text }
        return unit == "%" ? "\(text) %" : "\(text) \(unit)"
    }

    static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + NumberFormat.rounded(value)
    }

    static func percent(_ value: Double?) -> String {
        value.map { signed($0) + " %" } ?? "n/a"
    }

    static func changePercent(_ trend: Trend?) -> String {
        guard let trend else { return "-" }
        return percent(trend.changePercent)
    }

    static func direction(_ trend: Trend?) -> String {
        switch trend?.direction {
        case .up: "↑ up"
        case .down: "↓ down"
        case .stable: "→ stable"
        case nil: "-"
        }
    }

    static func statusCounts(_ counts: [String: Int]) -> String {
        [KPIStatus.onTrack, .atRisk, .offTrack, .neutral].compactMap { status in
            counts[status.rawValue].map { "\($0) \(status.rawValue)" }
        }.joined(separator: ", ")
    }
}
