import Foundation
import Testing

@testable import QualityGate

/// `qgate report --format json` is written by hand (`ReviewJSON`) for speed; it must stay
/// byte for byte what `JSONEncoder` writes for the same review.
@Suite("Review JSON")
struct ReviewJSONTests {
    func expectSame(_ review: WeeklyReview, _ label: String) {
        let fast = ReviewJSON.render(review)
        let reference = JSONRenderer.render(review)
        #expect(fast == reference, "\(label): first difference at \(zip(fast, reference).prefix { $0 == $1 }.count)")
    }

    func review(_ store: HistoryStore, branch: String? = nil, since: String = "7d") throws -> WeeklyReview {
        let now = HistoryFixtures.time("2026-11-22T12:00:00Z")
        let start = TimeWindow.start(since, now: now)!
        let load = try store.reviewTable(since: start, until: now, branch: branch, lookback: 20)
        return WeeklyReview(
            table: load.table, window: WeeklyReview.Window(since: start, until: now, branch: branch),
            warnings: ["a \"quoted\" warning\twith\u{1} control bytes, é and /slashes/"])
    }

    @Test("byte for byte JSONEncoder's output: KPIs, budgets, flaky, slowest, coverage, spec drift, regressions, warnings")
    func same() throws {
        expectSame(try review(try WeeklyReviewTests.store(), branch: "main"), "weekly review store, main")
        expectSame(try review(try WeeklyReviewTests.store()), "weekly review store, every branch")
        let shifted = try ReviewDetectorsTests.store(noiseSeries: 5)
        let withRegression = try review(shifted)
        #expect(withRegression.regressions.items.count == 1)
        expectSame(withRegression, "a regression")
        expectSame(try review(HistoryFixtures.store()), "an empty store")
        var extremes = try review(try WeeklyReviewTests.store())
        extremes.regressions = withRegression.regressions
        extremes.tolerancePercent = 0.1 + 0.2
        extremes.coverage.append(
            WeeklyReview.Movement(series: "coverage.lines.percent", first: 1e-7, last: 1e21, change: -0.0, sparkline: "▁█"))
        extremes.kpis[0].points[0].value = .infinity
        expectSame(extremes, "extreme numbers")
    }
}
