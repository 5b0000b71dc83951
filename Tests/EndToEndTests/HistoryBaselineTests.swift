import Foundation
import Testing

/// Baseline selection through the binary, in a real temporary git repository.
@Suite("qgate baseline selection, end to end")
struct HistoryBaselineTests {
    let binary = QGateBinaryTests()

    /// CI variables cleared (the test may itself run in CI) and a git identity for commits.
    static let environment = [
        "GITHUB_ACTIONS": "", "GITLAB_CI": "", "BUILDKITE": "", "JENKINS_URL": "", "JENKINS_HOME": "", "CI": "",
        "GIT_AUTHOR_NAME": "qgate", "GIT_AUTHOR_EMAIL": "qgate@example.com", "GIT_COMMITTER_NAME": "qgate",
        "GIT_COMMITTER_EMAIL": "qgate@example.com", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
    ]

    @discardableResult
    func git(_ arguments: [String], in repository: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(Self.environment) { _, new in new }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func commit(_ message: String, in repository: String) throws -> String {
        binary.write(message, to: repository + "/change.txt")
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", message], in: repository)
        return try git(["rev-parse", "HEAD"], in: repository)
    }

    /// `qgate check --record` in the repository; returns the recorded run's id and stderr.
    func record(in repository: String, _ extra: [String] = []) throws -> (id: String, stderr: String) {
        let run = try binary.qgate(["check", "--config", "qgate.yml", "--record"] + extra, in: repository, environment: Self.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let line = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("qgate: recorded run ") })
        return (String(line.split(separator: " ")[3]), run.stderr)
    }

    func recordJSON(_ repository: String, id: String) throws -> [String: Any] {
        let path = repository + "/.qgate/history/runs/\(id.prefix(4))-\(id.dropFirst(4).prefix(2))/\(id).json"
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test("pull request: the base branch's run at the merge base, else walking back; a push: this branch's previous run")
    func baselines() throws {
        let repository = binary.temporaryFolder()
        try git(["init", "-q", "-b", "main"], in: repository)
        binary.write("<testsuite name=\"u\"><testcase classname=\"C\" name=\"a\" time=\"0.1\"/></testsuite>", to: repository + "/results/a.xml")
        binary.write(
            "inputs:\n  - path: results/*.xml\nkpis:\n  - id: pass\n    metric: tests.pass_rate\n    target: \">= 99\"\n",
            to: repository + "/qgate.yml")
        binary.write(".qgate/\n", to: repository + "/.gitignore")
        let c1 = try commit("c1", in: repository)
        let run1 = try record(in: repository)
        #expect(try recordJSON(repository, id: run1.id)["commit"] as? String == c1, "commit and branch come from git")
        #expect(try recordJSON(repository, id: run1.id)["branch"] as? String == "main")
        let c2 = try commit("c2", in: repository)
        let c3 = try commit("c3", in: repository)
        let run3 = try record(in: repository)

        // A pull request from c2, whose merge base has no run: walk back to c1.
        try git(["checkout", "-q", "-b", "feature", c2], in: repository)
        _ = try commit("f1", in: repository)
        let pull = try record(in: repository, ["--base-branch", "main", "--baseline"])
        #expect(pull.stderr.contains("qgate: baseline: run \(run1.id) of main at \(c1.prefix(10)), 1 commit before the merge base \(c2.prefix(10))"), "\(pull.stderr)")
        let pullRecord = try recordJSON(repository, id: pull.id)
        #expect(pullRecord["merge_base"] as? String == c2)
        #expect(pullRecord["base_branch"] as? String == "main")
        #expect(pullRecord["branch"] as? String == "feature")
        #expect((pullRecord["baseline"] as? [String: Any])?["id"] as? String == run1.id)

        let asked = try binary.qgate(["history", "baseline", "--base-branch", "main", "--format", "json"], in: repository, environment: Self.environment)
        #expect(asked.status == 0, "\(asked.stderr)")
        let choice = try #require(try JSONSerialization.jsonObject(with: Data(asked.stdout.utf8)) as? [String: Any])
        #expect((choice["run"] as? [String: Any])?["id"] as? String == run1.id)
        #expect(choice["commits_back"] as? Int == 1)
        #expect(choice["start_commit"] as? String == c2)
        #expect(choice["branch"] as? String == "main")

        // A pull request from c3: the run at the merge base itself, not the later-recorded c1 walk.
        try git(["checkout", "-q", "-b", "feature2", c3], in: repository)
        _ = try commit("g1", in: repository)
        let atBase = try binary.qgate(["history", "baseline", "--base-branch", "main"], in: repository, environment: Self.environment)
        #expect(atBase.stdout == "baseline: run \(run3.id) of main at \(c3.prefix(10)), the merge base\n", "\(atBase.stdout)\(atBase.stderr)")

        // A push to main: the latest run of main at or before this commit.
        try git(["checkout", "-q", "main"], in: repository)
        _ = try commit("c4", in: repository)
        let push = try binary.qgate(["check", "--config", "qgate.yml", "--baseline"], in: repository, environment: Self.environment)
        #expect(push.status == 0)
        #expect(push.stderr.contains("qgate: baseline: run \(run3.id) of main at \(c3.prefix(10)), 1 commit before this commit"), "\(push.stderr)")

        // Runs on a branch that is not an ancestor never count, however recent.
        _ = try record(in: repository, ["--branch", "main", "--commit", try git(["rev-parse", "feature"], in: repository)])
        let stillC3 = try binary.qgate(["history", "baseline"], in: repository, environment: Self.environment)
        #expect(stillC3.stdout.contains("run \(run3.id) of main"), "\(stillC3.stdout)")

        let none = try binary.qgate(["history", "baseline", "--base-branch", "develop"], in: repository, environment: Self.environment)
        #expect(none.stdout == "no baseline: no usable run of develop is recorded\n")
        let noGit = try binary.qgate(["history", "baseline", "--history", repository + "/.qgate/history", "--branch", "main"], in: binary.temporaryFolder(), environment: Self.environment)
        #expect(noGit.stdout.contains("the latest by time (this run's commit is unknown)"), "\(noGit.stdout)")
    }
}
