/// `history.regressions`: which noisy metrics (durations, latencies) are compared with a
/// window of baseline runs, and how much evidence a regression needs.
public struct RegressionSettings: Sendable, Hashable {
    /// Metric names (every series of the name) or selectors (one series).
    public var metrics: [MetricSelector]
    /// Baseline runs compared with: the last N runs of the baseline branch.
    public var window = 20
    /// Fewer baseline samples than this gives `inconclusive`, never a failure.
    public var minSamples = 5
    /// Minimum relative change of the median, as a fraction (0.10 = 10 %).
    public var minEffect = 0.10
    /// Optional minimum absolute change, in the metric's unit.
    public var minAbsolute: Double?
    /// Robust z-score (MAD-scaled) a single current sample must reach.
    public var zThreshold = 3.5
    /// One-sided p-value the Mann-Whitney U test must beat when the current side has 3+ samples.
    public var alpha = 0.01
    /// `better: lower` (durations, latencies: an increase is a regression) or `higher`, for
    /// every watched metric; nil: each metric by its name (`lowerIsBetter(for:)`).
    public var lowerIsBetter: Bool?

    public init(metrics: [MetricSelector]) {
        self.metrics = metrics
    }

    /// Whether a rise of `metric` (a name or a series `name{labels}`) is bad: the configured
    /// `better`, else by name — percentages, pass rates, coverage, throughput, hit rates and
    /// scores are better higher; durations, latencies, sizes, errors and failure counts lower.
    public func lowerIsBetter(for metric: String) -> Bool {
        if let lowerIsBetter { return lowerIsBetter }
        let name = metric.split(separator: "{", maxSplits: 1).first.map(String.init) ?? metric
        if ["error", "fail", "flaky", "violation", "breaking", "regression", "undocumented"].contains(where: name.contains) { return true }
        let higher = ["percent", "pass_rate", "coverage.", "throughput", "_rps", "hit_rate", "score", "apdex", "completeness"]
        return !higher.contains(where: name.contains)
    }

    /// Whether the series `name{labels}` is watched: a bare name in `metrics` watches every
    /// series of it, a selector with labels exactly that series.
    public func watches(name: String, labels: [String: String]) -> Bool {
        metrics.contains { $0.name == name && ($0.labels.isEmpty || $0.labels == labels) }
    }
}
