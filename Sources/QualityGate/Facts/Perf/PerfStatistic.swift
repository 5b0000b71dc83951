/// The name of one statistic of a series: `p95`, `mean`, `count`, `error_rate`, `rate_5xx`, ….
///
/// A string-backed struct rather than a closed enum because sources carry percentiles nobody
/// lists in advance (k6 `p(98)`, autocannon `p97_5`): they keep their own name (`p98`, `p97.5`)
/// instead of being dropped or mapped onto a neighbour.
public struct PerfStatistic: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let p50 = PerfStatistic("p50")
    public static let p90 = PerfStatistic("p90")
    public static let p95 = PerfStatistic("p95")
    public static let p99 = PerfStatistic("p99")
    public static let mean = PerfStatistic("mean")
    public static let min = PerfStatistic("min")
    public static let max = PerfStatistic("max")
    public static let count = PerfStatistic("count")
    public static let errors = PerfStatistic("errors")
    public static let errorRate = PerfStatistic("error_rate")
    public static let throughput = PerfStatistic("throughput")
    public static let size = PerfStatistic("size")
    public static let score = PerfStatistic("score")

    /// The statistics a latency budget usually names; `inspect` lists the ones a source lacks.
    public static let latencySet: [PerfStatistic] = [.p50, .p90, .p95, .p99, .mean, .min, .max, .count, .errorRate]

    /// `p` followed by the percentile with no trailing zeros: 95 → `p95`, 97.5 → `p97.5`.
    public static func percentile(_ value: Double) -> PerfStatistic {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return PerfStatistic("p" + text)
    }

    /// `rate_5xx` style name for a status class.
    public static func statusRate(_ statusClass: String) -> PerfStatistic { PerfStatistic("rate_" + statusClass) }

    /// The percentile this statistic names, if it is one.
    public var percentileValue: Double? {
        guard rawValue.hasPrefix("p") else { return nil }
        return Double(rawValue.dropFirst())
    }

    /// Orders percentiles numerically first, then the rest by a fixed reading order.
    public static func < (lhs: PerfStatistic, rhs: PerfStatistic) -> Bool {
        switch (lhs.percentileValue, rhs.percentileValue) {
        case (let l?, let r?): return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil):
            let order = ["mean", "min", "max", "count", "errors", "error_rate", "throughput"]
            let l = order.firstIndex(of: lhs.rawValue) ?? order.count
            let r = order.firstIndex(of: rhs.rawValue) ?? order.count
            return l != r ? l < r : lhs.rawValue < rhs.rawValue
        }
    }
}
