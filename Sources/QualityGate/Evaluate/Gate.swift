import Foundation

/// The pipeline in one place: artifacts → facts → metrics → KPI results → verdict.
///
/// Both `qgate check` and `qgate inspect` are one call here, so that the command-line tool
/// stays argument parsing and wiring only.
public struct Gate: Sendable {
    /// Caps on the tests listed in a verdict (all of them are always counted).
    public var maxListedTests = 500
    /// The day budget waivers are judged on (`yyyy-MM-dd`); today unless a test pins it.
    public var today = DiffOptions.isoDate(Date())

    public init() {}

    /// Reads every configured input, measures it and holds it to the KPIs.
    ///
    /// - Parameters:
    ///   - base: `--base`, the ref patch coverage is measured against (merge-base diff).
    ///   - diffFile: `--diff`, a unified diff to take changed lines from instead of git.
    public func check(_ config: GateConfig, base: String? = nil, diffFile: String? = nil) -> Verdict {
        run(config, base: base, diffFile: diffFile).verdict
    }

    /// `check`, also returning the test runs behind the verdict (for the history record,
    /// which keeps skipped and slowest tests that the verdict does not list).
    ///   - history: what was read from the history store (baseline run, window, reruns of this
    ///     commit); nil when the store was not read.
    public func run(_ config: GateConfig, base: String? = nil, diffFile: String? = nil, history: HistoryInput? = nil) -> GateOutcome {
        var inputReports: [InputReport] = []
        var groups: [TestMeasures.Group] = []
        var coverageReports: [LabeledCoverage] = []
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var observations: [BudgetObservation] = []

        for spec in config.inputs {
            let files = Glob.expand(spec.pattern, base: config.baseDirectory)
            var reports: [ReportSummary] = []
            var runs: [TestRun] = []
            var sawCoverage = false
            var sawPerformance = false
            if files.isEmpty {
                let error = InputError.noMatch(pattern: spec.pattern)
                var diagnostic = error.diagnostic
                diagnostic.file = config.path
                diagnostic.line = spec.line
                if spec.required {
                    problems.append(diagnostic)
                } else {
                    diagnostic.severity = .note
                    warnings.append(diagnostic)
                }
            }
            for file in files {
                let display = file
                do {
                    switch try ArtifactReader().read(path: file, format: spec.format, timeUnit: spec.timeUnit) {
                    case .tests(var run):
                        run.report = display
                        for index in run.cases.indices { run.cases[index].report = display }
                        for index in run.diagnostics.indices { run.diagnostics[index].file = display }
                        runs.append(run)
                        reports.append(ReportSummary(run: run))
                        warnings += run.diagnostics
                    case .coverage(let report):
                        sawCoverage = true
                        coverageReports.append(LabeledCoverage(report: report, labels: spec.labels, pattern: spec.pattern))
                        reports.append(ReportSummary(coverage: report))
                        warnings += report.diagnostics
                    case .performance(let result):
                        sawPerformance = true
                        observations += result.observations
                        reports.append(ReportSummary(performance: result))
                    }
                } catch {
                    reports.append(ReportSummary(path: display, error: error))
                    problems.append(error.diagnostic)
                }
            }
            if !runs.isEmpty || !(sawCoverage || sawPerformance) {
                groups.append(TestMeasures.Group(labels: spec.labels, runs: runs, pattern: spec.pattern))
            }
            inputReports.append(InputReport(pattern: spec.pattern, labels: spec.labels, reports: reports))
        }

        var allMetrics = TestMeasures.metrics(groups)
        var coverage: CoverageSummary?
        let analysis = CoverageAnalysis(
            settings: config.coverage, baseDirectory: config.baseDirectory, base: base, diffFile: diffFile)
        if !coverageReports.isEmpty || analysis.wantsPatch {
            let outcome = analysis.run(coverageReports)
            coverage = outcome.summary
            allMetrics += outcome.metrics
            problems += outcome.problems
            warnings += outcome.warnings
        }
        var openAPI: OpenAPISummary?
        var spec: APISpec?
        if let settings = config.openAPI {
            let outcome = OpenAPIAnalysis(settings: settings, baseDirectory: config.baseDirectory, baseRef: base).run()
            openAPI = outcome.summary
            spec = outcome.spec
            allMetrics += outcome.metrics
            problems += outcome.problems
            warnings += outcome.warnings
        }
        var budgetEvaluation: BudgetEvaluation?
        var budgetResults: [KPIResult] = []
        if let settings = config.performance {
            let templater = settings.useOpenAPIRoutes
                ? spec.map { RouteTemplater(spec: $0, prefixes: config.openAPI?.serverPrefix.map { [$0] } ?? []) } : nil
            let outcome = PerformanceAnalysis(
                settings: settings, baseDirectory: config.baseDirectory, observations: observations, templater: templater,
                failOn: config.failOn, today: today
            ).run()
            budgetEvaluation = outcome.evaluation
            budgetResults = outcome.results
            allMetrics += outcome.metrics
            problems += outcome.problems
            warnings += outcome.warnings
        } else {
            allMetrics += PerfMeasures.metrics(observations)
        }
        let runs = groups.flatMap(\.runs)
        let tests = summarize(runs)
        var historySummary: HistorySummary?
        if history != nil || config.wantsTestHistory {
            historySummary = summarizeHistory(config, current: allMetrics, tests: RecordedTests(tests, runs: runs), history: history)
            allMetrics += historySummary!.metrics
            warnings += historySummary!.tests.expiredQuarantine.map { entry in
                Diagnostic(
                    .warning, code: "quarantine.expired",
                    "the quarantine of '\(entry.test)' (owner \(entry.owner)) expired on \(entry.expires): its failures block again; renew or remove it",
                    file: config.path, line: entry.line)
            }
        }
        let metrics = MetricSet(allMetrics)
        var evaluator = Evaluator(failOn: config.failOn, baseline: history?.baseline.map { MetricSet($0.metrics.map(\.metric)) })
        if let choice = history?.choice, history?.baseline == nil { evaluator.noBaselineReason = choice.reason }
        let results = evaluator.evaluate(config.kpis, metrics: metrics) + budgetResults

        let inputFailed = !problems.isEmpty && config.inputProblems == .fail
        let blocking = results.filter(\.blocking)
        let status: Verdict.Status
        if inputFailed {
            status = .error
        } else if !blocking.isEmpty {
            status = .fail
        } else if results.contains(where: { $0.status == .atRisk || $0.status == .offTrack }) || !problems.isEmpty
            || !warnings.isEmpty
        {
            status = .warn
        } else {
            status = .pass
        }
        let exitCode = switch status {
        case .error: 3
        case .fail: 1
        case .warn, .pass: 0
        }
        let verdict = Verdict(
            status: status, exitCode: exitCode, failOn: config.failOn,
            summary: Self.summary(results: results, tests: tests, problems: problems),
            results: results, tests: tests, coverage: coverage, openapi: openAPI,
            performance: budgetEvaluation.map(PerformanceSummary.init), budgetEvaluation: budgetEvaluation,
            inputs: inputReports, problems: problems,
            warnings: warnings, metrics: metrics.sorted, history: historySummary)
        return GateOutcome(verdict: verdict, runs: runs)
    }

    /// Tests over time, regressions and quarantine, against what was read from the store.
    func summarizeHistory(_ config: GateConfig, current: [Metric], tests: RecordedTests, history: HistoryInput?) -> HistorySummary {
        let window = history?.window ?? []
        let reruns = history?.reruns ?? []
        let testHistory = TestHistory(
            current: tests, baseline: history?.baseline, window: window, reruns: reruns, quarantine: config.quarantine,
            flakySettings: config.history.flaky, today: today)
        let regressions = config.history.regressions.map {
            RegressionDetector(settings: $0).detect(metrics: current, window: window, reruns: reruns, fingerprint: history?.fingerprint)
        }
        return HistorySummary(baseline: history?.choice, regressions: regressions, tests: testHistory)
    }

    func summarize(_ runs: [TestRun]) -> TestSummary {
        var failing: [TestCase] = []
        var flaky: [TestCase] = []
        var omitted = runs.reduce(0) { $0 + $1.omittedCases }
        for run in runs {
            for test in run.cases {
                if test.outcome == .failed || test.outcome == .errored {
                    if failing.count < maxListedTests { failing.append(test) } else { omitted += 1 }
                } else if test.flaky {
                    if flaky.count < maxListedTests { flaky.append(test) } else { omitted += 1 }
                }
            }
        }
        return TestSummary(
            counts: runs.reduce(TestCounts()) { $0 + $1.counts },
            durationSeconds: runs.reduce(0) { $0 + $1.durationSeconds }, failing: failing, flaky: flaky,
            omitted: omitted, reports: runs.count)
    }

    static func summary(results: [KPIResult], tests: TestSummary, problems: [Diagnostic]) -> String {
        var parts: [String] = []
        let off = results.filter { $0.status == .offTrack }
        let blocking = off.filter(\.blocking)
        let risk = results.filter { $0.status == .atRisk }
        if results.isEmpty {
            parts.append("no KPIs configured")
        } else if off.isEmpty && risk.isEmpty {
            parts.append("all \(results.count) KPIs on track")
        } else {
            if !off.isEmpty {
                let note = blocking.count == off.count ? "" : " (\(blocking.count) blocking)"
                parts.append("\(off.count) of \(results.count) KPIs off track\(note)")
            }
            if !risk.isEmpty { parts.append("\(risk.count) at risk") }
        }
        let counts = tests.counts
        if counts.total == 0 && tests.reports == 0, !parts.isEmpty {
            if !problems.isEmpty { parts.append("\(problems.count) input problem\(problems.count == 1 ? "" : "s")") }
            return parts.joined(separator: "; ")
        }
        var testPart = "\(counts.total) tests"
        let bad = counts.failed + counts.errors
        if bad > 0 { testPart += ", \(bad) failing" }
        if counts.flaky > 0 { testPart += ", \(counts.flaky) flaky" }
        if counts.skipped > 0 { testPart += ", \(counts.skipped) skipped" }
        parts.append(testPart)
        if !problems.isEmpty {
            parts.append("\(problems.count) input problem\(problems.count == 1 ? "" : "s")")
        }
        return parts.joined(separator: "; ")
    }
}
