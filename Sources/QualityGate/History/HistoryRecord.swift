/// One gate run as the history store keeps it: immutable, one JSON file per run.
///
/// Everything later features need is here, so that trends, baselines, flaky-test detection and
/// the weekly review read records and never the original artifacts: where the run happened
/// (commit, merge base, branch, CI job, machine), every metric, the verdict with each KPI's
/// value and status, and which tests failed, were flaky, were skipped or were slow.
/// Schema: `schemas/history-record.schema.json`.
public struct HistoryRecord: Sendable, Hashable, Codable {
    /// The schema tag this qgate writes. Version 2 added `tests.ids` (the hashed set of every
    /// test id) and the history metrics; version 1 records are still read (without the set).
    public static let schemaTag = "qgate.history-record/2"
    /// Every record schema this qgate reads.
    public static let readableTags = ["qgate.history-record/1", schemaTag]
    /// Tests listed per kind (failing, flaky, skipped); the rest are counted in `omitted`.
    public static let maxListedTests = 1_000
    /// Slowest tests kept per run.
    public static let maxSlowestTests = 50

    public var schema: String
    /// Unique in the store and the record's file name without `.json`: time and random suffix.
    public var id: String
    public var recordedAt: UTCTime
    public var commit: String?
    /// The commit the branch forked from its base (pull requests), for baselines.
    public var mergeBase: String?
    public var branch: String?
    /// The branch a pull request targets.
    public var baseBranch: String?
    /// The config file the gate ran with, as given (several gates may share one store).
    public var config: String?
    public var ci: CIContext?
    /// The run this one was compared with (`qgate check --baseline`), when one was chosen.
    public var baseline: BaselineChoice.Run?
    public var environment: EnvironmentFingerprint
    public var verdict: RecordedVerdict
    /// Every metric of the run, sorted by name and labels.
    public var metrics: [RecordedMetric]
    public var tests: RecordedTests

    enum CodingKeys: String, CodingKey {
        case schema, id, commit, branch, config, ci, baseline, environment, verdict, metrics, tests
        case recordedAt = "recorded_at"
        case mergeBase = "merge_base"
        case baseBranch = "base_branch"
    }

    public init(
        id: String, recordedAt: UTCTime, context: RunContext, config: String?, environment: EnvironmentFingerprint,
        verdict: RecordedVerdict, metrics: [RecordedMetric], tests: RecordedTests
    ) {
        schema = Self.schemaTag
        self.id = id
        self.recordedAt = recordedAt
        commit = context.commit
        mergeBase = context.mergeBase
        branch = context.branch
        baseBranch = context.baseBranch
        ci = context.ci
        self.config = config
        self.environment = environment
        self.verdict = verdict
        self.metrics = metrics
        self.tests = tests
    }

    /// The record of a gate run.
    public init(
        outcome: GateOutcome, id: String, recordedAt: UTCTime, context: RunContext, config: String?,
        environment: EnvironmentFingerprint
    ) {
        let verdict = outcome.verdict
        self.init(
            id: id, recordedAt: recordedAt, context: context, config: config, environment: environment,
            verdict: RecordedVerdict(verdict),
            metrics: verdict.metrics.filter { $0.value.isFinite }.map {
                RecordedMetric(name: $0.name, labels: $0.labels, value: $0.value)
            },
            tests: RecordedTests(verdict.tests, runs: outcome.runs))
    }
}

/// The verdict of a recorded run: its status and each KPI's value and status.
public struct RecordedVerdict: Sendable, Hashable, Codable {
    public var status: Verdict.Status
    public var exitCode: Int
    public var summary: String
    public var results: [RecordedKPI]

    enum CodingKeys: String, CodingKey {
        case status, summary, results
        case exitCode = "exit_code"
    }

    public init(status: Verdict.Status, exitCode: Int, summary: String, results: [RecordedKPI]) {
        self.status = status
        self.exitCode = exitCode
        self.summary = summary
        self.results = results
    }

    public init(_ verdict: Verdict) {
        self.init(
            status: verdict.status, exitCode: verdict.exitCode, summary: verdict.summary,
            results: verdict.results.map(RecordedKPI.init))
    }
}

/// One KPI result in a record.
public struct RecordedKPI: Sendable, Hashable, Codable {
    public var id: String
    /// Nil when the KPI had no data.
    public var value: Double?
    public var status: KPIStatus
    public var severity: Severity
    public var blocking: Bool
    /// Headroom against the target (for budgets: percent of the limit left), so that the
    /// weekly review can list budgets at risk; nil in records written before it was kept.
    public var margin: Double?
    /// The unit the verdict shows the value in (`%`, `ms`, …), when it has one.
    public var unit: String?

    public init(
        id: String, value: Double?, status: KPIStatus, severity: Severity, blocking: Bool, margin: Double? = nil,
        unit: String? = nil
    ) {
        self.id = id
        self.value = value
        self.status = status
        self.severity = severity
        self.blocking = blocking
        self.margin = margin
        self.unit = unit
    }

    public init(_ result: KPIResult) {
        self.init(
            id: result.id, value: result.value.flatMap { $0.isFinite ? $0 : nil }, status: result.status,
            severity: result.severity, blocking: result.blocking, margin: result.margin.flatMap { $0.isFinite ? $0 : nil },
            unit: ValueFormat.unit(result))
    }
}

/// One metric series in a record (the verdict's metrics without their provenance).
public struct RecordedMetric: Sendable, Hashable, Codable {
    public var name: String
    public var labels: [String: String]
    public var value: Double

    public init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }

    /// The metric as a verdict holds it (for `baseline(...)`).
    public var metric: Metric { Metric(name: name, labels: labels, value: value) }

    /// `name{label="value"}`, the series as KPIs and exports spell it.
    public var seriesName: String {
        MetricSelector(name: name, labels: labels).description
    }
}
