import Foundation

/// Distribution-free statistics for noisy metrics: medians, MAD and the Mann-Whitney U test.
///
/// CI durations and latencies are skewed and have outliers, so means and standard deviations
/// mislead; the median and the median absolute deviation do not move for one wild sample.
enum RobustStatistics {
    /// Scales a MAD to a standard deviation for normal data, so robust z-scores read like z-scores.
    static let madScale = 1.4826

    static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Median absolute deviation from the median.
    static func mad(_ values: [Double]) -> Double {
        let center = median(values)
        return median(values.map { abs($0 - center) })
    }

    /// The largest p-value that passes the Benjamini-Hochberg procedure at false-discovery rate
    /// `alpha` when `tests` hypotheses were tested and `pValues` are those worth ranking (the
    /// others are larger); -1 when none passes. Why: a run that watches 200 latency series at
    /// p < 0.01 would otherwise flag two of them on pure noise.
    static func benjaminiHochbergThreshold(_ pValues: [Double], alpha: Double, tests: Int) -> Double {
        var threshold = -1.0
        for (rank, p) in pValues.sorted().enumerated() where p <= alpha * Double(rank + 1) / Double(max(tests, pValues.count, 1)) {
            threshold = p
        }
        return threshold
    }

    /// One-sided p-value that `current` tends to be larger than `baseline` (Mann-Whitney U,
    /// normal approximation with tie correction and continuity correction).
    static func mannWhitneyGreater(current: [Double], baseline: [Double]) -> Double {
        let n1 = Double(current.count), n2 = Double(baseline.count)
        guard n1 > 0, n2 > 0 else { return 1 }
        // Rank the pooled samples, ties sharing the mean rank.
        let pooled = (current.map { ($0, true) } + baseline.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSum = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let rank = Double(start + end + 2) / 2
            let size = Double(end - start + 1)
            tieTerm += size * size * size - size
            for index in start...end where pooled[index].1 { rankSum += rank }
            start = end + 1
        }
        let u = rankSum - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let mean = n1 * n2 / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return 1 }
        let z = (u - mean - 0.5) / variance.squareRoot()
        return 0.5 * erfc(z / 2.0.squareRoot())
    }
}
