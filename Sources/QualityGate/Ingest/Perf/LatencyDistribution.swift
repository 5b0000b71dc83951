import Histogram

/// Latency samples of one series, kept exactly while few and as a mergeable sketch once many.
///
/// - Exact (up to `exactLimit` samples): percentiles by linear interpolation between the two
///   nearest order statistics, `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])` with `h = (n − 1)·p` —
///   numpy's default `method="linear"`, so a Python reference agrees to the last digit.
/// - Sketch (beyond it): an HdrHistogram with 3 significant digits over microseconds. A reported
///   percentile is the upper end of the bucket holding the nearest-rank sample, so it is never
///   below that sample and at most 0.1 % above it (plus 1 µs of rounding); min, max, mean and
///   count stay exact. Memory is then fixed (a few tens of KiB per series) however many samples
///   arrive, and two sketches merge by adding buckets — which is how the aggregate across
///   endpoints stays a percentile of samples, not an average of percentiles.
struct LatencyDistribution: Sendable {
    /// Samples kept exactly before switching to the sketch.
    static let exactLimit = 10_000
    /// The sketch's relative error bound, stated in `inspect`.
    static let sketchBound = "HdrHistogram, 3 significant digits: at most 0.1 % above the nearest-rank value"
    static let exactMethod = "exact, linear interpolation between order statistics (numpy's default)"

    private(set) var exact: [Double] = []
    /// Used once `sketched`; kept non-optional so the per-sample path mutates it in place.
    /// 32-bit bucket counts halve the memory the per-sample increments touch (cache misses are
    /// most of the recording cost); a bucket overflows only past 4 billion samples of one value.
    private(set) var sketch = Histogram<UInt32>(numberOfSignificantValueDigits: .three)
    private(set) var sketched = false
    private(set) var count = 0
    private(set) var sum = 0.0
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity

    var isExact: Bool { !sketched }

    /// Records one sample; returns the change in exactly held samples (+1, or minus all of
    /// them when this sample moved the series to its sketch, or 0).
    @discardableResult
    mutating func record(_ milliseconds: Double) -> Int {
        count += 1
        sum += milliseconds
        if milliseconds < minimum { minimum = milliseconds }
        if milliseconds > maximum { maximum = milliseconds }
        if sketched {
            sketch.record(Self.micros(milliseconds))
            return 0
        }
        exact.append(milliseconds)
        if exact.count > Self.exactLimit {
            let held = exact.count - 1
            promote()
            return -held
        }
        return 1
    }

    /// Moves the exact samples into a sketch (bounded memory from here on).
    mutating func promote() {
        guard !sketched else { return }
        sketched = true
        for value in exact { sketch.record(Self.micros(value)) }
        exact = []
    }

    /// Adds another distribution's samples (exact stays exact while the total is small).
    mutating func merge(_ other: LatencyDistribution) {
        count += other.count
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        if !sketched, !other.sketched, exact.count + other.exact.count <= Self.exactLimit {
            exact += other.exact
            return
        }
        promote()
        if other.sketched {
            sketch.add(other.sketch)
        } else {
            for value in other.exact { sketch.record(Self.micros(value)) }
        }
    }

    /// The `p`-th percentile (0…100) in ms, nil when empty.
    func percentile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        if sketched {
            return Double(sketch.valueAtPercentile(p)) / 1000
        }
        let sorted = exact.sorted()
        return Self.linear(sorted, p)
    }

    /// Several percentiles with one sort.
    func percentiles(_ ps: [Double]) -> [Double?] {
        guard count > 0 else { return ps.map { _ in nil } }
        if sketched { return ps.map { Double(sketch.valueAtPercentile($0)) / 1000 } }
        let sorted = exact.sorted()
        return ps.map { Self.linear(sorted, $0) }
    }

    var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// numpy's `linear` method on sorted data.
    static func linear(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p / 100
        let lower = Int(h.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    static func micros(_ milliseconds: Double) -> UInt64 {
        milliseconds <= 0 ? 0 : UInt64((milliseconds * 1000).rounded())
    }
}
