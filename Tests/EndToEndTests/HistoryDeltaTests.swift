import Foundation
import Testing

/// Delta KPIs, tests over time, quarantine and regressions through the binary, in a real
/// temporary git repository with a real store.
@Suite("qgate check against the history, end to end")
struct HistoryDeltaTests {
    let baseline = HistoryBaselineTests()
    var binary: QGateBinaryTests { baseline.binary }

    static let config = """
        fail_on: medium
        inputs:
          - path: results/*.xml
        kpis:
          - id: count-drop
            formula: (tests.total - baseline(tests.total)) / baseline(tests.total) * 100
            target: ">= -5"
          - id: no-new-failures
            metric: tests.new_failures
            target: "== 0"
          - id: no-blocking-failures
            metric: tests.blocking_failures
            target: "== 0"
            severity: low
          - id: no-regressions
            metric: history.regressions
            target: "== 0"
        quarantine:
          - {test: "C::q*", owner: alice, reason: "flaky on CI, #12", expires: "2099-01-01"}
          - {test: "C::old", owner: bob, reason: "gone", expires: "2000-01-01"}
        history:
          regressions:
            metrics: [tests.duration_seconds]
        """

    /// A report with the given tests (`name` passes, `name!` fails) taking `seconds`.
    func results(_ tests: [String], seconds: Double, in repository: String) {
        let cases = tests.map { test in
            test.hasSuffix("!")
                ? "<testcase classname=\"C\" name=\"\(test.dropLast())\"><failure message=\"boom\"/></testcase>"
                : "<testcase classname=\"C\" name=\"\(test)\"/>"
        }
        binary.write("<testsuite name=\"u\" time=\"\(seconds)\">\(cases.joined())</testsuite>", to: repository + "/results/a.xml")
    }

    func check(_ repository: String, _ extra: [String]) throws -> (status: Int32, verdict: [String: Any], stderr: String) {
        let run = try binary.qgate(
            ["check", "--config", "qgate.yml", "--format", "json"] + extra, in: repository, environment: HistoryBaselineTests.environment)
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return (run.status, verdict, run.stderr)
    }

    func result(_ verdict: [String: Any], _ id: String) -> [String: Any] {
        ((verdict["results"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    func metric(_ verdict: [String: Any], _ name: String) -> Double? {
        ((verdict["metrics"] as? [[String: Any]]) ?? []).first { $0["name"] as? String == name }?["value"] as? Double
    }

    @Test("no baseline: delta KPIs NEUTRAL; with one: new failures, fixed, added, quarantine, count drop, regressions")
    func deltas() throws {
        let repository = binary.temporaryFolder()
        try baseline.git(["init", "-q", "-b", "main"], in: repository)
        binary.write(Self.config, to: repository + "/qgate.yml")
        binary.write(".qgate/\n", to: repository + "/.gitignore")
        let mainTests = ["a", "b!", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "v"]
        results(mainTests, seconds: 10, in: repository)
        _ = try baseline.commit("c1", in: repository)

        // The first run: no baseline, so the delta KPIs are NEUTRAL and the gate passes
        // (apart from the failing test, which only a low-severity KPI holds).
        let first = try check(repository, ["--record"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("qgate: no baseline: no usable run of main is recorded"), "\(first.stderr)")
        #expect(result(first.verdict, "count-drop")["status"] as? String == "NEUTRAL")
        #expect(result(first.verdict, "count-drop")["message"] as? String == "no baseline: no usable run of main is recorded")
        #expect(result(first.verdict, "no-new-failures")["status"] as? String == "NEUTRAL")
        #expect(result(first.verdict, "no-regressions")["status"] as? String == "ON_TRACK")
        let regressions = try #require((first.verdict["history"] as? [String: Any])?["regressions"] as? [[String: Any]])
        #expect(regressions.first?["verdict"] as? String == "inconclusive")
        #expect(regressions.first?["reason"] as? String == "0 baseline samples, 5 needed")
        let warnings = (first.verdict["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(warnings.contains { $0.hasPrefix("the quarantine of 'C::old' (owner bob) expired on 2000-01-01") }, "\(warnings)")

        // Five more runs on main, with durations around 10 s.
        for (index, seconds) in [10.2, 9.8, 10.1, 9.9, 10.0].enumerated() {
            results(mainTests, seconds: seconds, in: repository)
            _ = try baseline.commit("c\(index + 2)", in: repository)
            let run = try check(repository, ["--record"])
            #expect(run.status == 0, "\(run.stderr)")
        }

        // A pull request: b fixed, c a new failure, q1 failing but quarantined, 20 s instead of 10.
        try baseline.git(["checkout", "-q", "-b", "feature"], in: repository)
        results(mainTests.map { $0 == "b!" ? "b" : $0 } + ["c!", "q1!"], seconds: 20, in: repository)
        _ = try baseline.commit("f1", in: repository)
        let pull = try check(repository, ["--base-branch", "main", "--record"])
        #expect(pull.status == 1, "a new failure blocks: \(pull.stderr)")
        #expect(pull.stderr.contains("qgate: baseline: run "), "\(pull.stderr)")
        #expect(result(pull.verdict, "no-new-failures")["status"] as? String == "OFF_TRACK")
        #expect(result(pull.verdict, "count-drop")["status"] as? String == "ON_TRACK")
        #expect(result(pull.verdict, "count-drop")["value"] as? Double == 10)
        let history = try #require(pull.verdict["history"] as? [String: Any])
        let tests = try #require(history["tests"] as? [String: Any])
        #expect(tests["new_failures"] as? [String] == ["C::c"])
        #expect(tests["fixed"] as? [String] == ["C::b"])
        #expect(tests["added"] as? Int == 2)
        #expect(tests["removed"] as? Int == 0)
        #expect(tests["blocking_failures"] as? Int == 1)
        #expect((tests["quarantined"] as? [[String: Any]])?.first?["owner"] as? String == "alice")
        #expect(metric(pull.verdict, "tests.quarantined") == 1)
        #expect(metric(pull.verdict, "tests.new_failures") == 1)
        #expect(metric(pull.verdict, "tests.fixed") == 1)
        // 20 s against a median of 10 s: regressed, but one sample is unconfirmed and does not block.
        let regression = try #require((history["regressions"] as? [[String: Any]])?.first)
        #expect(regression["verdict"] as? String == "regressed")
        #expect(regression["confirmed"] as? Bool == false)
        #expect(regression["baseline_median"] as? Double == 10)
        #expect(regression["baseline_samples"] as? Int == 6)
        #expect(metric(pull.verdict, "history.regressions") == 0)
        #expect(metric(pull.verdict, "history.regressions_unconfirmed") == 1)
        #expect(result(pull.verdict, "no-regressions")["status"] as? String == "ON_TRACK")

        // The same commit measured again: the regression is confirmed and blocks; C::c failing
        // in one record and passing in the other is flaky on this commit.
        results(mainTests.map { $0 == "b!" ? "b" : $0 } + ["c", "q1!"], seconds: 20.5, in: repository)
        let again = try check(repository, ["--base-branch", "main"])
        #expect(again.status == 1)
        #expect(metric(again.verdict, "history.regressions") == 1)
        #expect(result(again.verdict, "no-regressions")["status"] as? String == "OFF_TRACK")
        let flaky = try #require(((again.verdict["history"] as? [String: Any])?["tests"] as? [String: Any])?["flaky"] as? [[String: Any]])
        #expect(flaky.map { $0["id"] as? String } == ["C::c"])
        #expect(flaky.first?["evidence"] as? String == "same-commit")

        // The text and markdown verdicts say the same in sentences.
        let text = try binary.qgate(["check", "--config", "qgate.yml", "--base-branch", "main"], in: repository, environment: HistoryBaselineTests.environment)
        #expect(text.stdout.contains("\nHistory:\n  baseline: run "), "\(text.stdout)")
        #expect(text.stdout.contains("  Fixed (1): C::b\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  Quarantined failures (not blocking) (1): C::q1 (owner alice, until 2099-01-01)\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  tests.duration_seconds: regressed by 102.5 % against the median of 6 baseline runs\n"), "\(text.stdout)")
        let markdown = try binary.qgate(
            ["check", "--config", "qgate.yml", "--base-branch", "main", "--format", "markdown"], in: repository, environment: HistoryBaselineTests.environment)
        #expect(markdown.stdout.contains("### 🕰️ Against the history"), "\(markdown.stdout)")

        // Dropping 2 of 20 tests is a 10 % drop: the count KPI fails; removed tests are counted.
        results(Array(mainTests.dropLast(2)), seconds: 10, in: repository)
        _ = try baseline.commit("f2", in: repository)
        let dropped = try check(repository, ["--base-branch", "main"])
        #expect(result(dropped.verdict, "count-drop")["status"] as? String == "OFF_TRACK")
        #expect(result(dropped.verdict, "count-drop")["value"] as? Double == -10)
        #expect((((dropped.verdict["history"] as? [String: Any])?["tests"] as? [String: Any])?["removed"] as? Int) == 2)
    }
}
