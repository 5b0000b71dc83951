import Foundation
import Testing

@testable import QualityGate

@Suite("Run context: CI variables, git, overrides; record contents")
struct RunContextTests {
    @Test("GitHub Actions pull request: head branch, base branch, PR number, run URL")
    func github() {
        let detected = CIContext.detect([
            "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "123", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_JOB": "gate",
            "GITHUB_WORKFLOW": "CI", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/app",
            "GITHUB_SHA": "abc123", "GITHUB_REF": "refs/pull/42/merge", "GITHUB_REF_NAME": "42/merge",
            "GITHUB_HEAD_REF": "feature/x", "GITHUB_BASE_REF": "main",
        ])
        #expect(detected.ci == CIContext(provider: "github", runID: "123", job: "CI / gate",
            url: "https://github.com/acme/app/actions/runs/123/attempts/2", pullRequest: "42"))
        #expect(detected.commit == "abc123")
        #expect(detected.branch == "feature/x")
        #expect(detected.baseBranch == "main")

        let push = CIContext.detect(["GITHUB_ACTIONS": "true", "GITHUB_REF_NAME": "main", "GITHUB_HEAD_REF": "", "GITHUB_REF": "refs/heads/main"])
        #expect(push.branch == "main")
        #expect(push.baseBranch == nil)
        #expect(push.ci?.pullRequest == nil)
    }

    @Test("GitLab merge request, Buildkite, Jenkins, generic CI, no CI")
    func others() {
        let gitlab = CIContext.detect([
            "GITLAB_CI": "true", "CI_PIPELINE_ID": "77", "CI_JOB_NAME": "gate", "CI_JOB_URL": "https://gitlab/j/1",
            "CI_COMMIT_SHA": "def", "CI_COMMIT_REF_NAME": "topic", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "topic",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "develop", "CI_MERGE_REQUEST_IID": "9", "CI_MERGE_REQUEST_DIFF_BASE_SHA": "base1",
        ])
        #expect(gitlab.ci == CIContext(provider: "gitlab", runID: "77", job: "gate", url: "https://gitlab/j/1", pullRequest: "9"))
        #expect((gitlab.branch, gitlab.baseBranch, gitlab.mergeBase, gitlab.commit) == ("topic", "develop", "base1", "def"))

        let buildkite = CIContext.detect([
            "BUILDKITE": "true", "BUILDKITE_BUILD_ID": "b-1", "BUILDKITE_LABEL": ":swift: gate", "BUILDKITE_BUILD_URL": "https://bk/1",
            "BUILDKITE_COMMIT": "HEAD", "BUILDKITE_BRANCH": "main", "BUILDKITE_PULL_REQUEST": "false",
            "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "",
        ])
        #expect(buildkite.ci == CIContext(provider: "buildkite", runID: "b-1", job: ":swift: gate", url: "https://bk/1"))
        #expect(buildkite.commit == nil, "BUILDKITE_COMMIT=HEAD is not a commit")
        #expect(buildkite.baseBranch == nil)

        let jenkins = CIContext.detect([
            "JENKINS_URL": "https://ci/", "BUILD_NUMBER": "5", "JOB_NAME": "app/PR-3", "BUILD_URL": "https://ci/job/5",
            "GIT_COMMIT": "123", "GIT_BRANCH": "origin/PR-3", "CHANGE_ID": "3", "CHANGE_TARGET": "main", "CHANGE_BRANCH": "fix/y",
        ])
        #expect(jenkins.ci == CIContext(provider: "jenkins", runID: "5", job: "app/PR-3", url: "https://ci/job/5", pullRequest: "3"))
        #expect((jenkins.branch, jenkins.baseBranch) == ("fix/y", "main"))
        #expect(CIContext.detect(["JENKINS_HOME": "/var/jenkins", "GIT_BRANCH": "origin/main"]).branch == "main")

        #expect(CIContext.detect(["CI": "true"]).ci == CIContext(provider: "generic"))
        #expect(CIContext.detect(["CI": "false"]).ci == nil)
        #expect(CIContext.detect([:]) == CIContext.Detection())
    }

    @Test("overrides win over CI variables; values are capped; no git outside a repository")
    func overrides() {
        let folder = TestFiles().folder
        let (context, warnings) = RunContext.resolve(
            overrides: RunContext.Overrides(commit: "override", branch: String(repeating: "b", count: 5_000), runID: "r9", job: "mine"),
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_SHA": "env", "GITHUB_REF_NAME": "main", "GITHUB_RUN_ID": "1"],
            directory: folder)
        #expect(context.commit == "override")
        #expect(context.branch?.count == RunContext.maxValueLength)
        #expect(context.ci?.runID == "r9")
        #expect(context.ci?.job == "mine")
        #expect(context.ci?.provider == "github")
        #expect(warnings.isEmpty)

        let bare = RunContext.resolve(overrides: RunContext.Overrides(runURL: "https://x"), environment: [:], directory: folder)
        #expect(bare.context.ci == CIContext(provider: "generic", url: "https://x"))
        #expect(bare.context.commit == nil)
    }

    @Test("the record of a gate run: metrics, KPI results, failing, flaky, skipped and slowest tests")
    func recordOfRun() throws {
        let files = TestFiles()
        files.write("results/a.xml", """
            <testsuite name="unit">
              <testcase classname="Cart" name="adds" time="0.5"/>
              <testcase classname="Cart" name="removes" time="2.0"><failure message="boom"/></testcase>
              <testcase classname="Cart" name="later" time="0.1"><skipped/></testcase>
              <testcase classname="Cart" name="flaky" time="0.2"><failure/></testcase>
              <testcase classname="Cart" name="flaky" time="0.3"/>
              <testcase classname="Cart" name="slow" time="9.0"/>
              <testcase classname="Cart" name="retried-skip" time="0"><skipped/></testcase>
              <testcase classname="Cart" name="retried-skip" time="1.0"><failure/></testcase>
            </testsuite>
            """)
        let config = try ConfigLoader().parse(
            "inputs:\n  - path: results/*.xml\n    labels: {suite: unit}\nkpis:\n  - id: pass\n    metric: tests.pass_rate\n    target: \">= 90\"\n",
            path: files.folder + "/qgate.yml")
        let outcome = Gate().run(config)
        let now = HistoryFixtures.time("2026-11-22T10:00:00Z")
        let record = HistoryRecord(
            outcome: outcome, id: HistoryStore.newID(at: now), recordedAt: now, context: RunContext(branch: "main"),
            config: "qgate.yml", environment: HistoryFixtures.environment)
        #expect(record.verdict.status == .fail)
        #expect(record.verdict.results.map(\.id) == ["pass"])
        #expect(record.verdict.results[0].status == .offTrack)
        #expect(record.tests.failing == ["Cart::removes", "Cart::retried-skip"])
        #expect(record.tests.flaky == ["Cart::flaky"])
        #expect(record.tests.skipped == ["Cart::later"])
        #expect(record.tests.slowest.map(\.id) == ["Cart::slow", "Cart::removes", "Cart::retried-skip", "Cart::adds", "Cart::flaky", "Cart::later"])
        #expect(record.tests.slowest.first?.seconds == 9)
        #expect(record.tests.slowest.first { $0.id == "Cart::flaky" }?.seconds == 0.3)
        #expect(record.metrics.contains(RecordedMetric(name: "tests.total", labels: ["suite": "unit"], value: 6)))
        #expect(record.metrics == outcome.verdict.metrics.map { RecordedMetric(name: $0.name, labels: $0.labels, value: $0.value) })
    }

    @Test("the JUnit reader keeps the slowest N cases, slowest first, and skipped ids up to the detail cap")
    func readerLists() throws {
        let files = TestFiles()
        var xml = "<testsuite name=\"s\">\n"
        for index in 0..<200 { xml += "<testcase classname=\"K\" name=\"t\(index)\" time=\"\(Double((index * 37) % 200) / 10)\"/>\n" }
        for index in 0..<30 { xml += "<testcase classname=\"K\" name=\"skip\(index)\"><skipped/></testcase>\n" }
        xml += "</testsuite>\n"
        var limits = JUnitReader.Limits()
        limits.slowestTests = 5
        limits.detailedCases = 10
        let run = try JUnitReader(limits: limits).read(path: files.write("many.xml", xml))
        #expect(run.slowestTests.map(\.seconds) == [19.9, 19.8, 19.7, 19.6, 19.5])
        #expect(run.slowestTests.first?.id == "K::t27", "27 × 37 mod 200 = 199")
        #expect(run.skippedTests == (0..<10).map { "K::skip\($0)" })
        #expect(run.counts.skipped == 30)
    }

    @Test("the history section of qgate.yml: a path relative to the config; unknown keys refused")
    func config() throws {
        let config = try ConfigLoader().parse("inputs: []\nkpis: []\nhistory:\n  path: store\n", path: "/repo/ci/qgate.yml")
        #expect(config.historyPath == "/repo/ci/store")
        let absolute = try ConfigLoader().parse("inputs: []\nkpis: []\nhistory: {path: /var/qgate}\n", path: "qgate.yml")
        #expect(absolute.historyPath == "/var/qgate")
        let defaulted = try ConfigLoader().parse("inputs: []\nkpis: []\n", path: "qgate.yml")
        #expect(defaulted.historyPath == "./.qgate/history")
        #expect(throws: ConfigError.self) { try ConfigLoader().parse("inputs: []\nkpis: []\nhistory: {pth: x}\n", path: "qgate.yml") }
        #expect(throws: ConfigError.self) { try ConfigLoader().parse("inputs: []\nkpis: []\nhistory: {path: ''}\n", path: "qgate.yml") }
    }
}

@Suite("Baseline selector without git")
struct BaselineSelectorTests {
    func entry(_ record: HistoryRecord) -> HistoryIndexEntry {
        HistoryIndexEntry(record: record, file: HistoryStore.relativePath(forID: record.id)!)
    }

    @Test("runs with an error verdict are never a baseline; without git the latest usable run by time, said so")
    func fallbacks() {
        let entries = [
            entry(HistoryFixtures.record("2026-11-01T10:00:00Z", commit: "a")),
            entry(HistoryFixtures.record("2026-11-03T10:00:00Z", commit: "c", status: .error)),
            entry(HistoryFixtures.record("2026-11-02T10:00:00Z", commit: "b", status: .fail)),
            entry(HistoryFixtures.record("2026-11-04T10:00:00Z", branch: "other", commit: "d")),
        ]
        let selector = BaselineSelector()
        let push = selector.select(entries, context: RunContext(commit: "e", branch: "main"), repository: nil)
        #expect(push.run?.commit == "b")
        #expect(push.reason.hasSuffix("the latest by time (git is not available)"))
        let pull = selector.select(entries, context: RunContext(branch: "feature", baseBranch: "main"), repository: nil)
        #expect(pull.run?.commit == "b")
        #expect(pull.branch == "main")
        #expect(pull.reason.hasSuffix("(no merge base is known)"))
        #expect(selector.select(entries, context: RunContext(), repository: nil).run == nil)
        let none = selector.select(entries, context: RunContext(branch: "nobody"), repository: nil)
        #expect(none.run == nil)
        #expect(none.reason == "no baseline: no usable run of nobody is recorded")
        // A run on its own base branch is not a pull request.
        #expect(selector.select(entries, context: RunContext(branch: "other", baseBranch: "other"), repository: nil).run?.commit == "d")
    }
}
