/// `qgate history prune`: roll old runs up into daily summaries and delete their records.
public struct HistoryPruneCommand: Sendable {
    public var location: HistoryLocation
    public var policy: RetentionPolicy
    public var json: Bool
    public var now: UTCTime

    public init(location: HistoryLocation, policy: RetentionPolicy, json: Bool = false, now: UTCTime = .now()) {
        self.location = location
        self.policy = policy
        self.json = json
        self.now = now
    }

    public func run() -> CommandResult {
        CommandFailure.catching(prune)
    }

    func prune() throws(CommandFailure) -> CommandResult {
        guard policy.keepDays != nil || policy.keepRuns != nil else {
            throw CommandFailure(HistoryLocation.usage("say what to keep: --keep-days N and/or --keep-runs N"))
        }
        if (policy.keepDays ?? 0) < 0 || (policy.keepRuns ?? 0) < 0 {
            throw CommandFailure(HistoryLocation.usage("--keep-days and --keep-runs must be 0 or more"))
        }
        let store = try location.store()
        let report: PruneReport
        do {
            report = try store.prune(policy, now: now)
        } catch {
            throw HistoryLocation.storeError(error)
        }
        let days = report.rolledUpDays == 1 ? "1 daily summary" : "\(report.rolledUpDays) daily summaries"
        let text = json
            ? JSONRenderer.render(report)
            : "pruned \(report.prunedRuns) run(s) into \(days) (\(report.rollupFiles.count) roll-up file(s)); \(report.keptRuns) run(s) kept in \(TerminalText.clean(store.root))\n"
        return CommandResult(stdout: text, stderr: HistoryLocation.warningLines(report.warnings), exitCode: 0)
    }
}
