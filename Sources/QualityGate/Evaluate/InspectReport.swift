/// What `qgate inspect` says about a set of files: how each was read, and the metrics they make.
public struct InspectReport: Sendable, Hashable, Codable {
    public var schema = "qgate.inspect/1"
    public var files: [InspectedFile]
    /// Coverage merged over the coverage files, mapped to the repository of the working directory.
    public var coverage: CoverageSummary?
    public var metrics: [Metric]
    /// Files that could not be read (also listed in `files` with their error).
    public var problems: [Diagnostic]

    /// Exit code: 3 when any file could not be read, else 0.
    public var exitCode: Int { problems.isEmpty ? 0 : 3 }
}

/// One inspected file: the report summary plus the tests worth a look.
public struct InspectedFile: Sendable, Hashable, Codable {
    public var report: ReportSummary
    public var failing: [TestCase]
    public var flaky: [TestCase]
    public var omitted: Int
}

extension Gate {
    /// Reads `paths` (globs are expanded) without any config, for `qgate inspect`.
    public func inspect(_ paths: [String], timeUnit: JUnitReader.TimeUnit = .seconds, format: String? = nil) -> InspectReport {
        var files: [InspectedFile] = []
        var problems: [Diagnostic] = []
        var runs: [TestRun] = []
        var coverageReports: [LabeledCoverage] = []
        var perfFiles = 0
        for argument in paths {
            let matches = Glob.hasMagic(argument) ? Glob.expand(argument) : [argument]
            if matches.isEmpty {
                problems.append(InputError.noMatch(pattern: argument).diagnostic)
            }
            for path in matches {
                do {
                    switch try ArtifactReader().read(path: path, format: format, timeUnit: timeUnit) {
                    case .tests(let run):
                        runs.append(run)
                        let summary = summarize([run])
                        files.append(
                            InspectedFile(
                                report: ReportSummary(run: run), failing: summary.failing, flaky: summary.flaky,
                                omitted: summary.omitted))
                    case .coverage(let report):
                        coverageReports.append(LabeledCoverage(report: report, labels: [:], pattern: path))
                        files.append(InspectedFile(report: ReportSummary(coverage: report), failing: [], flaky: [], omitted: 0))
                    case .performance(let result):
                        perfFiles += 1
                        files.append(InspectedFile(report: ReportSummary(performance: result), failing: [], flaky: [], omitted: 0))
                    }
                } catch {
                    problems.append(error.diagnostic)
                    files.append(
                        InspectedFile(report: ReportSummary(path: path, error: error), failing: [], flaky: [], omitted: 0))
                }
            }
        }
        var metrics: [Metric] = []
        if !runs.isEmpty || (coverageReports.isEmpty && perfFiles == 0) {
            metrics += TestMeasures.metrics([TestMeasures.Group(labels: [:], runs: runs, pattern: paths.joined(separator: " "))])
        }
        var coverage: CoverageSummary?
        if !coverageReports.isEmpty {
            var analysis = CoverageAnalysis(settings: CoverageSettings(), baseDirectory: ".")
            analysis.keepUnmatched = true
            let outcome = analysis.run(coverageReports)
            coverage = outcome.summary
            metrics += outcome.metrics
        }
        return InspectReport(files: files, coverage: coverage, metrics: MetricSet(metrics).sorted, problems: problems)
    }
}
