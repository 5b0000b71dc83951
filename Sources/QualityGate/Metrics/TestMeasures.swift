/// Turns test-result facts into metrics, overall and per input label.
///
/// `tests.pass_rate` is passed ÷ (total − skipped) × 100: skipped tests are left out of the
/// rate (they did not run), and flaky tests count as passed (they passed in the end; see
/// `tests.flaky`). When no test ran the rate is absent rather than 0 or 100, so a KPI on it
/// fails with "no data" instead of passing on an empty report.
public enum TestMeasures {
    /// One group of reports that share labels (one configured input).
    public struct Group: Sendable {
        public var labels: [String: String]
        public var runs: [TestRun]
        public var pattern: String

        public init(labels: [String: String], runs: [TestRun], pattern: String) {
            self.labels = labels
            self.runs = runs
            self.pattern = pattern
        }
    }

    public static func metrics(_ groups: [Group]) -> [Metric] {
        var metrics: [Metric] = []
        let all = groups.flatMap(\.runs)
        let patterns = groups.map(\.pattern)
        metrics += series(all, labels: [:], source: describe(all.count, patterns))

        var byLabel: [String: [String: [Group]]] = [:]
        for group in groups {
            for (key, value) in group.labels {
                byLabel[key, default: [:]][value, default: []].append(group)
            }
        }
        for key in byLabel.keys.sorted() {
            for (value, members) in byLabel[key]!.sorted(by: { $0.key < $1.key }) {
                let runs = members.flatMap(\.runs)
                metrics += series(runs, labels: [key: value], source: describe(runs.count, members.map(\.pattern)))
            }
        }
        return metrics
    }

    static func describe(_ reports: Int, _ patterns: [String]) -> String {
        "\(reports) report\(reports == 1 ? "" : "s") from \(patterns.joined(separator: ", "))"
    }

    static func series(_ runs: [TestRun], labels: [String: String], source: String) -> [Metric] {
        let counts = runs.reduce(TestCounts()) { $0 + $1.counts }
        let duration = runs.reduce(0.0) { $0 + $1.durationSeconds }
        func metric(_ name: String, _ value: Double) -> Metric {
            Metric(name: name, labels: labels, value: value, source: source)
        }
        var result = [
            metric("tests.total", Double(counts.total)),
            metric("tests.passed", Double(counts.passed)),
            metric("tests.failed", Double(counts.failed)),
            metric("tests.errors", Double(counts.errors)),
            metric("tests.skipped", Double(counts.skipped)),
            metric("tests.flaky", Double(counts.flaky)),
            metric("tests.duration_seconds", duration),
            metric("tests.reports", Double(runs.count)),
        ]
        if let rate = counts.passRate {
            result.append(metric("tests.pass_rate", rate))
        }
        return result
    }
}
