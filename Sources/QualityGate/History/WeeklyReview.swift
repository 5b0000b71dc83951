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
        /// Median before and after the change.
        public var before: Double
        public var after: Double
        public var changePercent: Double?
        /// The first run after the change.
        public var since: UTCTime
        public var run: String
        /// `mann-whitney-u` (3+ runs after the change) or `robust-z`.
        public var method: String
        public var baselineRuns: Int
        public var currentRuns: Int
    }

    public struct Regressions: Sendable, Hashable, Codable {
        /// False when regressions were not looked for: an empty list then means "not looked for".
        public var available: Bool
        /// What was watched, on which branch, and what was left out.
        public var note: String?
        public var items: [Regression]
    }

    public struct FlakyTest: Sendable, Hashable, Codable {
        public var id: String
        /// Runs of the window that listed it flaky (failed, then passed on retry).
        public var runs: Int
        /// Commits on which it failed in one run and passed in another of the same gate.
        public var sameCommit: Int
        /// Outcome changes over consecutive runs of one branch and gate (flip-rate evidence).
        public var flips: Int
        /// Runs whose outcome the flips were counted over.
        public var outcomes: Int
        /// `retry`, `same-commit`, `flip-rate`.
        public var evidence: [String]
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
    public init(
        records: [HistoryRecord], window: Window, tolerancePercent: Double = Trend.defaultTolerancePercent,
        regressionSettings: RegressionSettings? = nil, flakySettings: FlakySettings = FlakySettings(), warnings: [String] = []
    ) {
        self.init(
            table: RunTable(records: records), window: window, tolerancePercent: tolerancePercent,
            regressionSettings: regressionSettings, flakySettings: flakySettings, warnings: warnings)
    }

    /// The review of `table`'s rows (sorted), which the caller picked for `window`; its
    /// `earlier` rows serve only as the regression baseline.
    /// - Parameter regressionSettings: the config's `history.regressions`; nil: every
    ///   duration and latency series (`ReviewDetectors.defaultRegressionSettings`).
    public init(
        table: RunTable, window: Window, tolerancePercent: Double = Trend.defaultTolerancePercent,
        regressionSettings: RegressionSettings? = nil, flakySettings: FlakySettings = FlakySettings(), warnings: [String] = []
    ) {
        self.window = window
        self.tolerancePercent = tolerancePercent
        self.warnings = warnings
        let rows = table.rows
        let points = table.points(in: rows) { table.series[$0].name.hasPrefix("coverage.") || table.series[$0].name.hasPrefix("openapi.") }
        runs = Self.runs(rows)
        kpis = Self.kpis(table, tolerancePercent: tolerancePercent)
        budgetsAtRisk = Self.budgetsAtRisk(table)
        regressions = ReviewDetectors.regressions(table, branch: window.branch, settings: regressionSettings)
        flakyTests = ReviewDetectors.flakyTests(table, settings: flakySettings, limit: Self.topTests)
        slowestTests = Self.slowestTests(table)
        coverage = Self.movements(table, points, prefix: "coverage.").filter { Self.isPercent($0.series) }
        specDrift = Self.specDrift(table, points)
    }

    static func runs(_ rows: [RunTable.Row]) -> Runs {
        var runs = Runs()
        for row in rows {
            runs.total += 1
            switch row.status {
            case .pass: runs.pass += 1
            case .warn: runs.warn += 1
            case .fail: runs.fail += 1
            case .error: runs.error += 1
            }
        }
        runs.firstCommit = rows.first { $0.commit != nil }?.commit
        runs.lastCommit = rows.last { $0.commit != nil }?.commit
        return runs
    }

    /// Every KPI id in the order it first appears.
    static func kpis(_ table: RunTable, tolerancePercent: Double) -> [KPITrend] {
        var order: [Int32] = []
        var points = [[KPIPoint]](repeating: [], count: table.kpiIDs.count)
        var units = [String?](repeating: nil, count: table.kpiIDs.count)
        for row in table.rows {
            for result in row.kpis {
                let key = Int(result.kpi)
                if points[key].isEmpty { order.append(result.kpi) }
                points[key].append(
                    KPIPoint(run: row.id, recordedAt: row.recordedAt, commit: row.commit, value: result.value, status: result.status))
                if let unit = result.unit { units[key] = unit }
            }
        }
        return order.map { kpi in
            let key = Int(kpi)
            let series = points[key]
            let values = series.compactMap { point in point.value.map { TrendPoint(time: point.recordedAt, value: $0) } }
            var counts: [String: Int] = [:]
            for point in series { counts[point.status.rawValue, default: 0] += 1 }
            return KPITrend(
                id: table.kpiIDs[key], unit: units[key], points: series, trend: Trend(values, tolerancePercent: tolerancePercent),
                sparkline: TrendSparkline.render(values), latestStatus: series.last!.status, statusCounts: counts)
        }
    }

    /// Each `budget.*` result of the newest run that has it, when its headroom is under 10 %.
    static func budgetsAtRisk(_ table: RunTable) -> [BudgetAtRisk] {
        let budgets = Set(table.kpiIDs.indices.filter { table.kpiIDs[$0].hasPrefix("budget.") }.map { Int32($0) })
        var latest: [Int32: (RunTable.Row, RunTable.KPIValue)] = [:]
        for row in table.rows {
            for result in row.kpis where budgets.contains(result.kpi) {
                latest[result.kpi] = (row, result)
            }
        }
        return latest.compactMap { kpi, pair -> BudgetAtRisk? in
            let (row, result) = pair
            guard let margin = result.margin, margin < budgetRiskPercent else { return nil }
            return BudgetAtRisk(
                id: table.kpiIDs[Int(kpi)], value: result.value, unit: result.unit, margin: margin, status: result.status,
                run: row.id, recordedAt: row.recordedAt, commit: row.commit)
        }.sorted { $0.margin != $1.margin ? $0.margin < $1.margin : $0.id < $1.id }
    }

    static func slowestTests(_ table: RunTable) -> [SlowTest] {
        var tests: [Int32: SlowTest] = [:]
        for row in table.rows {
            for timing in row.slowest where timing.seconds.isFinite {
                var test = tests[timing.test]
                    ?? SlowTest(id: table.testIDs[Int(timing.test)], maxSeconds: timing.seconds, latestSeconds: timing.seconds, runs: 0)
                test.maxSeconds = Swift.max(test.maxSeconds, timing.seconds)
                test.latestSeconds = timing.seconds
                test.runs += 1
                tests[timing.test] = test
            }
        }
        return tests.values.sorted { $0.maxSeconds != $1.maxSeconds ? $0.maxSeconds > $1.maxSeconds : $0.id < $1.id }
            .prefix(topTests).map { $0 }
    }

    /// The series whose metric name starts with `prefix`, sorted by series name, with their points.
    static func series(
        _ table: RunTable, _ points: [[(row: Int, value: Double)]], prefix: String
    ) -> [(name: String, points: [(row: Int, value: Double)])] {
        table.series.indices.filter { table.series[$0].name.hasPrefix(prefix) && !points[$0].isEmpty }
            .map { (table.series[$0].display, points[$0]) }
            .sorted { $0.name < $1.name }
    }

    /// Coverage movement lists percentages (`coverage.lines.percent{flag="api"}`), not the
    /// covered and total counts beside them, which move with every added line.
    static func isPercent(_ series: String) -> Bool {
        (series.split(separator: "{", maxSplits: 1).first ?? "").hasSuffix(".percent")
    }

    static func movements(_ table: RunTable, _ points: [[(row: Int, value: Double)]], prefix: String) -> [Movement] {
        series(table, points, prefix: prefix).map { name, points in
            let first = points.first!.value
            let last = points.last!.value
            return Movement(
                series: name, first: first, last: last, change: last - first,
                sparkline: TrendSparkline.render(points.map(\.value)))
        }
    }

    /// Changes of `openapi.*` series from one run to the next run that has the series.
    static func specDrift(_ table: RunTable, _ points: [[(row: Int, value: Double)]]) -> [SpecDrift] {
        series(table, points, prefix: "openapi.").flatMap { name, points in
            zip(points, points.dropFirst()).compactMap { previous, current -> SpecDrift? in
                guard previous.value != current.value else { return nil }
                let row = table.rows[current.row]
                return SpecDrift(
                    series: name, from: previous.value, to: current.value, run: row.id, recordedAt: row.recordedAt, commit: row.commit)
            }
        }.sorted { ($0.recordedAt, $0.series) < ($1.recordedAt, $1.series) }
    }
}
