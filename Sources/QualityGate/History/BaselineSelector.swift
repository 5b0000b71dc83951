/// Picks the recorded run a new run is compared with, and says why.
///
/// For a pull request (a base branch other than the run's own branch): the latest recorded run
/// of the base branch **at the merge base**, or, when that commit has none, at the nearest
/// commit before it on the base branch's first-parent line (walking back at most `maxCommits`).
/// Otherwise: the latest run of the same branch at this commit or the nearest one before it.
/// Ancestry, not time, decides: a run recorded later for an unrelated commit never wins. Runs
/// whose verdict was `error` (an input could not be read) are never a baseline. Without git or
/// a merge base, the latest run of the branch by time is used, and the reason says so.
public struct BaselineSelector: Sendable {
    /// Commits walked back from the start commit before giving up.
    public var maxCommits = 500

    public init(maxCommits: Int = 500) {
        self.maxCommits = maxCommits
    }

    public func select(_ entries: [HistoryIndexEntry], context: RunContext, repository: GitRepository?) -> BaselineChoice {
        let pullRequest = context.baseBranch != nil && context.baseBranch != context.branch
        guard let branch = pullRequest ? context.baseBranch : context.branch else {
            return BaselineChoice(reason: "no baseline: the run's branch is unknown (pass --branch)")
        }
        let runs = entries.filter { $0.branch == branch && $0.status != .error }
        guard !runs.isEmpty else {
            return BaselineChoice(branch: branch, reason: "no baseline: no usable run of \(branch) is recorded")
        }
        let start = pullRequest ? context.mergeBase : context.commit
        let startName = pullRequest ? "the merge base" : "this commit"
        guard let start, let repository else {
            let latest = runs.max(by: HistoryIndexEntry.chronological)!
            let why = start == nil
                ? (pullRequest ? "no merge base is known" : "this run's commit is unknown")
                : "git is not available"
            return BaselineChoice(
                run: BaselineChoice.Run(latest), branch: branch,
                reason: "baseline: run \(latest.id) of \(branch) at \(Self.short(latest.commit)), the latest by time (\(why))")
        }
        let commits: [String]
        do {
            let resolved = try repository.resolve(start)
            let output = try repository.run(["rev-list", "--first-parent", "--max-count=\(maxCommits)", resolved, "--"])
            commits = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        } catch {
            return BaselineChoice(branch: branch, startCommit: start, reason: "no baseline: \(error.description)")
        }
        var latestByCommit: [String: HistoryIndexEntry] = [:]
        for run in runs {
            guard let commit = run.commit?.lowercased(), !commit.isEmpty else { continue }
            if let known = latestByCommit[commit], !HistoryIndexEntry.chronological(known, run) { continue }
            latestByCommit[commit] = run
        }
        for (back, commit) in commits.enumerated() {
            // Recorded commits may be abbreviated (`--commit abc1234`): match by prefix too.
            let match = latestByCommit[commit]
                ?? latestByCommit.first(where: { $0.key.count >= 7 && commit.hasPrefix($0.key) })?.value
            guard let run = match else { continue }
            let place = back == 0
                ? startName
                : "\(back) commit\(back == 1 ? "" : "s") before \(startName) \(Self.short(start))"
            return BaselineChoice(
                run: BaselineChoice.Run(run), branch: branch, startCommit: start, commitsBack: back,
                reason: "baseline: run \(run.id) of \(branch) at \(Self.short(run.commit)), \(place)")
        }
        return BaselineChoice(
            branch: branch, startCommit: start,
            reason: "no baseline: no run of \(branch) at \(startName) \(Self.short(start)) or the \(commits.count - 1) commits before it")
    }

    static func short(_ commit: String?) -> String {
        guard let commit else { return "(no commit)" }
        return String(commit.prefix(10))
    }
}

/// The baseline of a run: which recorded run, and why that one (or why none).
public struct BaselineChoice: Sendable, Hashable, Codable {
    /// The chosen run, as the record and `qgate history baseline` name it.
    public struct Run: Sendable, Hashable, Codable {
        public var id: String
        public var commit: String?
        public var recordedAt: UTCTime

        enum CodingKeys: String, CodingKey {
            case id, commit
            case recordedAt = "recorded_at"
        }

        public init(_ entry: HistoryIndexEntry) {
            id = entry.id
            commit = entry.commit
            recordedAt = entry.recordedAt
        }
    }

    public var run: Run?
    /// The branch searched: the base branch of a pull request, else the run's own.
    public var branch: String?
    /// The commit the walk started from (merge base, or this run's commit).
    public var startCommit: String?
    /// How many first-parent commits before the start the chosen run sits.
    public var commitsBack: Int?
    /// One sentence for people: which run and why, or why there is none.
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case run, branch, reason
        case startCommit = "start_commit"
        case commitsBack = "commits_back"
    }

    public init(run: Run? = nil, branch: String? = nil, startCommit: String? = nil, commitsBack: Int? = nil, reason: String) {
        self.run = run
        self.branch = branch
        self.startCommit = startCommit
        self.commitsBack = commitsBack
        self.reason = reason
    }
}
