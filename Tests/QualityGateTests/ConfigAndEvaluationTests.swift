import Foundation
import Testing

@testable import QualityGate

@Suite("Config, KPIs and verdict")
struct ConfigAndEvaluationTests {
    func issues(_ yaml: String) -> [ConfigError.Issue] {
        do {
            _ = try ConfigLoader().parse(yaml, path: "qgate.yml")
            return []
        } catch {
            if case .invalid(_, let issues) = error { return issues }
            Issue.record("expected invalid, got \(error)")
            return []
        }
    }

    let minimal = """
        inputs:
          - path: results/*.xml
            labels: {suite: unit}
        kpis:
          - id: unit
            metric: tests.pass_rate{suite="unit"}
            target: "> 99"
        """

    @Test("a valid config: inputs with labels, KPIs with tiers, defaults")
    func valid() throws {
        let config = try ConfigLoader().parse(
            minimal + "\n    warning: \">= 99.5\"\n    critical: \"> 90\"\n    severity: critical\nfail_on: medium\n",
            path: "ci/qgate.yml")
        #expect(config.inputs == [InputSpec(pattern: "results/*.xml", labels: ["suite": "unit"], line: 2)])
        #expect(config.failOn == .medium)
        #expect(config.inputProblems == .fail)
        #expect(config.baseDirectory == "ci")
        let kpi = try #require(config.kpis.first)
        #expect(kpi.target == Threshold(.greater, 99))
        #expect(kpi.warning == Threshold(.greaterOrEqual, 99.5))
        #expect(kpi.critical == Threshold(.greater, 90))
        #expect(kpi.severity == .critical)
        #expect(kpi.expression == .metric(MetricSelector(name: "tests.pass_rate", labels: ["suite": "unit"])))
    }

    @Test("JSON of the same shape is accepted")
    func json() throws {
        let config = try ConfigLoader().parse(
            #"{"inputs": ["a.xml"], "kpis": [{"id": "k", "formula": "tests.failed + tests.errors", "target": "== 0"}]}"#,
            path: "qgate.json")
        #expect(config.inputs.first?.pattern == "a.xml")
        #expect(config.kpis.first?.expression.description == "tests.failed + tests.errors")
    }

    @Test("unknown keys: error with line, column, key and a did-you-mean")
    func unknownKey() {
        let found = issues(minimal.replacingOccurrences(of: "    target:", with: "    targte:"))
        #expect(found.count == 2)
        let unknown = found.first { $0.key == "kpis.unit.targte" || $0.key.hasSuffix("targte") }
        #expect(unknown?.line == 7)
        #expect(unknown?.column == 5)
        #expect(unknown?.message.contains("did you mean 'target'?") == true)
        #expect(found.contains { $0.message.hasPrefix("missing: the pass line") })

        let top = issues(minimal + "\nfailOn: high\n")
        #expect(top.first?.message.contains("did you mean 'fail_on'?") == true)
        #expect(top.first?.line == 8)
    }

    @Test("bad values: threshold, severity, expression column, tiers on the wrong side, duplicates")
    func badValues() {
        let threshold = issues(minimal.replacingOccurrences(of: "\"> 99\"", with: "high"))
        #expect(threshold.first?.key == "kpis.unit.target")
        #expect(threshold.first?.message.contains("is not a comparison") == true)

        let severity = issues(minimal + "\n    severity: hihg\n")
        #expect(severity.first?.message.contains("did you mean 'high'?") == true)

        let expression = issues(minimal.replacingOccurrences(of: #"metric: tests.pass_rate{suite="unit"}"#, with: "formula: (tests.failed + "))
        let syntax = try? #require(expression.first)
        #expect(syntax?.key == "kpis.unit.formula")
        #expect(syntax?.line == 6)
        // The formula starts at column 14; the error is at expression column 16 (end of input).
        #expect(syntax?.column == 14 + 15)
        #expect(syntax?.message.contains("column 16") == true)

        let tier = issues(minimal + "\n    warning: \"> 98\"\n")
        #expect(tier.first?.message.contains("looser than the target") == true)
        let critical = issues(minimal + "\n    critical: \"< 50\"\n")
        #expect(critical.first?.message.contains("points the other way") == true)

        let duplicate = issues(minimal + "\n  - id: unit\n    metric: tests.total\n    target: \">= 1\"\n")
        #expect(duplicate.first?.message.contains("duplicate id 'unit'") == true)

        let both = issues(minimal + "\n    formula: tests.total\n")
        #expect(both.first?.message.contains("either `metric` or `formula`") == true)
    }

    @Test("YAML syntax errors and alias bombs")
    func syntaxAndBombs() {
        #expect(throws: ConfigError.self) { try ConfigLoader().parse("inputs: [a.xml\nkpis: x", path: "q.yml") }
        do {
            _ = try ConfigLoader().parse("kpis:\n  - id: a\n    target: > 99\n", path: "q.yml")
        } catch {
            if case .syntax(_, let line, _, _) = error { #expect(line == 3) } else { #expect(error.description.contains("q.yml:")) }
        }
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = level == 1 ? "a" : "a\(level - 1)"
            bomb += "a\(level): &a\(level) [*\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous)]\n"
        }
        bomb += "inputs: *a8\nkpis: []\n"
        let start = Date()
        #expect(throws: ConfigError.self) { try ConfigLoader().parse(bomb, path: "bomb.yml") }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    func metrics(_ values: [String: Double]) -> MetricSet {
        MetricSet(values.map { Metric(name: $0.key, value: $0.value) })
    }

    @Test("ON_TRACK, AT_RISK, OFF_TRACK with margins; critical escalation; fail_on")
    func evaluation() throws {
        let rate = try Expression(parsing: "rate")
        let kpi = KPI(id: "k", expression: rate, target: Threshold(.greater, 99), warning: Threshold(.greaterOrEqual, 99.5),
                      critical: Threshold(.greaterOrEqual, 90), severity: .medium)
        let evaluator = Evaluator(failOn: .high)

        let good = evaluator.evaluate(kpi, metrics: metrics(["rate": 99.8]))
        #expect(good.status == .onTrack && good.margin.map { abs($0 - 0.8) < 1e-9 } == true && !good.blocking)
        let risk = evaluator.evaluate(kpi, metrics: metrics(["rate": 99.2]))
        #expect(risk.status == .atRisk && !risk.blocking)
        let off = evaluator.evaluate(kpi, metrics: metrics(["rate": 95]))
        #expect(off.status == .offTrack && off.severity == .medium && !off.blocking && off.margin == -4)
        let critical = evaluator.evaluate(kpi, metrics: metrics(["rate": 80]))
        #expect(critical.status == .offTrack && critical.severity == .critical && critical.blocking)
        let exact = Evaluator(failOn: .low).evaluate(
            KPI(id: "e", expression: rate, target: Threshold(.greaterOrEqual, 99)), metrics: metrics(["rate": 99.0]))
        #expect(exact.status == .onTrack)

        let missing = evaluator.evaluate(KPI(id: "m", expression: rate, target: Threshold(.greater, 1), severity: .high), metrics: metrics([:]))
        #expect(missing.status == .offTrack && missing.value == nil && missing.blocking)
        #expect(missing.message == "no data: no input produced 'rate'")
    }

    @Test("pass rate: skipped excluded, flaky passed, absent when nothing ran")
    func passRate() {
        #expect(TestCounts(total: 10, passed: 8, failed: 1, errors: 0, skipped: 1, flaky: 2).passRate == 8.0 * 100 / 9)
        #expect(TestCounts(total: 3, skipped: 3).passRate == nil)
        let runs = TestMeasures.metrics([TestMeasures.Group(labels: ["suite": "e2e"], runs: [], pattern: "e2e/*.xml")])
        let set = MetricSet(runs)
        #expect(set[MetricSelector(name: "tests.total", labels: ["suite": "e2e"])]?.value == 0)
        #expect(set[MetricSelector(name: "tests.pass_rate", labels: ["suite": "e2e"])] == nil)
        let result = Evaluator(failOn: .low).evaluate(
            KPI(id: "e2e", expression: .metric(MetricSelector(name: "tests.pass_rate", labels: ["suite": "e2e"])), target: Threshold(.greater, 95)),
            metrics: set)
        #expect(result.status == .offTrack)
        #expect(result.message?.contains("no test ran") == true)
    }

    @Test("a test name cannot inject markdown, HTML or mentions; long output is capped with a note")
    func markdownSafety() {
        let hostile = "evil](http://x) <img src=x onerror=alert(1)> @octocat **bold** | cell\n# heading"
        let escaped = MarkdownEscaping.inline(hostile)
        #expect(!escaped.contains("<img"))
        #expect(!escaped.contains("@octocat"))
        #expect(!escaped.contains(" | ") && escaped.contains("\\|"))
        #expect(!escaped.contains("\n"))
        #expect(escaped.contains("&#64;octocat"))
        #expect(escaped.contains("\\]\\(http\\:"))
        #expect(MarkdownEscaping.codeBlock("a ``` b \u{1B}[31mred\u{1B}[0m") == "````text\na ``` b red\n````")

        var failing: [TestCase] = []
        for index in 0..<2_000 {
            failing.append(TestCase(suite: "s", classname: "C", name: hostile + "\(index)", outcome: .failed,
                                    message: String(repeating: "m", count: 200), details: String(repeating: "trace\n", count: 40), report: "r.xml"))
        }
        let verdict = Verdict(
            status: .fail, exitCode: 1, failOn: .low, summary: "s", results: [],
            tests: TestSummary(counts: TestCounts(total: 2_000, failed: 2_000), durationSeconds: 1, failing: failing, flaky: [], omitted: 0),
            inputs: [], problems: [], warnings: [], metrics: [])
        let markdown = MarkdownRenderer().render(verdict)
        #expect(markdown.count < 65_000)
        #expect(markdown.contains("not shown:"))
        #expect(markdown.contains("more failing tests not listed here"))
        #expect(!markdown.contains("<img"))
        #expect(!markdown.contains("@octocat"))
    }
}
