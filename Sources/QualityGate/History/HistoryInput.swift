/// What `qgate check` read from the history store for this run: the baseline run, a window of
/// baseline-branch runs and earlier records of this commit.
public struct HistoryInput: Sendable {
    /// Which run is the baseline, and why (or why none).
    public var choice: BaselineChoice
    public var baseline: HistoryRecord?
    /// Recent usable runs of the baseline branch, oldest first, up to the baseline run.
    public var window: [HistoryRecord]
    /// Earlier records of this run's commit (reruns): extra samples, same-commit flakiness.
    public var reruns: [HistoryRecord]
    /// This machine's runner class (`EnvironmentFingerprint.fingerprint`): regressions prefer
    /// baseline runs of the same class when there are enough of them.
    public var fingerprint: String?

    public init(choice: BaselineChoice, baseline: HistoryRecord? = nil, window: [HistoryRecord] = [], reruns: [HistoryRecord] = []) {
        self.choice = choice
        self.baseline = baseline
        self.window = window
        self.reruns = reruns
    }
}

/// The names of the metrics computed against the history.
public enum HistoryMetrics {
    /// Computed against the baseline run: absent (and a KPI on them NEUTRAL) without one.
    public static let baselineNames: Set<String> = [
        "tests.new_failures", "tests.fixed", "tests.still_failing", "tests.newly_skipped", "tests.added", "tests.removed",
    ]
    /// Computed from this run and the quarantine list alone (no store needed).
    public static let quarantineNames: Set<String> = ["tests.quarantined", "tests.blocking_failures"]
    /// Every metric that needs the store read.
    public static let names: Set<String> = baselineNames.union([
        "tests.flaky_over_time", "history.regressions", "history.regressions_unconfirmed",
    ])
}

/// The `history` member of a verdict: the baseline, regressions and tests over time.
public struct HistorySummary: Sendable, Hashable, Codable {
    /// Nil when the store was not read (only a quarantine list applied).
    public var baseline: BaselineChoice?
    /// Nil when `history.regressions` is not configured.
    public var regressions: [RegressionResult]?
    public var tests: TestHistory

    public init(baseline: BaselineChoice?, regressions: [RegressionResult]?, tests: TestHistory) {
        self.baseline = baseline
        self.regressions = regressions
        self.tests = tests
    }

    public var metrics: [Metric] {
        var metrics = tests.metrics
        if let regressions {
            let regressed = regressions.filter { $0.verdict == .regressed }
            metrics.append(Metric(name: "history.regressions", value: Double(regressed.filter(\.confirmed).count), source: "history"))
            metrics.append(
                Metric(name: "history.regressions_unconfirmed", value: Double(regressed.filter { !$0.confirmed }.count), source: "history"))
        }
        return metrics
    }
}
