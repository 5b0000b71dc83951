import Foundation
import Testing

/// Runs the built `qgate` binary the way a CI step does, and checks stdout, stderr, files and
/// exit codes. Golden files live in `Golden/`; set `QGATE_RECORD=1` to rewrite them.
@Suite("qgate binary, end to end")
struct QGateBinaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["QGATE_BIN"] { return explicit }
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("qgate").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for folder in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent().path }) {
            if FileManager.default.isExecutableFile(atPath: folder + "/qgate") { return folder + "/qgate" }
        }
        return root + "/.build/debug/qgate"
    }()

    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    func qgate(_ arguments: [String], in directory: String = root, environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            status: process.terminationStatus)
    }

    func temporaryFolder() -> String {
        let folder = NSTemporaryDirectory() + "qgate-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func write(_ text: String, to path: String) {
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    /// Compares with `Golden/<name>`, or records it when missing or when QGATE_RECORD is set.
    func assertGolden(_ actual: String, _ name: String) throws {
        let path = Self.root + "/Tests/EndToEndTests/Golden/" + name
        let record = ProcessInfo.processInfo.environment["QGATE_RECORD"] != nil
        if record || !FileManager.default.fileExists(atPath: path) {
            write(actual, to: path)
            if !record { Issue.record("recorded a new golden file \(name); run again") }
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "output differs from Golden/\(name); rerun with QGATE_RECORD=1 if the change is intended")
    }

    @Test("the README demo: a verdict, exit 0, golden text, markdown and JSON")
    func demo() throws {
        let text = try qgate(["check", "--config", "fixtures/demo/qgate.yml"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("qgate: PASS with warnings: 2 of 21 KPIs off track (0 blocking); 2 at risk; 475 tests, 3 failing, 1 flaky, 1 skipped"))
        try assertGolden(text.stdout, "demo.txt")

        let markdown = try qgate(["check", "--config", "fixtures/demo/qgate.yml", "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("## ⚠️ Quality gate passed with warnings"))
        try assertGolden(markdown.stdout, "demo.md")

        let json = try qgate(["check", "--config", "fixtures/demo/qgate.yml", "--format", "json"])
        #expect(json.status == 0)
        try assertGolden(json.stdout, "demo.json")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(verdict["status"] as? String == "warn")
        #expect(verdict["exit_code"] as? Int == 0)
        let results = try #require(verdict["results"] as? [[String: Any]])
        #expect(
            results.map { $0["status"] as? String } == [
                "ON_TRACK", "AT_RISK", "ON_TRACK", "ON_TRACK", "ON_TRACK", "AT_RISK", "ON_TRACK", "ON_TRACK", "ON_TRACK",
                // API: breaking changes (the one ERR is waived), completeness 88 % < 100 (low),
                // undocumented operations seen in the traffic (medium), runtime coverage 83 %.
                "ON_TRACK", "OFF_TRACK", "OFF_TRACK", "ON_TRACK",
                // Performance budgets (budgets/api.json) over the JMeter load test: all 8 within.
                "ON_TRACK", "ON_TRACK", "ON_TRACK", "ON_TRACK", "ON_TRACK", "ON_TRACK", "ON_TRACK", "ON_TRACK",
            ])
        let openapi = try #require(verdict["openapi"] as? [String: Any])
        let drift = try #require(openapi["drift"] as? [String: Any])
        #expect(drift["exchanges"] as? Int == 189)
        let coverage = try #require(verdict["coverage"] as? [String: Any])
        let patch = try #require(coverage["patch"] as? [String: Any])
        #expect(patch["status"] as? String == "measured")
        #expect((patch["totals"] as? [String: Any])?["covered"] as? Int == 10)
        #expect((patch["totals"] as? [String: Any])?["total"] as? Int == 12)
        #expect(coverage["unmatched_count"] as? Int == 1)
    }

    @Test("--output writes the rendering atomically and prints the text summary")
    func outputFile() throws {
        let folder = temporaryFolder()
        let run = try qgate(["check", "--config", "fixtures/demo/qgate.yml", "--format", "json", "--output", folder + "/out/verdict.json"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("qgate: PASS with warnings"))
        let written = try String(contentsOfFile: folder + "/out/verdict.json", encoding: .utf8)
        #expect(written.contains("\"schema\" : \"qgate.verdict/1\""))
    }

    func gate(_ folder: String, kpis: String, inputs: String = "  - path: results/*.xml\n    labels: {suite: unit}\n", extra: String = "") -> String {
        let config = folder + "/qgate.yml"
        write("inputs:\n\(inputs)kpis:\n\(kpis)\(extra)", to: config)
        return config
    }

    @Test("a failing KPI fails the gate: exit 1, failing tests listed in markdown")
    func failing() throws {
        let folder = temporaryFolder()
        write(
            """
            <testsuite name="unit" tests="3" failures="1">
              <testcase classname="Cart" name="adds &lt;item&gt; @here"/>
              <testcase classname="Cart" name="removes item"><failure message="expected 1 got 2">at Cart.swift:12</failure></testcase>
              <testcase classname="Cart" name="totals"/>
            </testsuite>
            """, to: folder + "/results/TEST-cart.xml")
        let config = gate(folder, kpis: "  - id: unit-pass-rate\n    metric: tests.pass_rate{suite=\"unit\"}\n    target: \"> 99\"\n")
        let run = try qgate(["check", "--config", config, "--format", "markdown"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("## ❌ Quality gate failed"))
        #expect(run.stdout.contains("| ❌ | unit\\-pass\\-rate | 66\\.66 % | &gt; 99 % | **OFF_TRACK** | high (blocking) |"))
        #expect(run.stdout.contains("**removes item** · Cart"))
        #expect(run.stdout.contains("expected 1 got 2"))

        let lowered = gate(folder, kpis: "  - id: unit-pass-rate\n    metric: tests.pass_rate{suite=\"unit\"}\n    target: \"> 99\"\n    severity: low\n", extra: "fail_on: high\n")
        let warn = try qgate(["check", "--config", lowered])
        #expect(warn.status == 0)
        #expect(warn.stdout.hasPrefix("qgate: PASS with warnings: 1 of 1 KPIs off track (0 blocking)"))
    }

    @Test("input problems: no match, empty, truncated, not a report: exit 3, each named; warn policy lets KPIs decide")
    func inputProblems() throws {
        let folder = temporaryFolder()
        write("", to: folder + "/results/empty.xml")
        write("<testsuite><testcase name=\"a\"><system-out>cut", to: folder + "/results/cut.xml")
        write("<coverage/>", to: folder + "/results/coverage.xml")
        write("<testsuite name=\"s\"><testcase name=\"ok\"/></testsuite>", to: folder + "/results/good.xml")
        let inputs = "  - path: results/*.xml\n    labels: {suite: unit}\n  - path: nowhere/*.xml\n"
        let kpis = "  - id: pass\n    metric: tests.pass_rate\n    target: \">= 90\"\n"
        let config = gate(folder, kpis: kpis, inputs: inputs)
        let run = try qgate(["check", "--config", config, "--format", "json"])
        #expect(run.status == 3)
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let problems = try #require(verdict["problems"] as? [[String: Any]])
        #expect(Set(problems.compactMap { $0["code"] as? String }) == ["input.empty", "input.truncated", "input.not-a-test-report", "input.no-match"])
        #expect(verdict["status"] as? String == "error")

        let text = try qgate(["check", "--config", config])
        #expect(text.stdout.contains("results/empty.xml: error: the file is empty"))
        #expect(text.stdout.contains("results/cut.xml:1:"))
        #expect(text.stdout.contains("'nowhere/*.xml' matched no file"))

        let lenient = gate(folder, kpis: kpis, inputs: inputs, extra: "input_problems: warn\n")
        let warned = try qgate(["check", "--config", lenient])
        #expect(warned.status == 0)
        #expect(warned.stdout.hasPrefix("qgate: PASS with warnings"))
    }

    @Test("a glob matching nothing with no other input: the KPI has no data and fails, never 0 tests pass")
    func nothingMatched() throws {
        let folder = temporaryFolder()
        let config = gate(folder, kpis: "  - id: pass\n    metric: tests.pass_rate\n    target: \">= 90\"\n", extra: "input_problems: warn\n")
        let run = try qgate(["check", "--config", config])
        #expect(run.status == 1)
        #expect(run.stdout.contains("no data: no test ran for tests.pass_rate"))
    }

    @Test("config and usage errors exit 2 with file:line:column")
    func usage() throws {
        let folder = temporaryFolder()
        let config = gate(folder, kpis: "  - id: pass\n    metirc: tests.pass_rate\n    target: \">= 90\"\n")
        let run = try qgate(["check", "--config", config])
        #expect(run.status == 2)
        #expect(run.stderr.contains("qgate.yml:6:5: error: kpis[0].metirc: unknown key (did you mean 'metric'?)"))
        #expect(run.stdout.isEmpty)

        let missing = try qgate(["check", "--config", folder + "/nope.yml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yml: error: cannot read the config: no such file"))

        let option = try qgate(["check", "--formt", "json"])
        #expect(option.status == 2)
        let format = try qgate(["check", "--format", "yaml"])
        #expect(format.status == 2)
        let help = try qgate(["check", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--format"))
    }

    @Test("inspect --format json lists files, dialects, counts, warnings and every metric")
    func inspect() throws {
        let run = try qgate(["inspect", "--format", "json", "fixtures/demo/results/e2e/junit.xml", "fixtures/demo/results/integration/pytest.xml"])
        #expect(run.status == 0)
        try assertGolden(run.stdout, "inspect-demo.json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.count == 2)
        let first = try #require(files.first?["report"] as? [String: Any])
        #expect((first["dialect"] as? [String: Any])?["name"] as? String == "jest-junit")
        let metrics = try #require(report["metrics"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: metrics.map { ($0["name"] as! String, $0["value"] as! Double) })
        #expect(byName["tests.total"] == 160)
        #expect(byName["tests.flaky"] == 1)
        #expect(byName["tests.failed"] == 2)

        let broken = try qgate(["inspect", "fixtures/demo/qgate.yml"])
        #expect(broken.status == 3)
        #expect(broken.stderr.contains("fixtures/demo/qgate.yml: error: unknown report format"))
    }
}
