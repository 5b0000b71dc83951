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
    /// `lower` (durations, latencies: an increase is a regression) or `higher`.
    public var lowerIsBetter = true

    public init(metrics: [MetricSelector]) {
        self.metrics = metrics
    }
}
