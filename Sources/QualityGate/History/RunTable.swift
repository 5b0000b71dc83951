/// The runs of a window as the weekly review reads them: one row per run, with metric series,
/// KPI ids and test ids interned into shared key tables.
///
/// Why not `[HistoryRecord]`: a review of a month of runs reads thousands of records × hundreds
/// of metrics, and a `HistoryRecord` spends a dictionary per metric (its labels) and a string per
/// name. Rows hold integer keys instead, and consecutive runs with the same series list share
/// one key array, so the table of 4,000 runs × 200 metrics is built in milliseconds from the
/// store's digest (`RunDigest`); records without a digest frame are added one by one.
public struct RunTable: Sendable {
    /// One metric series: its name and labels, and `name{labels}` as KPIs and exports spell it.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var display: String

        public init(name: String, labels: [String: String]) {
            self.name = name
            self.labels = labels
            display = MetricSelector(name: name, labels: labels).description
        }
    }

    /// One KPI result of a run.
    public struct KPIValue: Sendable, Hashable {
        /// Index into `kpiIDs`.
        public var kpi: Int32
        public var value: Double?
        public var status: KPIStatus
        public var margin: Double?
        public var unit: String?
    }

    public struct Timing: Sendable, Hashable {
        /// Index into `testIDs`.
        public var test: Int32
        public var seconds: Double
    }

    /// One run.
    public struct Row: Sendable {
        public var id: String
        public var recordedAt: UTCTime
        public var commit: String?
        public var branch: String?
        public var baseBranch: String?
        /// The config file the gate ran with (runs of different gates are not compared).
        public var config: String?
        /// The runner class (`EnvironmentFingerprint.fingerprint`).
        public var fingerprint: String?
        public var status: Verdict.Status
        /// Tests the run had (0: no test report, so no test outcome is known).
        public var testTotal: Int
        public var kpis: [KPIValue]
        /// Indexes into `series`, parallel to `values`.
        public var seriesKeys: [Int32]
        public var values: [Double]
        /// Indexes into `testIDs`.
        public var failing: [Int32]
        public var flaky: [Int32]
        public var skipped: [Int32]
        /// Slowest first.
        public var slowest: [Timing]
    }

    public private(set) var series: [Series] = []
    public private(set) var kpiIDs: [String] = []
    public private(set) var testIDs: [String] = []
    /// The window's runs, oldest first once `sort()` ran.
    public var rows: [Row] = []
    /// Runs before the window (oldest first), kept only as a baseline for regression detection.
    public var earlier: [Row] = []

    private var seriesIndex: [String: Int32] = [:]
    private var kpiIndex: [String: Int32] = [:]
    private var testIndex: [String: Int32] = [:]

    public init() {}

    /// The table of `records` (any order), sorted.
    public init(records: [HistoryRecord]) {
        for record in records { rows.append(row(record)) }
        sort()
    }

    /// Oldest first; runs recorded in the same millisecond by id.
    public mutating func sort() {
        rows.sort { ($0.recordedAt, $0.id) < ($1.recordedAt, $1.id) }
        earlier.sort { ($0.recordedAt, $0.id) < ($1.recordedAt, $1.id) }
    }

    // MARK: Interning

    public mutating func seriesKey(name: String, labels: [String: String]) -> Int32 {
        let series = Series(name: name, labels: labels)
        if let key = seriesIndex[series.display] { return key }
        let key = Int32(self.series.count)
        self.series.append(series)
        seriesIndex[series.display] = key
        return key
    }

    public mutating func kpiKey(_ id: String) -> Int32 {
        Self.intern(id, in: &kpiIDs, &kpiIndex)
    }

    public mutating func testKey(_ id: String) -> Int32 {
        Self.intern(id, in: &testIDs, &testIndex)
    }

    static func intern(_ value: String, in values: inout [String], _ index: inout [String: Int32]) -> Int32 {
        if let key = index[value] { return key }
        let key = Int32(values.count)
        values.append(value)
        index[value] = key
        return key
    }

    /// The row of a record read in full (records without a digest frame, and tests).
    public mutating func row(_ record: HistoryRecord) -> Row {
        Row(
            id: record.id, recordedAt: record.recordedAt, commit: record.commit, branch: record.branch,
            baseBranch: record.baseBranch, config: record.config, fingerprint: record.environment.fingerprint,
            status: record.verdict.status, testTotal: record.tests.counts.total,
            kpis: record.verdict.results.map {
                KPIValue(kpi: kpiKey($0.id), value: $0.value, status: $0.status, margin: $0.margin, unit: $0.unit)
            },
            seriesKeys: record.metrics.map { seriesKey(name: $0.name, labels: $0.labels) },
            values: record.metrics.map(\.value),
            failing: record.tests.failing.map { testKey($0) },
            flaky: record.tests.flaky.map { testKey($0) },
            skipped: record.tests.skipped.map { testKey($0) },
            slowest: record.tests.slowest.map { Timing(test: testKey($0.id), seconds: $0.seconds) })
    }

    // MARK: Reading

    /// The points over `rows` (oldest first), `(row index, value)`, of each series whose key
    /// `wanted` picks (the others stay empty), indexed by series key.
    public func points(in rows: [Row], wanted: (Int) -> Bool) -> [[(row: Int, value: Double)]] {
        let picked = series.indices.map(wanted)
        var points = [[(row: Int, value: Double)]](repeating: [], count: series.count)
        for (index, row) in rows.enumerated() {
            for (key, value) in zip(row.seriesKeys, row.values) where picked[Int(key)] {
                points[Int(key)].append((index, value))
            }
        }
        return points
    }
}
