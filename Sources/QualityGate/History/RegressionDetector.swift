/// Decides whether a noisy metric (a duration, a latency) regressed against a window of
/// baseline runs, requiring both a minimum effect size and a significance test.
///
/// - Fewer baseline samples than `minSamples`: `inconclusive`, never a failure.
/// - One current sample: robust z-score `(x - median) / (1.4826 · MAD)` against `zThreshold`;
///   the MAD is floored at 1 % of the median so that a perfectly flat history does not turn any
///   change into an infinite score (the effect size still decides).
/// - Two current samples (this commit recorded twice): both must pass the z-test.
/// - Three or more: one-sided Mann-Whitney U on current vs baseline samples, p < `alpha`.
/// A regression is `confirmed` only with two or more current samples, so that one noisy sample
/// never fails a pull request: `history.regressions` counts confirmed regressions only, and
/// `history.regressions_unconfirmed` the others.
public struct RegressionDetector: Sendable {
    public var settings: RegressionSettings

    public init(settings: RegressionSettings) {
        self.settings = settings
    }

    /// - Parameters:
    ///   - current: the samples of this commit for `metric` (this run first).
    ///   - baseline: the metric's values in the baseline window.
    public func judge(metric: String, current: [Double], baseline: [Double]) -> RegressionResult {
        let value = RobustStatistics.median(current)
        var result = RegressionResult(
            metric: metric, verdict: .inconclusive, confirmed: false, baselineMedian: nil, baselineMAD: nil,
            baselineSamples: baseline.count, current: value, currentSamples: current.count, effect: nil, score: nil,
            method: current.count >= 3 ? "mann-whitney-u" : "robust-z", reason: "")
        guard baseline.count >= settings.minSamples else {
            result.reason = "\(baseline.count) baseline sample\(baseline.count == 1 ? "" : "s"), \(settings.minSamples) needed"
            return result
        }
        let center = RobustStatistics.median(baseline)
        let mad = RobustStatistics.mad(baseline)
        result.baselineMedian = center
        result.baselineMAD = mad
        let sign = settings.lowerIsBetter(for: metric) ? 1.0 : -1.0
        // Positive `worse` is a change in the bad direction.
        let change = value - center
        let effect = center != 0 ? change / abs(center) : (change == 0 ? 0 : .infinity * (change > 0 ? 1 : -1))
        result.effect = effect.isFinite ? effect : nil
        let scale = max(RobustStatistics.madScale * mad, 0.01 * abs(center), .leastNormalMagnitude)
        func z(_ x: Double) -> Double { (x - center) / scale }
        let bigEnough = abs(effect) >= settings.minEffect && abs(change) >= (settings.minAbsolute ?? 0)
        let direction = change * sign > 0 ? 1.0 : -1.0
        let significant: Bool
        if current.count >= 3 {
            let oriented = current.map { $0 * sign * direction }
            let p = RobustStatistics.mannWhitneyGreater(current: oriented, baseline: baseline.map { $0 * sign * direction })
            result.score = 1 - p
            significant = p < settings.alpha
        } else {
            let scores = current.map(z)
            result.score = z(value)
            significant = scores.allSatisfy { abs($0) >= settings.zThreshold && $0 * (change >= 0 ? 1 : -1) > 0 }
        }
        let percent = (effect * 100).isFinite ? "\(NumberFormat.plain((effect * 100 * 10).rounded() / 10)) %" : "∞"
        guard bigEnough, significant else {
            result.verdict = .unchanged
            result.reason = !bigEnough
                ? "change \(percent) is below the minimum effect"
                : "change \(percent) is within the noise of \(baseline.count) baseline runs"
            return result
        }
        result.verdict = direction > 0 ? .regressed : .improved
        result.confirmed = current.count >= 2
        result.reason = "\(result.verdict.rawValue) by \(percent) against the median of \(baseline.count) baseline runs"
            + (result.confirmed ? "" : " (one sample: unconfirmed until this commit is measured again)")
        return result
    }

    /// Every configured series in `metrics`, each judged against the same series in `window`
    /// (baseline runs) and `reruns` (earlier records of this commit). With `fingerprint`, only
    /// the window's runs on the same runner class are used when there are `minSamples` of them
    /// (a fast and a slow runner pool in one window would look like noise or a regression).
    public func detect(
        metrics: [Metric], window: [HistoryRecord], reruns: [HistoryRecord], fingerprint: String? = nil
    ) -> [RegressionResult] {
        var results: [RegressionResult] = []
        var recent = Array(window.suffix(settings.window))
        if let fingerprint {
            let sameRunner = recent.filter { $0.environment.fingerprint == fingerprint }
            if sameRunner.count >= settings.minSamples { recent = sameRunner }
        }
        let watched = metrics.filter { wanted($0) && $0.value.isFinite }
        guard !watched.isEmpty else { return [] }
        // One lookup table per record, not a scan of its metrics per watched series.
        let recentValues = recent.map(\.valuesBySeries)
        let rerunValues = reruns.map(\.valuesBySeries)
        for metric in watched {
            let series = metric.seriesName
            let past = recentValues.compactMap { $0[series] }
            let again = rerunValues.compactMap { $0[series] }
            results.append(judge(metric: series, current: [metric.value] + again, baseline: past))
        }
        return results.sorted { $0.metric < $1.metric }
    }

    func wanted(_ metric: Metric) -> Bool {
        settings.watches(name: metric.name, labels: metric.labels)
    }
}

extension HistoryRecord {
    /// Every series' value, by `name{labels}`.
    var valuesBySeries: [String: Double] {
        Dictionary(metrics.map { ($0.seriesName, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
