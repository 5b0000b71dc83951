/// The statistic a budget holds a subject to, by its canonical name (`p95`, `error_rate`,
/// `size_gzip`), and what kind of quantity it is.
///
/// The kind decides which units a limit may be written in, how several observations combine
/// (percentiles never average: see `BudgetEvaluation`) and which way is better by default.
public struct BudgetStatistic: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Percentiles, mean, min, max: a time (or, for resources and metrics, a size).
        case measure
        /// A byte size (`size`, `size_gzip`).
        case size
        /// A fraction 0…1 (`error_rate`, `rate_5xx`, `rate_4xx`, `ratio`).
        case rate
        /// Per second (`throughput`).
        case throughput
        /// A plain number of things (`count`).
        case count
    }

    /// The canonical name, as in `BudgetObservation.statistic`.
    public let name: String
    public let kind: Kind

    /// The canonical names qgate knows besides `pNN` percentiles.
    public static let names = [
        "p50", "p75", "p90", "p95", "p99", "mean", "min", "max", "count", "error_rate", "rate_5xx", "rate_4xx",
        "ratio", "throughput", "size", "size_gzip",
    ]

    private static let aliases: [String: String] = [
        "median": "p50", "med": "p50", "avg": "mean", "average": "mean", "gzip_size": "size_gzip", "gzip": "size_gzip",
        "5xx_rate": "rate_5xx", "4xx_rate": "rate_4xx", "errors": "error_rate", "rps": "throughput",
        "hit_rate": "ratio",
    ]

    /// Parses a statistic name: the canonical ones, `pNN` / `p(NN)` / `p99.9` percentiles,
    /// and a few common aliases (`median`, `avg`, `gzip_size`); nil for anything else.
    public init?(_ text: String) {
        var name = text.trimmingWhitespace().lowercased()
        if let alias = Self.aliases[name] { name = alias }
        if name.hasPrefix("p(") && name.hasSuffix(")") { name = "p" + name.dropFirst(2).dropLast() }
        if name.hasPrefix("p"), let rank = Double(name.dropFirst()), name.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) {
            guard rank > 0, rank < 100 else { return nil }
            self.name = "p" + NumberFormat.plain(rank)
            self.kind = .measure
            return
        }
        switch name {
        case "mean", "min", "max": kind = .measure
        case "size", "size_gzip": kind = .size
        case "error_rate", "rate_5xx", "rate_4xx", "ratio": kind = .rate
        case "throughput": kind = .throughput
        case "count": kind = .count
        default: return nil
        }
        self.name = name
    }

    /// A percentile (`p95`): several of them for one route can only be bounded, never averaged.
    public var isPercentile: Bool { name.hasPrefix("p") }

    /// The unit families a limit of this statistic may be written in; `[]` = a plain number.
    public var unitFamilies: [BudgetUnit.Family] {
        switch kind {
        case .measure: [.time, .size]
        case .size: [.size]
        case .rate: [.percent]
        case .throughput: [.throughput]
        case .count: []
        }
    }

    /// Whether a bare number needs a unit (times and sizes have no safe default unit).
    public var needsUnit: Bool { kind == .measure || kind == .size }

    /// Which way is better when the budget does not say: latency, sizes, error rates and counts
    /// lower; throughput higher; a `ratio` by the words in its subject's name (`hit`, `success`
    /// higher; `miss`, `error` lower), nil when the name gives no hint.
    public func defaultDirection(subject: String) -> Budget.Direction? {
        switch kind {
        case .measure, .size, .count: return .lowerIsBetter
        case .throughput: return .higherIsBetter
        case .rate:
            guard name == "ratio" else { return .lowerIsBetter }
            let lowered = subject.lowercased()
            if ["miss", "error", "fail", "drop", "timeout", "reject"].contains(where: lowered.contains) { return .lowerIsBetter }
            if ["hit", "success", "availability", "apdex", "pass", "uptime"].contains(where: lowered.contains) {
                return .higherIsBetter
            }
            return nil
        }
    }

    public var description: String { name }
}
