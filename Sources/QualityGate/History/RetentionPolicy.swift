/// How long raw run records stay in the store before they are rolled up into daily summaries.
///
/// A run is pruned when it is older than `keepDays` (measured from midnight UTC, so that whole
/// days go together) **and** not among the newest `keepRuns` runs of its branch; either limit
/// may be left out. A day of a branch is rolled up only when every run of that day is prunable,
/// so a day is never split between records and a summary (the count limit may therefore keep a
/// few more runs than it names).
public struct RetentionPolicy: Sendable, Hashable {
    public var keepDays: Int?
    public var keepRuns: Int?

    public init(keepDays: Int? = nil, keepRuns: Int? = nil) {
        self.keepDays = keepDays
        self.keepRuns = keepRuns
    }

    /// Runs recorded before this instant may be pruned (nil: age does not limit).
    public func cutoff(now: UTCTime) -> UTCTime? {
        keepDays.map { UTCTime(milliseconds: now.startOfDay.milliseconds - Int64($0) * 86_400_000) }
    }

    /// The entries to prune from `entries` (any order), as a set of ids.
    public func prunable(_ entries: [HistoryIndexEntry], now: UTCTime) -> Set<String> {
        guard keepDays != nil || keepRuns != nil else { return [] }
        let cutoff = cutoff(now: now)
        let byBranch = Dictionary(grouping: entries) { $0.branch ?? "" }
        var result: Set<String> = []
        for (_, runs) in byBranch {
            let newestFirst = runs.sorted { HistoryIndexEntry.chronological($1, $0) }
            var candidates: [HistoryIndexEntry] = []
            for (position, entry) in newestFirst.enumerated() {
                if let keepRuns, position < keepRuns { continue }
                if let cutoff, entry.recordedAt >= cutoff { continue }
                candidates.append(entry)
            }
            let candidateIDs = Set(candidates.map(\.id))
            let days = Dictionary(grouping: runs) { $0.recordedAt.day }
            for (_, dayRuns) in days where dayRuns.allSatisfy({ candidateIDs.contains($0.id) }) {
                result.formUnion(dayRuns.map(\.id))
            }
        }
        return result
    }
}
