import Foundation
import Testing

@testable import QualityGate

/// The weekly review's regressions (change points on the mainline, judged by
/// `RegressionDetector`, false discoveries controlled) and flaky tests (retry, same commit,
/// flip rate), on synthetic stores with known answers.
@Suite("Weekly review: regressions and flaky tests")
struct ReviewDetectorsTests {
    static let now = HistoryFixtures.time("2026-11-22T12:00:00Z")
    /// 2026-11-14T00:00Z: run `i` is at `start + i * 4 h`; the 7-day window opens at run 9.
    static let start = HistoryFixtures.time("2026-11-14T00:00:00Z")

    /// Deterministic noise in `[-1, 1)`.
    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 52) - 1
        }
    }

    static func run(
        _ index: Int, branch: String = "main", commit: String? = nil, metrics: [RecordedMetric], failing: [String] = [],
        flaky: [String] = [], minutes: Int = 0
    ) -> HistoryRecord {
        let at = UTCTime(milliseconds: start.milliseconds + Int64(index) * 4 * 3_600_000 + Int64(minutes) * 60_000)
        return HistoryRecord(
            id: HistoryStore.newID(at: at), recordedAt: at,
            context: RunContext(commit: commit ?? String(format: "%04d", index) + "abcdef", branch: branch), config: "qgate.yml",
            environment: HistoryFixtures.environment,
            verdict: RecordedVerdict(status: .pass, exitCode: 0, summary: "synthetic", results: []),
            metrics: metrics.sorted { $0.seriesName < $1.seriesName },
            tests: RecordedTests(
                counts: TestCounts(total: 10, passed: 10 - failing.count, failed: failing.count), durationSeconds: 1,
                failing: failing, flaky: flaky))
    }

    /// 40 runs of main; `latency.p95_ms{endpoint="GET /users"}` is 100 ± 3 % until run
    /// `shift`, then 130 ± 3 %; 60 other latency series and the test duration are noise only;
    /// coverage drops 12.5 % at the same run. Feature-branch runs with wild values in between.
    static func store(shift: Int = 25, noiseSeries: Int = 60) throws -> HistoryStore {
        let store = HistoryFixtures.store()
        var noise = Noise(state: 42)
        for index in 0..<40 {
            let shifted = index >= shift
            var metrics = [
                RecordedMetric(name: "latency.p95_ms", labels: ["endpoint": "GET /users"], value: (shifted ? 130 : 100) * (1 + 0.03 * noise.next())),
                RecordedMetric(name: "tests.duration_seconds", value: 60 * (1 + 0.05 * noise.next())),
                RecordedMetric(name: "coverage.lines.percent", value: (shifted ? 70 : 80) + 0.2 * noise.next()),
            ]
            for series in 0..<noiseSeries {
                metrics.append(RecordedMetric(name: "latency.p95_ms", labels: ["endpoint": "GET /e\(series)"], value: 50 * (1 + 0.08 * noise.next())))
            }
            try HistoryFixtures.append(run(index, metrics: metrics), to: store)
            if index % 5 == 0 {
                let wild = [RecordedMetric(name: "latency.p95_ms", labels: ["endpoint": "GET /users"], value: 900 + 100 * noise.next())]
                try HistoryFixtures.append(run(index, branch: "feature/slow", commit: "feed\(index)", metrics: wild, minutes: 30), to: store)
            }
        }
        return store
    }

    func review(_ store: HistoryStore, config: String? = nil, branch: String? = nil) throws -> [String: Any] {
        let location = config.map { HistoryLocation(history: store.root, config: $0, configGiven: true) } ?? HistoryLocation(history: store.root)
        let result = ReportCommand(location: location, since: "7d", branch: branch, format: .json, now: Self.now).run()
        #expect(result.exitCode == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("a level shift in one latency series among 62: listed once, with the commits it happened between")
    func shift() throws {
        let document = try review(try Self.store())
        let regressions = try #require(document["regressions"] as? [String: Any])
        #expect(regressions["available"] as? Bool == true)
        #expect((regressions["note"] as? String)?.hasPrefix("62 series watched on branch main (durations and latencies") == true)
        let items = try #require(regressions["items"] as? [[String: Any]])
        try #require(items.count == 1, "\(items)")
        #expect(items[0]["series"] as? String == #"latency.p95_ms{endpoint="GET /users"}"#)
        #expect(items[0]["from_commit"] as? String == "0024abcdef")
        #expect(items[0]["to_commit"] as? String == "0025abcdef")
        #expect(items[0]["method"] as? String == "mann-whitney-u")
        #expect(items[0]["baseline_runs"] as? Int == 20 && items[0]["current_runs"] as? Int == 15)
        let change = try #require(items[0]["change_percent"] as? Double)
        #expect(change > 25 && change < 35)
        let before = try #require(items[0]["before"] as? Double)
        #expect(abs(before - 100) < 3)
    }

    @Test("a shift at the window's first run is found against the runs before the window")
    func shiftAtWindowStart() throws {
        let document = try review(try Self.store(shift: 9, noiseSeries: 5))
        let items = try #require((document["regressions"] as? [String: Any])?["items"] as? [[String: Any]])
        try #require(items.count == 1, "\(items)")
        #expect(items[0]["from_commit"] as? String == "0008abcdef")
        #expect(items[0]["to_commit"] as? String == "0009abcdef")
        // The window itself holds only the runs from 9 on.
        #expect((document["runs"] as? [String: Any])?["total"] as? Int == 31 + 6)
    }

    @Test("the config's history.regressions decides the series and the direction")
    func configured() throws {
        let store = try Self.store(noiseSeries: 3)
        let folder = (store.root as NSString).deletingLastPathComponent
        let config = folder + "/qgate.yml"
        try """
            inputs: []
            kpis: []
            history:
              path: history
              regressions:
                metrics: [coverage.lines.percent]
                better: higher
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let document = try review(store, config: config)
        let regressions = try #require(document["regressions"] as? [String: Any])
        #expect((regressions["note"] as? String)?.hasPrefix("1 series watched on branch main (history.regressions)") == true)
        let items = try #require(regressions["items"] as? [[String: Any]])
        #expect(items.map { $0["series"] as? String } == ["coverage.lines.percent"])
        #expect(items.first?["to_commit"] as? String == "0025abcdef")
    }

    @Test("pure noise in 200 series: nothing listed")
    func noise() throws {
        let store = HistoryFixtures.store()
        var noise = Noise(state: 7)
        for index in 0..<40 {
            let metrics = (0..<200).map {
                RecordedMetric(name: "latency.p95_ms", labels: ["endpoint": "GET /n\($0)"], value: 80 * exp(0.08 * noise.next()))
            }
            try HistoryFixtures.append(Self.run(index, metrics: metrics), to: store)
        }
        let document = try review(store)
        let items = try #require((document["regressions"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.isEmpty, "\(items)")
    }

    @Test("flaky: retried in a run, failed and passed on one commit, or flipping over the branch's runs")
    func flaky() throws {
        let store = HistoryFixtures.store()
        for index in 10..<22 {
            var failing = ["Always::fails"]
            if index % 2 == 0 { failing.append("Flip::flops") }
            try HistoryFixtures.append(
                Self.run(index, metrics: [], failing: failing, flaky: index == 15 ? ["Retry::once"] : []), to: store)
        }
        // Commit 0030abcdef twice on another branch: Same::commit fails once, passes once.
        try HistoryFixtures.append(Self.run(30, branch: "release", metrics: [], failing: ["Same::commit"]), to: store)
        try HistoryFixtures.append(Self.run(30, branch: "release", metrics: [], minutes: 5), to: store)
        let document = try review(store)
        let flaky = try #require(document["flaky_tests"] as? [[String: Any]])
        #expect(flaky.map { $0["id"] as? String } == ["Flip::flops", "Retry::once", "Same::commit"])
        #expect(flaky[0]["evidence"] as? [String] == ["flip-rate"])
        #expect(flaky[0]["flips"] as? Int == 11 && flaky[0]["outcomes"] as? Int == 12)
        #expect(flaky[1]["evidence"] as? [String] == ["retry"] && flaky[1]["runs"] as? Int == 1)
        #expect(flaky[2]["evidence"] as? [String] == ["same-commit"] && flaky[2]["same_commit"] as? Int == 1)
        let markdown = ReportCommand(location: HistoryLocation(history: store.root), since: "7d", now: Self.now).run().stdout
        #expect(markdown.contains("| Flip\\:\\:flops | 11 flips in 12 runs | 2026-11-17 |"))
    }
}
