/// One branch's runs of one UTC day, summarised when their records were pruned.
public struct DailyRollup: Sendable, Hashable, Codable {
    /// `2026-05-01`.
    public var date: String
    public var runs: Int
    /// The records summarised here, so that a prune interrupted after writing the summary and
    /// before deleting the records does not count them twice when it runs again.
    public var runIDs: [String]
    /// Runs per verdict status (`pass`, `warn`, `fail`, `error`).
    public var statuses: [String: Int]
    public var firstCommit: String?
    public var lastCommit: String?
    public var metrics: [Summary]

    enum CodingKeys: String, CodingKey {
        case date, runs, statuses, metrics
        case runIDs = "run_ids"
        case firstCommit = "first_commit"
        case lastCommit = "last_commit"
    }

    /// One metric series over the day's runs.
    public struct Summary: Sendable, Hashable, Codable {
        public var name: String
        public var labels: [String: String]
        /// Runs that had the series.
        public var n: Int
        public var min: Double
        public var max: Double
        public var median: Double
        public var mean: Double
        /// False when the day was summarised in two passes (runs synced in after a prune):
        /// min, max, n and mean stay exact, the median is then the n-weighted mean of the two.
        public var medianExact: Bool

        enum CodingKeys: String, CodingKey {
            case name, labels, n, min, max, median, mean
            case medianExact = "median_exact"
        }
    }

    /// Summarises `records` (one branch, one day).
    public init(date: String, records: [HistoryRecord]) {
        let ordered = records.sorted { $0.recordedAt != $1.recordedAt ? $0.recordedAt < $1.recordedAt : $0.id < $1.id }
        self.date = date
        runs = ordered.count
        runIDs = ordered.map(\.id)
        statuses = Dictionary(grouping: ordered, by: { $0.verdict.status.rawValue }).mapValues(\.count)
        firstCommit = ordered.first?.commit
        lastCommit = ordered.last?.commit
        var values: [MetricSelector: [Double]] = [:]
        for record in ordered {
            for metric in record.metrics {
                values[MetricSelector(name: metric.name, labels: metric.labels), default: []].append(metric.value)
            }
        }
        metrics = values.map { selector, series in
            let sorted = series.sorted()
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            return Summary(
                name: selector.name, labels: selector.labels, n: sorted.count, min: sorted[0], max: sorted[sorted.count - 1],
                median: median, mean: sorted.reduce(0, +) / Double(sorted.count), medianExact: true)
        }.sorted(by: DailyRollup.seriesOrder)
    }

    static func seriesOrder(_ lhs: Summary, _ rhs: Summary) -> Bool {
        lhs.name != rhs.name
            ? lhs.name < rhs.name
            : MetricSelector(name: lhs.name, labels: lhs.labels).description < MetricSelector(name: rhs.name, labels: rhs.labels).description
    }

    /// This day with `other` (the same day, other runs) folded in.
    func merged(with other: DailyRollup) -> DailyRollup {
        var result = self
        result.runs += other.runs
        result.runIDs += other.runIDs
        for (status, count) in other.statuses { result.statuses[status, default: 0] += count }
        result.lastCommit = other.lastCommit ?? lastCommit
        var byKey: [MetricSelector: Summary] = [:]
        for summary in metrics { byKey[MetricSelector(name: summary.name, labels: summary.labels)] = summary }
        for summary in other.metrics {
            let key = MetricSelector(name: summary.name, labels: summary.labels)
            guard let mine = byKey[key] else {
                byKey[key] = summary
                continue
            }
            let n = mine.n + summary.n
            byKey[key] = Summary(
                name: mine.name, labels: mine.labels, n: n, min: Swift.min(mine.min, summary.min),
                max: Swift.max(mine.max, summary.max),
                median: (mine.median * Double(mine.n) + summary.median * Double(summary.n)) / Double(n),
                mean: (mine.mean * Double(mine.n) + summary.mean * Double(summary.n)) / Double(n), medianExact: false)
        }
        result.metrics = byKey.values.sorted(by: DailyRollup.seriesOrder)
        return result
    }
}

/// A roll-up file: one branch's daily summaries for one month
/// (`rollups/<branch>/2026-05.json`, schema `schemas/history-rollup.schema.json`).
public struct RollupFile: Sendable, Hashable, Codable {
    public static let schemaTag = "qgate.history-rollup/1"

    public var schema: String
    /// The branch as recorded (the folder name is its `SafePathComponent`); empty when the
    /// runs had no branch.
    public var branch: String
    /// `2026-05`.
    public var month: String
    /// Oldest first.
    public var days: [DailyRollup]

    public init(branch: String, month: String, days: [DailyRollup] = []) {
        schema = Self.schemaTag
        self.branch = branch
        self.month = month
        self.days = days
    }
}
