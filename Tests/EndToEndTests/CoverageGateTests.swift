import Foundation
import Testing

/// Coverage through the built binary, in a real temporary git repository: content detection,
/// path mapping by `git ls-files`, flags, merge-base patch coverage, bad input.
@Suite("coverage through qgate, end to end")
struct CoverageGateTests {
    let binary = QGateBinaryTests()

    /// Runs git with an isolated configuration.
    @discardableResult
    func git(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=qgate", "-c", "user.email=qgate@example.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    func source(_ lines: Int) -> String {
        (1...lines).map { "line \($0)" }.joined(separator: "\n") + "\n"
    }

    @Test("--base: merge-base patch coverage, paths mapped by suffix, per-flag KPIs, uncovered ranges")
    func patchFromGit() throws {
        let repo = binary.temporaryFolder()
        try git(["init", "-q"], in: repo)
        binary.write(source(20), to: repo + "/src/calc.swift")
        binary.write(source(10), to: repo + "/web/app.ts")
        binary.write(source(5), to: repo + "/src/old.swift")
        try git(["add", "."], in: repo)
        try git(["commit", "-q", "-m", "base"], in: repo)
        try git(["checkout", "-q", "-b", "feature"], in: repo)
        // The change: lines 5-8 of calc.swift rewritten, app.ts line 3 added, old.swift deleted.
        var calc = (1...20).map { "line \($0)" }
        for index in 4...7 { calc[index] = "changed \(index + 1)" }
        binary.write(calc.joined(separator: "\n") + "\n", to: repo + "/src/calc.swift")
        var app = (1...10).map { "line \($0)" }
        app.insert("added 3", at: 2)
        binary.write(app.joined(separator: "\n") + "\n", to: repo + "/web/app.ts")
        try git(["rm", "-q", "src/old.swift"], in: repo)
        try git(["commit", "-q", "-am", "feature"], in: repo)

        // Reports written by a CI container (/build/...) and a coverage.py-style Cobertura.
        binary.write(
            """
            SF:/build/src/calc.swift
            DA:1,1
            DA:5,3
            DA:6,0
            DA:7,0
            DA:8,2
            DA:12,1
            end_of_record
            SF:/build/src/generated/Stub.swift
            DA:1,1
            end_of_record
            """, to: repo + "/coverage/swift.lcov")
        binary.write(
            """
            <?xml version="1.0" ?>
            <coverage line-rate="0.5" lines-valid="2" lines-covered="1" version="7.0">
              <sources><source>/home/runner/work/x/x/web</source></sources>
              <packages><package name="web"><classes><class name="app" filename="app.ts">
                <lines><line number="3" hits="0"/><line number="4" hits="5"/></lines>
              </class></classes></package></packages>
            </coverage>
            """, to: repo + "/coverage/web.xml")
        binary.write(
            """
            inputs:
              - path: coverage/swift.lcov
                flag: backend
              - path: coverage/web.xml
                flag: frontend
            kpis:
              - id: backend
                metric: coverage.lines.percent{flag="backend"}
                target: "> 60"
              - id: patch
                metric: coverage.patch.percent
                target: ">= 80"
            """, to: repo + "/qgate.yml")

        let run = try binary.qgate(["check", "--config", repo + "/qgate.yml", "--base", "main", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(verdict["results"] as? [[String: Any]])
        // backend: 4 of 6 lines of calc.swift (the generated stub is not in the repository).
        #expect(abs((results.first?["value"] as? Double ?? 0) - 400.0 / 6.0) < 1e-9)
        #expect(results.first?["status"] as? String == "ON_TRACK")
        // patch: calc.swift 5-8 coverable (5, 8 covered; 6, 7 not) + app.ts 3 (not covered) = 2 of 5.
        #expect(results.last?["value"] as? Double == 40)
        #expect(results.last?["status"] as? String == "OFF_TRACK")
        let coverage = try #require(verdict["coverage"] as? [String: Any])
        #expect(coverage["mapping"] as? String == "git ls-files")
        #expect(coverage["unmatched_count"] as? Int == 1)
        let patch = try #require(coverage["patch"] as? [String: Any])
        let files = try #require(patch["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["src/calc.swift", "web/app.ts"])
        #expect(files.first?["uncovered_lines"] as? String == "6-7")
        #expect((patch["origin"] as? String)?.contains("merge base") == true || (patch["origin"] as? String)?.contains("main") == true)

        let markdown = try binary.qgate(["check", "--config", repo + "/qgate.yml", "--base", "main", "--format", "markdown"])
        #expect(markdown.stdout.contains("**Patch coverage:** 40 % — 2 of 5 coverable changed lines covered"))
        #expect(markdown.stdout.contains("`src/calc.swift` — 2/4 covered; uncovered: 6\\-7"))

        // Only non-coverable lines changed: NEUTRAL, never a fake 100 %.
        try git(["checkout", "-q", "main"], in: repo)
        try git(["checkout", "-q", "-b", "docs"], in: repo)
        var docs = (1...20).map { "line \($0)" }
        docs[1] = "comment 2"
        binary.write(docs.joined(separator: "\n") + "\n", to: repo + "/src/calc.swift")
        let neutral = try binary.qgate(["check", "--config", repo + "/qgate.yml", "--base", "main"])
        #expect(neutral.status == 0, "\(neutral.stdout)")
        #expect(neutral.stdout.contains("NEUTRAL"))
        #expect(neutral.stdout.contains("patch: no coverable line changed"))

        // An unknown base ref is an input problem (exit 3), named.
        let unknown = try binary.qgate(["check", "--config", repo + "/qgate.yml", "--base", "no-such-branch"])
        #expect(unknown.status == 3)
        #expect(unknown.stdout.contains("no-such-branch"))
    }

    @Test("a report none of whose paths is in the repository is an input problem (exit 3), not 0 %")
    func nothingMatches() throws {
        let repo = binary.temporaryFolder()
        try git(["init", "-q"], in: repo)
        binary.write(source(5), to: repo + "/src/main.swift")
        try git(["add", "."], in: repo)
        try git(["commit", "-q", "-m", "base"], in: repo)
        binary.write("SF:/other/project/lib.c\nDA:1,1\nend_of_record\n", to: repo + "/lcov.info")
        binary.write(
            "inputs:\n  - lcov.info\nkpis:\n  - id: lines\n    metric: coverage.lines.percent\n    target: \">= 0\"\n",
            to: repo + "/qgate.yml")
        let run = try binary.qgate(["check", "--config", repo + "/qgate.yml"])
        #expect(run.status == 3, "\(run.stdout)")
        #expect(run.stdout.contains("none of the report's 1 file path(s) match a file of the repository"))
        #expect(run.stdout.contains("'/other/project/lib.c'"))
    }

    @Test("inspect: format and evidence, recomputed vs declared totals; bad coverage input exits 3 with file and line")
    func inspectAndBadInput() throws {
        let folder = binary.temporaryFolder()
        let corpus = URL(fileURLWithPath: QGateBinaryTests.root).deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/coverage").path
        let swift = corpus + "/generated-local/swift-llvm-cov/Demo.export-filtered.json"
        let run = try binary.qgate(["inspect", "--format", "json", swift], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let file = try #require((report["files"] as? [[String: Any]])?.first?["report"] as? [String: Any])
        #expect(file["format"] as? String == "llvm-cov")
        let digest = try #require(file["coverage"] as? [String: Any])
        #expect((digest["detected_by"] as? String)?.contains("llvm.coverage.json.export") == true)
        #expect(digest["disagreement"] as? String == "lines 26/32 declared, 25/30 recomputed")
        let metrics = try #require(report["metrics"] as? [[String: Any]])
        var byName: [String: Double] = [:]
        for metric in metrics {
            if let name = metric["name"] as? String, let value = metric["value"] as? Double, metric["labels"] == nil
                || (metric["labels"] as? [String: String])?.isEmpty == true
            {
                byName[name] = value
            }
        }
        #expect(byName["coverage.lines.covered"] == 25)
        #expect(byName["coverage.lines.total"] == 30)
        #expect(byName["coverage.regions.covered"] == 14)
        #expect(byName["coverage.regions.total"] == 21)

        binary.write("SF:src/a.swift\nDA:1,1\nDA:2,-3\nend_of_record\n", to: folder + "/bad.lcov")
        let bad = try binary.qgate(["inspect", folder + "/bad.lcov"])
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("bad.lcov:3"), "\(bad.stderr)")
        #expect(bad.stderr.contains("invalid LCOV data: negative execution count"), "\(bad.stderr)")

        binary.write("just some text\n", to: folder + "/notes.txt")
        let unknown = try binary.qgate(["inspect", folder + "/notes.txt"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("unknown report format"))
    }
}
