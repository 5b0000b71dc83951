import Foundation
/// One measured number: the single currency that KPIs, budgets, history and exports speak.
///
/// Metrics are Prometheus-shaped (a dotted name, a set of labels, a value) so that a new
/// kind of artifact only needs a reader and its measures; nothing downstream learns its format.
public struct Metric: Sendable, Hashable, Codable {
    /// Dotted name such as `tests.pass_rate`.
    public var name: String
    /// Label pairs such as `suite=unit`; empty for the overall series.
    public var labels: [String: String]
    /// The value, in the unit the name implies (`percent`, `seconds`, a count).
    public var value: Double
    /// Where the number came from (input glob, file count), so that a reader can trace it.
    public var source: String?

    public init(name: String, labels: [String: String] = [:], value: Double, source: String? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.source = source
    }

    /// The Prometheus-style rendering, e.g. `tests.pass_rate{suite="unit"}`.
    public var seriesName: String {
        MetricSelector(name: name, labels: labels).description
    }
}

/// A reference to one metric series: a name and the exact label set it must carry.
///
/// A selector without labels means the overall series, not "every series of that name",
/// so that `tests.failed` can never silently add up per-label series twice.
public struct MetricSelector: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var labels: [String: String]

    public init(name: String, labels: [String: String] = [:]) {
        self.name = name
        self.labels = labels
    }

    public var description: String {
        guard !labels.isEmpty else { return name }
        let pairs = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\(key)=\"\(escaped)\""
        }
        return "\(name){\(pairs.joined(separator: ","))}"
    }
}

/// The metrics of one gate run, indexed for lookup by selector.
public struct MetricSet: Sendable, Codable {
    /// All series in a stable order: by name, then by rendered labels.
    public private(set) var metrics: [Metric]
    private var index: [MetricSelector: Int]

    public init(_ metrics: [Metric] = []) {
        self.metrics = []
        self.index = [:]
        for metric in metrics { insert(metric) }
    }

    /// Adds or replaces the series with the same name and labels.
    public mutating func insert(_ metric: Metric) {
        let key = MetricSelector(name: metric.name, labels: metric.labels)
        if let position = index[key] {
            metrics[position] = metric
        } else {
            index[key] = metrics.count
            metrics.append(metric)
        }
    }

    public subscript(selector: MetricSelector) -> Metric? {
        index[selector].map { metrics[$0] }
    }

    /// Every series in a deterministic order, for output.
    public var sorted: [Metric] {
        metrics.sorted { lhs, rhs in
            lhs.name != rhs.name ? lhs.name < rhs.name : lhs.seriesName < rhs.seriesName
        }
    }

    /// Names of the series that share `name`, for "did you mean" hints when a selector misses.
    public func series(named name: String) -> [Metric] {
        metrics.filter { $0.name == name }
    }

    private enum CodingKeys: String, CodingKey { case metrics }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode([Metric].self, forKey: .metrics))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sorted, forKey: .metrics)
    }
}
