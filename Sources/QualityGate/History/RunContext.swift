/// Where a run happened: commit, branch, merge base, base branch and CI job.
///
/// Each value comes from the first source that has it: a command-line override, the CI
/// system's variables (`CIContext.detect`), then git in the config's folder. Values are kept
/// as text in the record and never used as paths (see `SafePathComponent` for where a branch
/// name does become part of a path).
public struct RunContext: Sendable, Hashable {
    public var commit: String?
    public var mergeBase: String?
    public var branch: String?
    public var baseBranch: String?
    public var ci: CIContext?

    /// Longest value kept, in characters; CI variables are not trusted to be short.
    public static let maxValueLength = 1_024

    public init(commit: String? = nil, mergeBase: String? = nil, branch: String? = nil, baseBranch: String? = nil, ci: CIContext? = nil) {
        self.commit = commit
        self.mergeBase = mergeBase
        self.branch = branch
        self.baseBranch = baseBranch
        self.ci = ci
    }

    /// Values given on the command line, which win over CI variables and git.
    public struct Overrides: Sendable, Hashable {
        public var commit: String?
        public var mergeBase: String?
        public var branch: String?
        public var baseBranch: String?
        public var runID: String?
        public var runURL: String?
        public var job: String?

        public init(
            commit: String? = nil, mergeBase: String? = nil, branch: String? = nil, baseBranch: String? = nil,
            runID: String? = nil, runURL: String? = nil, job: String? = nil
        ) {
            self.commit = commit
            self.mergeBase = mergeBase
            self.branch = branch
            self.baseBranch = baseBranch
            self.runID = runID
            self.runURL = runURL
            self.job = job
        }
    }

    /// Resolves the context of a run whose config sits in `directory`.
    ///
    /// - Parameter base: `--base` of `qgate check` (the ref patch coverage compares with); it
    ///   is also the ref the merge base is computed against, before the base branch.
    /// - Returns: the context, and warnings for what could not be found where it was expected.
    public static func resolve(
        overrides: Overrides, environment: [String: String], directory: String, base: String? = nil
    ) -> (context: RunContext, warnings: [Diagnostic]) {
        let detected = CIContext.detect(environment)
        var context = RunContext(
            commit: overrides.commit ?? detected.commit, mergeBase: overrides.mergeBase ?? detected.mergeBase,
            branch: overrides.branch ?? detected.branch, baseBranch: overrides.baseBranch ?? detected.baseBranch,
            ci: detected.ci)
        if overrides.runID != nil || overrides.runURL != nil || overrides.job != nil {
            var ci = context.ci ?? CIContext(provider: "generic")
            ci.runID = overrides.runID ?? ci.runID
            ci.url = overrides.runURL ?? ci.url
            ci.job = overrides.job ?? ci.job
            context.ci = ci
        }
        var warnings: [Diagnostic] = []
        let needsGit = context.commit == nil || context.branch == nil
            || (context.mergeBase == nil && (base != nil || context.baseBranch != nil))
        if needsGit, let repository = try? GitRepository.discover(from: directory) {
            if context.commit == nil { context.commit = try? repository.resolve("HEAD") }
            if context.branch == nil,
                let output = try? repository.run(["symbolic-ref", "--short", "-q", "HEAD"])
            {
                let name = String(decoding: output, as: UTF8.self).trimmingWhitespace()
                if !name.isEmpty { context.branch = name }
            }
            if context.mergeBase == nil {
                let candidates = base.map { [$0] } ?? context.baseBranch.map { ["origin/" + $0, $0] } ?? []
                var lastError: GitError?
                for candidate in candidates {
                    do {
                        context.mergeBase = try repository.mergeBase(candidate, context.commit ?? "HEAD")
                        lastError = nil
                        break
                    } catch {
                        lastError = error
                    }
                }
                if let lastError {
                    warnings.append(
                        Diagnostic(.warning, code: "history.no-merge-base",
                            "the run is recorded without a merge base: \(lastError.description)"))
                }
            }
        }
        context.commit = context.commit.map(capped)
        context.mergeBase = context.mergeBase.map(capped)
        context.branch = context.branch.map(capped)
        context.baseBranch = context.baseBranch.map(capped)
        if var ci = context.ci {
            ci.runID = ci.runID.map(capped)
            ci.job = ci.job.map(capped)
            ci.url = ci.url.map(capped)
            ci.pullRequest = ci.pullRequest.map(capped)
            context.ci = ci
        }
        return (context, warnings)
    }

    static func capped(_ text: String) -> String {
        text.count <= maxValueLength ? text : String(text.prefix(maxValueLength))
    }
}
