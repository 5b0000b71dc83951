/// The weekly quality review: what the recorded runs of a window say about each KPI, the
/// budgets, tests, coverage and the API spec. Built from records only (never the original
/// artifacts); markdown, HTML and JSON (`schemas/report.schema.json`) are renderings of it.
public struct WeeklyReview: Sendable, Hashable, Codable {
    public static let schemaTag = "qgate.report/1"
    /// Budgets with less headroom than this (percent of the limit) are at risk.
    public static let budgetRiskPercent = 10.0
    /// Rows in the flaky and slowest test tables.
    public static let topTests = 10

    public struct Window: Sendable, Hashable, Codable {
        public var since: UTCTime
        public var until: UTCTime
        /// Nil: every branch.
        public var branch: String?
    }

    public struct Runs: Sendable, Hashable, Codable {
        public var total = 0
        public var pass = 0
        public var warn = 0
        public var fail = 0
        public var error = 0
        public var firstCommit: String?
        public var lastCommit: String?
    }

    /// One KPI result in one run.
    public struct KPIPoint: Sendable, Hashable, Codable {
        public var run: String
        public var recordedAt: UTCTime
        public var commit: String?
        public var value: Double?
        public var status: KPIStatus
    }

    public struct KPITrend: Sendable, Hashable, Codable {
        public var id: String
        public var unit: String?
        /// Oldest first.
        public var points: [KPIPoint]
        /// Nil when no run measured a value.
        public var trend: Trend?
        public var sparkline: String
        public var latestStatus: KPIStatus
        /// Runs per status.
        public var statusCounts: [String: Int]
    }

    public struct BudgetAtRisk: Sendable, Hashable, Codable {
        public var id: String
        public var value: Double?
        public var unit: String?
        /// Percent of the limit left (negative: over the limit).
        public var margin: Double
        public var status: KPIStatus
        public var run: String
        public var recordedAt: UTCTime
        public var commit: String?
    }

    public struct Regression: Sendable, Hashable, Codable {
        public var series: String
        /// The last good and the first bad commit.
        public var fromCommit: String?
        public var toCommit: String?
        public var before: Double
        public var after: Double
        public var changePercent: Double?
    }

    public struct Regressions: Sendable, Hashable, Codable {
        /// False while no detector is wired in: an empty list then means "not looked for".
        public var available: Bool
        public var note: String?
        public var items: [Regression]
    }

    public struct FlakyTest: Sendable, Hashable, Codable {
        public var id: String
        /// Runs of the window that listed it flaky.
        public var runs: Int
        public var lastSeen: UTCTime
    }

    public struct SlowTest: Sendable, Hashable, Codable {
        public var id: String
        /// The slowest time any run of the window recorded.
        public var maxSeconds: Double
        /// Its time in the newest run that listed it.
        public var latestSeconds: Double
        /// Runs that listed it among their slowest.
        public var runs: Int
    }

    /// A series' first and last value in the window.
    public struct Movement: Sendable, Hashable, Codable {
        public var series: String
        public var first: Double
        public var last: Double
        public var change: Double
        public var sparkline: String
    }

    /// An `openapi.*` series whose value changed between two consecutive runs.
    public struct SpecDrift: Sendable, Hashable, Codable {
        public var series: String
        public var from: Double?
        public var to: Double?
        public var run: String
        public var recordedAt: UTCTime
        public var commit: String?
    }

    public var schema = WeeklyReview.schemaTag
    public var window: Window
    public var tolerancePercent: Double
    public var runs: Runs
    public var kpis: [KPITrend]
    public var budgetsAtRisk: [BudgetAtRisk]
    public var regressions: Regressions
    public var flakyTests: [FlakyTest]
    public var slowestTests: [SlowTest]
    public var coverage: [Movement]
    public var specDrift: [SpecDrift]
    /// Damaged records skipped on the way (they name the file).
    public var warnings: [String]

    /// The review of `records` (any order), which the caller picked for `window`.
    public init(records: [HistoryRecord], window: Window, tolerancePercent: Double = Trend.defaultTolerancePercent, warnings: [String] = []) {
        let records = records.enumerated()
            .sorted { ($0.element.recordedAt, $0.offset) < ($1.element.recordedAt, $1.offset) }.map(\.element)
        self.window = window
        self.tolerancePercent = tolerancePercent
        self.warnings = warnings
        runs = Self.runs(records)
        kpis = Self.kpis(records, tolerancePercent: tolerancePercent)
        budgetsAtRisk = Self.budgetsAtRisk(records)
        regressions = ReviewDetectors.regressions(records)
        flakyTests = ReviewDetectors.flakyTests(records, limit: Self.topTests)
        slowestTests = Self.slowestTests(records)
        coverage = Self.movements(records, prefix: "coverage.")
        specDrift = Self.specDrift(records)
    }

    static func runs(_ records: [HistoryRecord]) -> Runs {
        var runs = Runs()
        for record in records {
            runs.total += 1
            switch record.verdict.status {
            case .pass: runs.pass += 1
            case .warn: runs.warn += 1
            case .fail: runs.fail += 1
            case .error: runs.error += 1
            }
        }
        runs.firstCommit = records.first { $0.commit != nil }?.commit
        runs.lastCommit = records.last { $0.commit != nil }?.commit
        return runs
    }

    /// Every KPI id in the order it first appears.
    static func kpis(_ records: [HistoryRecord], tolerancePercent: Double) -> [KPITrend] {
        var order: [String] = []
        var points: [String: [KPIPoint]] = [:]
        var units: [String: String] = [:]
        for record in records {
            for result in record.verdict.results {
                if points[result.id] == nil { order.append(result.id) }
                points[result.id, default: []].append(
                    KPIPoint(run: record.id, recordedAt: record.recordedAt, commit: record.commit, value: result.value, status: result.status))
                if let unit = result.unit { units[result.id] = unit }
            }
        }
        return order.map { id in
            let series = points[id]!
            let values = series.compactMap { point in point.value.map { TrendPoint(time: point.recordedAt, value: $0) } }
            var counts: [String: Int] = [:]
            for point in series { counts[point.status.rawValue, default: 0] += 1 }
            return KPITrend(
                id: id, unit: units[id], points: series, trend: Trend(values, tolerancePercent: tolerancePercent),
                sparkline: TrendSparkline.render(values), latestStatus: series.last!.status, statusCounts: counts)
        }
    }

    /// Each `budget.*` result of the newest run that has it, when its headroom is under 10 %.
    static func budgetsAtRisk(_ records: [HistoryRecord]) -> [BudgetAtRisk] {
        var latest: [String: (HistoryRecord, RecordedKPI)] = [:]
        for record in records {
            for result in record.verdict.results where result.id.hasPrefix("budget.") {
                latest[result.id] = (record, result)
            }
        }
        return latest.compactMap { id, pair -> BudgetAtRisk? in
            let (record, result) = pair
            guard let margin = result.margin, margin < budgetRiskPercent else { return nil }
            return BudgetAtRisk(
                id: id, value: result.value, unit: result.unit, margin: margin, status: result.status, run: record.id,
                recordedAt: record.recordedAt, commit: record.commit)
        }.sorted { $0.margin != $1.margin ? $0.margin < $1.margin : $0.id < $1.id }
    }

    static func slowestTests(_ records: [HistoryRecord]) -> [SlowTest] {
        var tests: [String: SlowTest] = [:]
        for record in records {
            for timing in record.tests.slowest where timing.seconds.isFinite {
                var test = tests[timing.id] ?? SlowTest(id: timing.id, maxSeconds: timing.seconds, latestSeconds: timing.seconds, runs: 0)
                test.maxSeconds = Swift.max(test.maxSeconds, timing.seconds)
                test.latestSeconds = timing.seconds
                test.runs += 1
                tests[timing.id] = test
            }
        }
        return tests.values.sorted { $0.maxSeconds != $1.maxSeconds ? $0.maxSeconds > $1.maxSeconds : $0.id < $1.id }
            .prefix(topTests).map { $0 }
    }

    /// Every series (name and labels) of the records, in time order, sorted by series name.
    static func series(_ records: [HistoryRecord], prefix: String) -> [(name: String, points: [(HistoryRecord, Double)])] {
        var points: [String: [(HistoryRecord, Double)]] = [:]
        for record in records {
            for metric in record.metrics where metric.name.hasPrefix(prefix) {
                points[metric.seriesName, default: []].append((record, metric.value))
            }
        }
        return points.keys.sorted().map { ($0, points[$0]!) }
    }

    static func movements(_ records: [HistoryRecord], prefix: String) -> [Movement] {
        series(records, prefix: prefix).map { name, points in
            let first = points.first!.1
            let last = points.last!.1
            return Movement(
                series: name, first: first, last: last, change: last - first,
                sparkline: TrendSparkline.render(points.map(\.1)))
        }
    }

    /// Changes of `openapi.*` series from one run to the next run that has the series.
    static func specDrift(_ records: [HistoryRecord]) -> [SpecDrift] {
        series(records, prefix: "openapi.").flatMap { name, points in
            zip(points, points.dropFirst()).compactMap { previous, current -> SpecDrift? in
                guard previous.1 != current.1 else { return nil }
                let record = current.0
                return SpecDrift(
                    series: name, from: previous.1, to: current.1, run: record.id, recordedAt: record.recordedAt, commit: record.commit)
            }
        }.sorted { ($0.recordedAt, $0.series) < ($1.recordedAt, $1.series) }
    }
}
