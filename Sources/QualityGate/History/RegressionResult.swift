/// One noisy metric compared with its window of baseline runs (`history.regressions`).
public struct RegressionResult: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Worse by at least the minimum effect, and significant.
        case regressed
        /// Better by at least the minimum effect, and significant.
        case improved
        /// Neither.
        case unchanged
        /// Too few baseline samples to judge: never a failure.
        case inconclusive
    }

    /// The series, `name{labels}`.
    public var metric: String
    public var verdict: Outcome
    /// True when the current side had two or more samples (reruns of this commit) that all
    /// agree; a single sample is never confirmed, so it never counts in `history.regressions`.
    public var confirmed: Bool
    public var baselineMedian: Double?
    /// Median absolute deviation of the baseline samples.
    public var baselineMAD: Double?
    public var baselineSamples: Int
    /// The current value (the median when the current side has several samples).
    public var current: Double
    public var currentSamples: Int
    /// Relative change of the median, as a fraction (0.25 = 25 % higher).
    public var effect: Double?
    /// The robust z-score (one sample) or 1 - p of the Mann-Whitney U test (three or more).
    public var score: Double?
    /// `robust-z` or `mann-whitney-u`.
    public var method: String
    /// One sentence for people.
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case metric, verdict, confirmed, current, effect, score, method, reason
        case baselineMedian = "baseline_median"
        case baselineMAD = "baseline_mad"
        case baselineSamples = "baseline_samples"
        case currentSamples = "current_samples"
    }
}
