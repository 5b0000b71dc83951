/// The CI job a run happened in, read from the CI system's own environment variables.
///
/// Known: GitHub Actions (`GITHUB_*`), GitLab CI (`CI_*`), Buildkite (`BUILDKITE_*`) and
/// Jenkins (`JENKINS_URL`, `BUILD_*`, `CHANGE_*`); any other system that sets `CI` is
/// `generic`. Each value can be overridden on the command line (see `RunContext.Overrides`).
public struct CIContext: Sendable, Hashable, Codable {
    /// `github`, `gitlab`, `buildkite`, `jenkins` or `generic`.
    public var provider: String
    /// The CI system's id of the pipeline/workflow run.
    public var runID: String?
    /// The job or step within the run.
    public var job: String?
    /// A link to the run or job.
    public var url: String?
    /// The pull/merge request number, when the run is for one.
    public var pullRequest: String?

    enum CodingKeys: String, CodingKey {
        case provider, job, url
        case runID = "run_id"
        case pullRequest = "pull_request"
    }

    public init(provider: String, runID: String? = nil, job: String? = nil, url: String? = nil, pullRequest: String? = nil) {
        self.provider = provider
        self.runID = runID
        self.job = job
        self.url = url
        self.pullRequest = pullRequest
    }

    /// What a CI environment says about the run: the job, and the commit and branches it
    /// names (which `RunContext` prefers over asking git).
    public struct Detection: Sendable, Hashable {
        public var ci: CIContext?
        public var commit: String?
        public var branch: String?
        public var baseBranch: String?
        /// Some systems know the merge base (GitLab's `CI_MERGE_REQUEST_DIFF_BASE_SHA`).
        public var mergeBase: String?
    }

    /// Reads `environment` (normally the process environment).
    public static func detect(_ environment: [String: String]) -> Detection {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        if value("GITHUB_ACTIONS") == "true" {
            var url: String?
            if let server = value("GITHUB_SERVER_URL"), let repository = value("GITHUB_REPOSITORY"), let run = value("GITHUB_RUN_ID") {
                url = "\(server)/\(repository)/actions/runs/\(run)"
                if let attempt = value("GITHUB_RUN_ATTEMPT"), attempt != "1" { url! += "/attempts/\(attempt)" }
            }
            var pullRequest: String?
            if let ref = value("GITHUB_REF"), ref.hasPrefix("refs/pull/") {
                pullRequest = ref.dropFirst("refs/pull/".count).split(separator: "/").first.map(String.init)
            }
            let job = [value("GITHUB_WORKFLOW"), value("GITHUB_JOB")].compactMap { $0 }.joined(separator: " / ")
            return Detection(
                ci: CIContext(provider: "github", runID: value("GITHUB_RUN_ID"), job: job.isEmpty ? nil : job, url: url, pullRequest: pullRequest),
                commit: value("GITHUB_SHA"), branch: value("GITHUB_HEAD_REF") ?? value("GITHUB_REF_NAME"),
                baseBranch: value("GITHUB_BASE_REF"))
        }
        if value("GITLAB_CI") == "true" {
            let request = value("CI_MERGE_REQUEST_IID")
            return Detection(
                ci: CIContext(provider: "gitlab", runID: value("CI_PIPELINE_ID"), job: value("CI_JOB_NAME"),
                    url: value("CI_JOB_URL") ?? value("CI_PIPELINE_URL"), pullRequest: request),
                commit: value("CI_COMMIT_SHA"),
                branch: value("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") ?? value("CI_COMMIT_BRANCH") ?? value("CI_COMMIT_REF_NAME"),
                baseBranch: value("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"), mergeBase: value("CI_MERGE_REQUEST_DIFF_BASE_SHA"))
        }
        if value("BUILDKITE") == "true" {
            let pullRequest = value("BUILDKITE_PULL_REQUEST").flatMap { $0 == "false" ? nil : $0 }
            return Detection(
                ci: CIContext(provider: "buildkite", runID: value("BUILDKITE_BUILD_ID") ?? value("BUILDKITE_BUILD_NUMBER"),
                    job: value("BUILDKITE_LABEL") ?? value("BUILDKITE_STEP_KEY"), url: value("BUILDKITE_BUILD_URL"),
                    pullRequest: pullRequest),
                commit: value("BUILDKITE_COMMIT").flatMap { $0 == "HEAD" ? nil : $0 }, branch: value("BUILDKITE_BRANCH"),
                baseBranch: pullRequest == nil ? nil : value("BUILDKITE_PULL_REQUEST_BASE_BRANCH"))
        }
        if value("JENKINS_URL") != nil || value("JENKINS_HOME") != nil {
            var branch = value("CHANGE_BRANCH") ?? value("BRANCH_NAME") ?? value("GIT_BRANCH")
            if let name = branch, name.hasPrefix("origin/") { branch = String(name.dropFirst("origin/".count)) }
            return Detection(
                ci: CIContext(provider: "jenkins", runID: value("BUILD_NUMBER") ?? value("BUILD_ID"), job: value("JOB_NAME"),
                    url: value("BUILD_URL"), pullRequest: value("CHANGE_ID")),
                commit: value("GIT_COMMIT"), branch: branch, baseBranch: value("CHANGE_TARGET"))
        }
        if let ci = value("CI"), ci != "false", ci != "0" {
            return Detection(ci: CIContext(provider: "generic"))
        }
        return Detection()
    }
}
