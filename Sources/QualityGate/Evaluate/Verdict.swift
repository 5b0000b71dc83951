/// The outcome of one gate run: the single value that every output format renders.
public struct Verdict: Sendable, Hashable, Codable {
    /// The overall state, in order of precedence.
    public enum Status: String, Sendable, Hashable, Codable {
        /// An input could not be read and the policy is `fail`: exit code 3.
        case error
        /// A blocking KPI is OFF_TRACK: exit code 1.
        case fail
        /// Nothing blocks, but something is AT_RISK, off track below `fail_on`, or warned about.
        case warn
        /// Every KPI is ON_TRACK.
        case pass
    }

    /// Identifies the document shape for scripts: `qgate.verdict/1`.
    public var schema = "qgate.verdict/1"
    public var status: Status
    /// The process exit code this verdict maps to (0 pass or warn, 1 fail, 3 input error).
    public var exitCode: Int
    public var failOn: Severity
    /// One line, e.g. "1 of 4 KPIs off track (blocking); 2 failing tests".
    public var summary: String
    public var results: [KPIResult]
    public var tests: TestSummary
    /// Coverage figures, unmatched paths and patch coverage; nil when no coverage was read.
    public var coverage: CoverageSummary?
    /// The API contract: breaking changes, completeness, drift; nil when no `openapi:` section.
    public var openapi: OpenAPISummary?
    /// Performance budgets: one row per budget, worst first; nil when no `performance:` section.
    public var performance: PerformanceSummary?
    /// The budget evaluation behind `performance`, for the renderers (not part of the JSON).
    public var budgetEvaluation: BudgetEvaluation?
    public var inputs: [InputReport]
    /// Input errors: unreadable, empty, truncated, not a report, no match.
    public var problems: [Diagnostic]
    /// Everything a user should look at that does not decide the gate.
    public var warnings: [Diagnostic]
    public var metrics: [Metric]
    /// The run against the history: baseline, regressions, tests over time; nil when the
    /// config needs no history and has no quarantine list.
    public var history: HistorySummary? = nil

    enum CodingKeys: String, CodingKey {
        case schema, status, exitCode, failOn, summary, results, tests, coverage, openapi, performance, inputs, problems,
            warnings, metrics, history
    }
}

/// The tests behind the verdict: totals and the ones to look at.
public struct TestSummary: Sendable, Hashable, Codable {
    public var counts: TestCounts
    public var durationSeconds: Double
    /// Failed and errored tests, in input order (capped; see `omitted`).
    public var failing: [TestCase]
    /// Tests that failed and then passed in the same run.
    public var flaky: [TestCase]
    /// Notable tests not listed because of the caps.
    public var omitted: Int
    /// Test reports read (0 when the gate ran on other artifacts only).
    public var reports: Int = 0
}

/// What one configured input produced.
public struct InputReport: Sendable, Hashable, Codable {
    public var pattern: String
    public var labels: [String: String]
    public var reports: [ReportSummary]
}

/// One file that was read.
public struct ReportSummary: Sendable, Hashable, Codable {
    public var path: String
    public var format: String
    public var dialect: Dialect?
    public var counts: TestCounts?
    public var observed: TestCounts?
    public var declared: DeclaredCounts?
    public var caseElements: Int?
    public var suites: Int?
    public var summaryOnly: Bool?
    public var durationSeconds: Double?
    public var durationSource: String?
    /// Coverage reports: what was read and how it was recognised.
    public var coverage: CoverageReportDigest?
    /// Performance results (load tests, benchmarks, Lighthouse): the normalised series.
    public var performance: PerfResult?
    /// Set when the file could not be read; the other fields are then nil.
    public var error: Diagnostic?
    public var warnings: [Diagnostic]

    public init(run: TestRun) {
        path = run.report
        format = run.format
        dialect = run.dialect
        counts = run.counts
        observed = run.observed
        declared = run.declared
        caseElements = run.caseElements
        suites = run.suites
        summaryOnly = run.summaryOnly
        durationSeconds = run.durationSeconds
        durationSource = run.durationSource
        warnings = run.diagnostics
    }

    public init(coverage report: CoverageReport) {
        path = report.report
        format = report.format.rawValue
        coverage = CoverageReportDigest(report)
        warnings = report.diagnostics
    }

    public init(performance result: PerfResult) {
        path = result.path
        format = result.format.rawValue
        performance = result
        warnings = result.warnings.map { Diagnostic(.warning, code: "perf.warning", $0, file: result.path) }
    }

    public init(path: String, error: InputError) {
        self.path = path
        format = "unknown"
        self.error = error.diagnostic
        warnings = []
    }
}
