/// What `qgate inspect` says about a set of files: how each was read, and the metrics they make.
public struct InspectReport: Sendable, Hashable, Codable {
    public var schema = "qgate.inspect/1"
    public var files: [InspectedFile]
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
    public func inspect(_ paths: [String], timeUnit: JUnitReader.TimeUnit = .seconds) -> InspectReport {
        var files: [InspectedFile] = []
        var problems: [Diagnostic] = []
        var runs: [TestRun] = []
        for argument in paths {
            let matches = Glob.hasMagic(argument) ? Glob.expand(argument) : [argument]
            if matches.isEmpty {
                problems.append(InputError.noMatch(pattern: argument).diagnostic)
            }
            for path in matches {
                do {
                    let run = try ArtifactReader().readTests(path: path, format: nil, timeUnit: timeUnit)
                    runs.append(run)
                    let summary = summarize([run])
                    files.append(
                        InspectedFile(
                            report: ReportSummary(run: run), failing: summary.failing, flaky: summary.flaky,
                            omitted: summary.omitted))
                } catch {
                    problems.append(error.diagnostic)
                    files.append(
                        InspectedFile(report: ReportSummary(path: path, error: error), failing: [], flaky: [], omitted: 0))
                }
            }
        }
        let metrics = TestMeasures.metrics([TestMeasures.Group(labels: [:], runs: runs, pattern: paths.joined(separator: " "))])
        return InspectReport(files: files, metrics: MetricSet(metrics).sorted, problems: problems)
    }
}
