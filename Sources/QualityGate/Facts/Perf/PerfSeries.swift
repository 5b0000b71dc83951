/// One measured series of a performance result: an endpoint, a benchmark, a resource, an audit.
///
/// Holds only what the source states (or what qgate computed from the source's raw samples);
/// a statistic the source lacks is absent, never estimated from its neighbours.
public struct PerfSeries: Sendable, Hashable, Codable {
    public var kind: PerfSeriesKind
    /// Upper-case HTTP method when known.
    public var method: String?
    /// Path, label, benchmark or audit id.
    public var name: String
    public var values: [PerfValue]
    /// Responses per status class, when the source says.
    public var statusClasses: [PerfStatusClass]

    public init(kind: PerfSeriesKind, method: String? = nil, name: String, values: [PerfValue] = [], statusClasses: [PerfStatusClass] = []) {
        self.kind = kind
        self.method = method.map { $0.uppercased() }
        self.name = name
        self.values = values
        self.statusClasses = statusClasses
    }

    /// `GET /api/x`, or the name alone.
    public var displayName: String { method.map { "\($0) \(name)" } ?? name }

    public func value(_ statistic: PerfStatistic) -> PerfValue? {
        values.first { $0.statistic == statistic }
    }

    /// Adds or replaces a value.
    public mutating func set(_ statistic: PerfStatistic, _ value: Double, unit: PerfUnit, sourceUnit: String) {
        values.removeAll { $0.statistic == statistic }
        values.append(PerfValue(statistic, value, unit: unit, sourceUnit: sourceUnit))
    }

    /// Converts `value` from a source unit and sets it; returns false for an unknown unit.
    @discardableResult
    public mutating func set(_ statistic: PerfStatistic, _ value: Double, sourceUnit: String) -> Bool {
        guard let (unit, converted) = PerfUnit.canonical(value, from: sourceUnit) else { return false }
        set(statistic, converted, unit: unit, sourceUnit: sourceUnit)
        return true
    }

    /// Latency statistics a budget may name that this series does not carry.
    public var lacking: [PerfStatistic] {
        guard kind == .endpoint || kind == .aggregate else { return [] }
        return PerfStatistic.latencySet.filter { value($0) == nil }
    }

    /// Puts values in reading order (percentiles ascending, then mean, min, max, count…).
    mutating func sortValues() {
        values.sort { $0.statistic < $1.statistic }
    }
}

extension PerfSeries {
    enum CodingKeys: String, CodingKey {
        case kind, method, name, values, statusClasses, lacking
    }

    /// Writes `lacking` too, so `inspect --format json` says which statistics the source lacks.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encode(name, forKey: .name)
        try container.encode(values, forKey: .values)
        try container.encode(statusClasses, forKey: .statusClasses)
        try container.encode(lacking, forKey: .lacking)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(PerfSeriesKind.self, forKey: .kind),
            method: try container.decodeIfPresent(String.self, forKey: .method),
            name: try container.decode(String.self, forKey: .name),
            values: try container.decode([PerfValue].self, forKey: .values),
            statusClasses: try container.decode([PerfStatusClass].self, forKey: .statusClasses))
    }
}
