/// The `history` member of a verdict as short plain sentences, shared by the text and markdown
/// renderers: the baseline, tests over time, quarantine and regressions worth a look.
enum HistoryLines {
    /// Ids listed per kind before "…and N more".
    static let listLimit = 10

    static func lines(_ history: HistorySummary) -> [String] {
        var lines: [String] = []
        if let baseline = history.baseline { lines.append(baseline.reason) }
        let tests = history.tests
        func list(_ title: String, _ ids: [String]) {
            guard !ids.isEmpty else { return }
            let shown = ids.prefix(listLimit).joined(separator: ", ")
            lines.append("\(title) (\(ids.count)): \(shown)\(ids.count > listLimit ? ", …and \(ids.count - listLimit) more" : "")")
        }
        list("New failures", tests.newFailures)
        list("Fixed", tests.fixed)
        list("Still failing", tests.stillFailing)
        list("Newly skipped", tests.newlySkipped)
        if let added = tests.added, let removed = tests.removed, added + removed > 0 {
            lines.append("Tests added: \(added), removed: \(removed)")
        }
        list("Flaky over time", tests.flaky.map { "\($0.id) (\($0.evidence))" })
        list("Quarantined failures (not blocking)", tests.quarantined.map { "\($0.id) (owner \($0.owner), until \($0.expires))" })
        for result in history.regressions ?? [] where result.verdict == .regressed || result.verdict == .improved {
            lines.append("\(result.metric): \(result.reason)")
        }
        let inconclusive = (history.regressions ?? []).filter { $0.verdict == .inconclusive }
        if !inconclusive.isEmpty {
            lines.append("Regression checks inconclusive (too few baseline runs): \(inconclusive.count)")
        }
        return lines
    }
}
