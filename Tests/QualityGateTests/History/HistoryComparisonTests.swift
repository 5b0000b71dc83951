import Foundation
import Testing

@testable import QualityGate

@Suite("Deltas against the baseline, tests over time, quarantine")
struct HistoryComparisonTests {
    @Test("baseline(): parses, renders, evaluates against the baseline lookup, and refuses non-metrics")
    func baselineFunction() throws {
        let formula = try Expression(parsing: "coverage.lines.percent - baseline(coverage.lines.percent)")
        #expect(formula.description == "coverage.lines.percent - baseline(coverage.lines.percent)")
        #expect(formula.readsBaseline)
        #expect(!(try Expression(parsing: "max(tests.total, 1)")).readsBaseline)
        let current: (MetricSelector) -> Double? = { $0.name == "coverage.lines.percent" ? 80.25 : nil }
        #expect(try formula.evaluate(current, baseline: { _ in 81 }) == -0.75)
        #expect(throws: ExpressionError.noBaseline) { try formula.evaluate(current) }
        #expect(throws: ExpressionError.missingBaselineMetric(MetricSelector(name: "coverage.lines.percent"))) {
            try formula.evaluate(current, baseline: { _ in nil })
        }
        for bad in ["baseline(1)", "baseline()", "baseline(a, b)", "baseline(a + b)"] {
            #expect(throws: ExpressionError.syntax(message: "baseline() takes exactly one metric, e.g. baseline(coverage.lines.percent)", column: 1)) {
                try Expression(parsing: bad)
            }
        }
    }

    @Test("delta KPIs: NEUTRAL without a baseline or a baseline series, judged with one")
    func deltaKPIs() throws {
        let kpi = KPI(id: "drop", expression: try Expression(parsing: "tests.total - baseline(tests.total)"), target: Threshold(.greaterOrEqual, -5))
        let newFailures = KPI(id: "new", expression: .metric(MetricSelector(name: "tests.new_failures")), target: Threshold(.equal, 0))
        let metrics = MetricSet([Metric(name: "tests.total", value: 90)])
        var evaluator = Evaluator(failOn: .low)
        evaluator.noBaselineReason = "no baseline: no usable run of main is recorded"
        for result in evaluator.evaluate([kpi, newFailures], metrics: metrics) {
            #expect(result.status == .neutral && !result.blocking)
            #expect(result.message == "no baseline: no usable run of main is recorded")
        }
        evaluator.baseline = MetricSet([Metric(name: "tests.total", value: 100)])
        let judged = evaluator.evaluate(kpi, metrics: metrics)
        #expect(judged.status == .offTrack && judged.value == -10 && judged.blocking)
        evaluator.baseline = MetricSet([])
        let missing = evaluator.evaluate(kpi, metrics: metrics)
        #expect(missing.status == .neutral)
        #expect(missing.message == "the baseline run has no series 'tests.total': nothing to compare with")
    }

    func record(_ when: String, failing: [String], skipped: [String] = [], ids: [String]? = nil, commit: String = "c0ffee") -> HistoryRecord {
        var record = HistoryFixtures.record(when, commit: commit)
        record.tests.failing = failing
        record.tests.skipped = skipped
        record.tests.ids = ids.map { TestIDSet(ids: $0) }
        return record
    }

    @Test("new failures, fixed, still failing, newly skipped, added and removed against the baseline run")
    func testsAgainstBaseline() {
        let baseline = record("2026-11-20T10:00:00Z", failing: ["A::old", "A::both"], skipped: ["A::s1"], ids: ["A::old", "A::both", "A::s1", "A::gone", "A::p"])
        var current = RecordedTests(counts: TestCounts(), durationSeconds: 1, failing: ["A::both", "A::new", "Q::flaky1"], skipped: ["A::s1", "A::s2"])
        current.ids = TestIDSet(ids: ["A::old", "A::both", "A::s1", "A::s2", "A::new", "Q::flaky1", "A::p"])
        let quarantine = [
            QuarantineEntry(test: "Q::*", owner: "alice", reason: "flaky", expires: "2026-12-31"),
            QuarantineEntry(test: "A::new", owner: "bob", reason: "expired", expires: "2026-11-01"),
        ]
        let history = TestHistory(
            current: current, baseline: baseline, window: [], reruns: [], quarantine: quarantine, flakySettings: FlakySettings(),
            today: "2026-11-22")
        #expect(history.newFailures == ["A::new"])
        #expect(history.stillFailing == ["A::both"])
        #expect(history.fixed == ["A::old"])
        #expect(history.newlySkipped == ["A::s2"])
        #expect(history.added == 3 && history.removed == 1)
        #expect(history.quarantined.map(\.id) == ["Q::flaky1"])
        #expect(history.blockingFailures == 2)
        #expect(history.expiredQuarantine.map(\.owner) == ["bob"])
        let metrics = Dictionary(uniqueKeysWithValues: history.metrics.map { ($0.name, $0.value) })
        #expect(metrics["tests.new_failures"] == 1 && metrics["tests.quarantined"] == 1 && metrics["tests.removed"] == 1)

        let none = TestHistory(
            current: current, baseline: nil, window: [], reruns: [], quarantine: [], flakySettings: FlakySettings(), today: "2026-11-22")
        #expect(none.metrics.map(\.name).sorted() == ["tests.blocking_failures", "tests.flaky_over_time", "tests.quarantined"])
    }

    @Test("flaky over time: flip rate over the window, not a test that broke once and was fixed")
    func flipRate() {
        // "A::flip" alternates; "A::broke" fails three runs in a row, then passes.
        let pattern: [[String]] = [
            ["A::flip"], [], ["A::flip", "A::broke"], ["A::broke"], ["A::flip", "A::broke"], [], ["A::flip"], [],
        ]
        let window = pattern.enumerated().map { index, failing in record("2026-11-1\(index)T10:00:00Z", failing: failing) }
        let current = RecordedTests(counts: TestCounts(), durationSeconds: 1, failing: ["A::flip"])
        let flaky = TestHistory.flaky(current: current, window: window, reruns: [], settings: FlakySettings())
        #expect(flaky.map(\.id) == ["A::flip"])
        #expect(flaky.first?.evidence == "flip-rate")
        #expect(flaky.first?.flips == 8 && flaky.first?.runs == 9)
    }

    @Test("quarantine patterns: * matches any run of characters, nothing else is special")
    func wildcard() {
        let entry = QuarantineEntry(test: "Pay*Tests::test*Refund", owner: "o", reason: "r", expires: "2026-12-31")
        #expect(entry.matches("PaymentTests::testFullRefund"))
        #expect(entry.matches("PayTests::testRefund"))
        #expect(!entry.matches("PaymentTests::testRefunds"))
        #expect(QuarantineEntry(test: "A::b", owner: "o", reason: "r", expires: "x").matches("A::b"))
        #expect(!QuarantineEntry(test: "A::b", owner: "o", reason: "r", expires: "x").matches("A::bc"))
        #expect(entry.isExpired(today: "2027-01-01") && !entry.isExpired(today: "2026-12-31"))
    }

    @Test("the test id set round-trips through its base64 form")
    func idSet() throws {
        let set = TestIDSet(ids: ["a", "b", "a"])
        #expect(set.count == 2)
        let decoded = try JSONDecoder().decode(TestIDSet.self, from: JSONEncoder().encode(set))
        #expect(decoded.set == [TestIDSet.hash("a"), TestIDSet.hash("b")])
        var unknown = set
        unknown.encoding = "other/9"
        #expect(unknown.set.isEmpty)
    }

    @Test("config: history and quarantine sections, with errors a user can act on")
    func config() throws {
        let config = try ConfigLoader().parse(
            """
            inputs: [results/*.xml]
            kpis:
              - {id: drop, formula: "tests.total - baseline(tests.total)", target: ">= -5"}
            history:
              baseline: always
              regressions: {metrics: [tests.duration_seconds, 'latency.p95_ms{route="/a"}'], window: 30, min_effect: 5%, better: lower}
              flaky: {max_flip_rate: 0.2}
            quarantine:
              - {test: "A::*", owner: alice, reason: flaky, expires: 2026-12-31}
            """, path: "qgate.yml")
        #expect(config.history.baseline == .always)
        #expect(config.history.regressions?.window == 30)
        #expect(config.history.regressions?.minEffect == 0.05)
        #expect(config.history.regressions?.metrics.last == MetricSelector(name: "latency.p95_ms", labels: ["route": "/a"]))
        #expect(config.history.flaky.maxFlipRate == 0.2)
        #expect(config.quarantine.first?.owner == "alice")
        #expect(config.wantsHistory)

        do {
            _ = try ConfigLoader().parse(
                """
                inputs: [results/*.xml]
                kpis: [{id: a, metric: tests.total, target: "> 0"}]
                history:
                  regressions: {metrics: ["1 + 2"], min_samples: 1}
                quarantine:
                  - {test: "A::*", reason: flaky, expires: soon}
                """, path: "qgate.yml")
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains("history.regressions.metrics[0]: '1 + 2' is not a metric name or selector"), "\(text)")
            #expect(text.contains("history.regressions.min_samples: expected a whole number from 2 to 10000, found '1'"), "\(text)")
            #expect(text.contains("quarantine[0].owner: missing"), "\(text)")
            #expect(text.contains("quarantine[0].expires: expected a date as yyyy-MM-dd, found 'soon'"), "\(text)")
        }
    }
}
