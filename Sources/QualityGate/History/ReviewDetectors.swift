/// Where the weekly review gets the week's regressions and flaky tests.
///
/// Both are simple stand-ins computed from the records alone, each behind one function so that
/// the real detectors (regression detection over baseline windows, flip-rate flaky detection)
/// can replace them without touching the review or its renderers.
public enum ReviewDetectors {
    /// The window's regressions. Regression detection is not part of this build yet: none
    /// are listed, and `note` says so in every format.
    public static func regressions(_ records: [HistoryRecord]) -> WeeklyReview.Regressions {
        WeeklyReview.Regressions(
            available: false, note: "regression detection is not available in this build yet; none are listed",
            items: [])
    }

    /// Tests the records list as flaky (failed, then passed on retry in the same run), by the
    /// number of runs that said so, most first, then by id.
    public static func flakyTests(_ records: [HistoryRecord], limit: Int) -> [WeeklyReview.FlakyTest] {
        var runs: [String: Int] = [:]
        var last: [String: UTCTime] = [:]
        for record in records {
            for id in Set(record.tests.flaky) {
                runs[id, default: 0] += 1
                last[id] = Swift.max(last[id] ?? record.recordedAt, record.recordedAt)
            }
        }
        return runs.map { WeeklyReview.FlakyTest(id: $0.key, runs: $0.value, lastSeen: last[$0.key]!) }
            .sorted { $0.runs != $1.runs ? $0.runs > $1.runs : $0.id < $1.id }
            .prefix(limit).map { $0 }
    }
}
