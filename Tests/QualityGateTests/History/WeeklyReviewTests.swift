import Foundation
import Testing

@testable import QualityGate

/// `qgate report` over a synthetic store written through the store API with fixed times.
@Suite("Weekly review")
struct WeeklyReviewTests {
    static let now = HistoryFixtures.time("2026-11-22T12:00:00Z")

    static func record(
        _ when: String, branch: String = "main", commit: String, status: Verdict.Status, passRate: Double?,
        latencyMargin: Double, flaky: [String] = [], slowest: [TestTiming] = [], metrics: [RecordedMetric]
    ) -> HistoryRecord {
        let at = HistoryFixtures.time(when)
        return HistoryRecord(
            id: HistoryStore.newID(at: at), recordedAt: at, context: RunContext(commit: commit, branch: branch), config: "qgate.yml",
            environment: HistoryFixtures.environment,
            verdict: RecordedVerdict(
                status: status, exitCode: status == .fail ? 1 : 0, summary: "synthetic",
                results: [
                    RecordedKPI(
                        id: "pass-rate", value: passRate, status: (passRate ?? 0) >= 99 ? .onTrack : .offTrack, severity: .high,
                        blocking: false, unit: "%"),
                    RecordedKPI(
                        id: "budget.checkout-p95", value: 200 * (1 - latencyMargin / 100), status: latencyMargin < 10 ? .atRisk : .onTrack,
                        severity: .high, blocking: false, margin: latencyMargin, unit: "ms"),
                    RecordedKPI(id: "budget.search-p95", value: 100, status: .onTrack, severity: .medium, blocking: false, margin: 50, unit: "ms"),
                ]),
            metrics: metrics,
            tests: RecordedTests(
                counts: TestCounts(total: 3, passed: 3), durationSeconds: 2, flaky: flaky, slowest: slowest))
    }

    /// Four runs of main in the window, one before it, one on another branch.
    static func store() throws -> HistoryStore {
        let store = HistoryFixtures.store()
        let records = [
            record(
                "2026-11-10T08:00:00Z", commit: "0ld0000", status: .pass, passRate: 50, latencyMargin: 1,
                metrics: [RecordedMetric(name: "coverage.lines.percent", value: 10)]),
            record(
                "2026-11-16T08:00:00Z", commit: "aaaaaaa111", status: .pass, passRate: 99.5, latencyMargin: 30,
                flaky: ["Cart::adds"], slowest: [TestTiming(id: "Cart::totals", seconds: 1.25), TestTiming(id: "Cart::adds", seconds: 0.5)],
                metrics: [
                    RecordedMetric(name: "coverage.lines.percent", value: 80),
                    RecordedMetric(name: "coverage.lines.percent", labels: ["flag": "api"], value: 70),
                    RecordedMetric(name: "openapi.operations", value: 12),
                ]),
            record(
                "2026-11-18T08:00:00Z", commit: "bbbbbbb222", status: .warn, passRate: 99.0, latencyMargin: 12,
                flaky: ["Cart::adds", "Search::<b>finds</b>"], slowest: [TestTiming(id: "Cart::totals", seconds: 2)],
                metrics: [
                    RecordedMetric(name: "coverage.lines.percent", value: 81.5),
                    RecordedMetric(name: "openapi.operations", value: 14),
                    RecordedMetric(name: "openapi.breaking_changes", value: 1),
                ]),
            record(
                "2026-11-19T08:00:00Z", branch: "feature/x", commit: "fffffff", status: .fail, passRate: 10, latencyMargin: -50,
                flaky: ["Feature::only"], metrics: []),
            record(
                "2026-11-20T08:00:00Z", commit: "ccccccc333", status: .fail, passRate: nil, latencyMargin: 4.5,
                metrics: [RecordedMetric(name: "openapi.operations", value: 14)]),
            record(
                "2026-11-21T08:00:00Z", commit: "ddddddd444", status: .pass, passRate: 99.75, latencyMargin: 5,
                flaky: ["Cart::adds"], slowest: [TestTiming(id: "Cart::totals", seconds: 1.5)],
                metrics: [
                    RecordedMetric(name: "coverage.lines.percent", value: 79.25),
                    RecordedMetric(name: "coverage.lines.percent", labels: ["flag": "api"], value: 75),
                    RecordedMetric(name: "openapi.operations", value: 13),
                    RecordedMetric(name: "openapi.breaking_changes", value: 0),
                ]),
        ]
        for record in records.shuffled() { try HistoryFixtures.append(record, to: store) }
        return store
    }

    func report(_ store: HistoryStore, format: ReportCommand.Format = .markdown, branch: String? = "main", since: String = "7d")
        -> CommandResult
    {
        ReportCommand(
            location: HistoryLocation(history: store.root), since: since, branch: branch, format: format, now: Self.now
        ).run()
    }

    @Test("markdown: every part, exact")
    func markdown() throws {
        let result = report(try Self.store())
        #expect(result.exitCode == 0)
        #expect(result.stderr == [])
        #expect(result.stdout == #"""
            # Quality review 2026-11-15 → 2026-11-22

            Branch **main** · 4 runs: 2 pass, 1 warn, 1 fail, 0 error · commits `aaaaaaa111`…`ddddddd444`

            ## KPI trends

            | KPI | Latest | Status | Trend | Change | Over time | Runs by status |
            |---|---:|---|---|---:|---|---|
            | pass\-rate | 99.75 % | ON_TRACK | → stable | +0.25 % | ▆▁█ | 3 ON_TRACK, 1 OFF_TRACK |
            | budget\.checkout\-p95 | 190 ms | AT_RISK | ↑ up | +35.71 % | ▁▆██ | 2 ON_TRACK, 2 AT_RISK |
            | budget\.search\-p95 | 100 ms | ON_TRACK | → stable | 0 % | ▄▄▄▄ | 4 ON_TRACK |

            ## Budgets at risk (headroom under 10 %)

            | Budget | Value | Headroom | Status | Commit |
            |---|---:|---:|---|---|
            | budget\.checkout\-p95 | 190 ms | 5 % | AT_RISK | `ddddddd444` |

            ## Regressions

            _no duration or latency series was recorded on branch main_

            No regressions.

            ## Top flaky tests

            | Test | Evidence | Last seen |
            |---|---|---|
            | Cart\:\:adds | retried in 3 runs | 2026-11-21 |
            | Search\:\:&lt;b&gt;finds&lt;/b&gt; | retried in 1 run | 2026-11-18 |

            ## Slowest tests

            | Test | Slowest | Latest | Runs |
            |---|---:|---:|---:|
            | Cart\:\:totals | 2 s | 1.5 s | 3 |
            | Cart\:\:adds | 0.5 s | 0.5 s | 1 |

            ## Coverage movement

            | Series | First | Last | Change | Over time |
            |---|---:|---:|---:|---|
            | coverage\.lines\.percent | 80 | 79.25 | -0.75 | ▃█▁ |
            | coverage\.lines\.percent\{flag=&quot;api&quot;\} | 70 | 75 | +5 | ▁█ |

            ## Spec drift

            | Recorded (UTC) | Series | From | To | Commit |
            |---|---|---:|---:|---|
            | 2026-11-18T08:00:00.000Z | openapi\.operations | 12 | 14 | `bbbbbbb222` |
            | 2026-11-21T08:00:00.000Z | openapi\.breaking\_changes | 1 | 0 | `ddddddd444` |
            | 2026-11-21T08:00:00.000Z | openapi\.operations | 14 | 13 | `ddddddd444` |

            """#)
    }

    @Test("json: the same data, every branch when none is named; --until closes the window")
    func json() throws {
        let store = try Self.store()
        let result = report(store, format: .json, branch: nil)
        #expect(result.exitCode == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "qgate.report/1")
        let runs = try #require(document["runs"] as? [String: Any])
        #expect(runs["total"] as? Int == 5 && runs["fail"] as? Int == 2)
        let window = try #require(document["window"] as? [String: Any])
        #expect(window["since"] as? String == "2026-11-15T12:00:00.000Z")
        #expect(window["branch"] == nil)
        let budgets = try #require(document["budgets_at_risk"] as? [[String: Any]])
        #expect(budgets.count == 1 && budgets[0]["margin"] as? Double == 5)
        let flaky = try #require(document["flaky_tests"] as? [[String: Any]])
        #expect(flaky.map { $0["id"] as? String } == ["Cart::adds", "Feature::only", "Search::<b>finds</b>"])
        let regressions = try #require(document["regressions"] as? [String: Any])
        #expect(regressions["available"] as? Bool == true)
        #expect(regressions["items"] as? [Any] != nil && (regressions["items"] as? [Any])!.isEmpty)
        let kpis = try #require(document["kpis"] as? [[String: Any]])
        let trend = try #require(kpis.first?["trend"] as? [String: Any])
        // The feature branch's 10 % is in between: first and last decide, within 1 % is stable.
        #expect(trend["direction"] as? String == "stable")
        #expect(trend["first"] as? Double == 99.5 && trend["last"] as? Double == 99.75 && trend["count"] as? Int == 4)

        let until = ReportCommand(
            location: HistoryLocation(history: store.root), since: "2026-11-01", until: "2026-11-17", format: .json, now: Self.now
        ).run()
        let early = try #require(try JSONSerialization.jsonObject(with: Data(until.stdout.utf8)) as? [String: Any])
        #expect((early["runs"] as? [String: Any])?["total"] as? Int == 2)
    }

    @Test("html: one document, a chart per KPI with a point per measured run, untrusted text escaped, no scripts or links")
    func html() throws {
        let result = report(try Self.store(), format: .html)
        #expect(result.exitCode == 0)
        let html = result.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 3)
        // pass-rate has no value in one run of four: 3 + 4 + 4 points.
        #expect(html.components(separatedBy: "<circle class=\"point\"").count - 1 == 11)
        #expect(html.contains("<td>Search::&lt;b&gt;finds&lt;/b&gt;</td>"))
        #expect(!html.contains("<b>finds"))
        #expect(html.contains("<td>coverage.lines.percent{flag=&quot;api&quot;}</td>"))
        for forbidden in ["<script", "<link", "src=", "href=", "@import", "url("] {
            #expect(!html.contains(forbidden), "\(forbidden) in the review")
        }
        #expect(ReviewHTML.escape("a<b>&\"c'\u{1}") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }

    @Test("bad windows are usage errors (exit 2) naming the option; an empty store gives an empty review")
    func usage() throws {
        let store = HistoryFixtures.store()
        let location = HistoryLocation(history: store.root)
        let since = ReportCommand(location: location, since: "last week", now: Self.now).run()
        #expect(since.exitCode == 2)
        #expect(since.stderr.first?.hasPrefix("qgate: --since 'last week' is not a span back from now") == true)
        let until = ReportCommand(location: location, until: "soon", now: Self.now).run()
        #expect(until.exitCode == 2 && until.stderr.first?.contains("--until 'soon'") == true)
        let reversed = ReportCommand(location: location, since: "2026-11-20", until: "2026-11-10", now: Self.now).run()
        #expect(reversed.exitCode == 2)
        #expect(reversed.stderr == ["qgate: --since 2026-11-20T00:00:00.000Z is after --until 2026-11-10T00:00:00.000Z"])
        let tolerance = ReportCommand(location: location, tolerancePercent: -1, now: Self.now).run()
        #expect(tolerance.exitCode == 2)
        let empty = ReportCommand(location: location, now: Self.now).run()
        #expect(empty.exitCode == 0)
        #expect(empty.stdout.contains("All branches · 0 runs: 0 pass, 0 warn, 0 fail, 0 error\n"))
        #expect(empty.stdout.contains("No KPI results in this window."))
        // A branch name is untrusted: escaped in markdown and HTML.
        let hostile = ReportCommand(location: location, branch: "a|b`<c>@d", now: Self.now).run()
        #expect(hostile.stdout.contains("\nBranch **a\\|b\\`&lt;c&gt;&#64;d** · 0 runs"))
        let hostileHTML = ReportCommand(location: location, branch: "a|b`<c>@d", format: .html, now: Self.now).run()
        #expect(hostileHTML.stdout.contains("<p>Branch a|b`&lt;c&gt;@d · 0 runs"))
    }

    @Test("a garbled record is skipped: the review of the rest, and a warning naming the file (stderr and the report)")
    func damagedRecord() throws {
        let store = HistoryFixtures.store()
        var paths: [String] = []
        for day in 17...19 { paths.append(try HistoryFixtures.append(HistoryFixtures.record("2026-11-\(day)T12:00:00Z"), to: store)) }
        try Data("{\"schema\":".utf8).write(to: URL(fileURLWithPath: paths[1]))
        let result = report(store, branch: nil)
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("All branches · 2 runs: 2 pass, 0 warn, 0 fail, 0 error"))
        #expect(result.stderr.count == 1)
        #expect(result.stderr.first?.contains(paths[1]) == true)
        #expect(result.stdout.contains("## Warnings\n\n- "))
    }

    @Test("html: past 240 runs a chart keeps the line through every run and marks only the runs not on track and the latest")
    func manyRuns() {
        var records: [HistoryRecord] = []
        for index in 0..<300 {
            var record = HistoryFixtures.record(
                String(format: "2026-11-%02dT%02d:%02d:00Z", 16 + index / 60, index % 60 / 6, index % 6 * 10),
                metrics: [RecordedMetric(name: "tests.pass_rate", value: 90 + Double(index % 7))])
            if [10, 150, 299].contains(index) { record.verdict.results[0].status = .offTrack }
            if index == 200 { record.verdict.results[0].status = .atRisk }
            records.append(record)
        }
        let review = WeeklyReview(
            records: records, window: WeeklyReview.Window(since: HistoryFixtures.time("2026-11-16T00:00:00Z"), until: Self.now))
        let html = ReviewHTML.render(review)
        #expect(html.components(separatedBy: "<circle class=\"point\"").count - 1 == 4)
        #expect(html.contains("300 runs; markers on the 4 not on track or latest</text>"))
        let line = html.components(separatedBy: "<polyline").dropFirst().first ?? ""
        let coordinates = (line.components(separatedBy: "points=\"").dropFirst().first ?? "").prefix { $0 != "\"" }
        #expect(coordinates.split(separator: " ").count == 300)
    }
}

