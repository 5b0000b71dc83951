/// Everything qgate read from one performance-result file, normalised.
public struct PerfResult: Sendable, Hashable, Codable {
    /// The file, as given.
    public var path: String
    public var format: PerfSourceFormat
    /// Why this format was chosen (content evidence or the configured format).
    public var detectedBy: String
    public var series: [PerfSeries]
    /// Thresholds the tool evaluated itself (k6).
    public var thresholds: [PerfThreshold]
    /// How percentiles were obtained: the tool's own, or computed by qgate (method and bound).
    public var percentiles: String
    /// Raw-sample rows that could not be read (counted; the first few are in `warnings`).
    public var badRows: Int
    /// Rows (samples) read, for raw-sample formats.
    public var rows: Int?
    public var warnings: [String]

    public init(
        path: String, format: PerfSourceFormat, detectedBy: String, series: [PerfSeries] = [],
        thresholds: [PerfThreshold] = [], percentiles: String = "as reported by the tool", badRows: Int = 0,
        rows: Int? = nil, warnings: [String] = []
    ) {
        self.path = path
        self.format = format
        self.detectedBy = detectedBy
        self.series = series
        self.thresholds = thresholds
        self.percentiles = percentiles
        self.badRows = badRows
        self.rows = rows
        self.warnings = warnings
    }

    /// The series named `name` (and `method`, when given).
    public func series(_ name: String, method: String? = nil, kind: PerfSeriesKind? = nil) -> PerfSeries? {
        series.first { $0.name == name && (method == nil || $0.method == method) && (kind == nil || $0.kind == kind) }
    }

    /// Every value flattened for budget evaluation.
    public var budgetInputs: [PerfBudgetInput] {
        series.flatMap { series in
            let samples = series.value(.count).map { Int($0.value) }
            return series.values.map {
                PerfBudgetInput(
                    kind: series.kind, method: series.method, name: series.name, statistic: $0.statistic.rawValue,
                    value: $0.value, samples: samples, source: path)
            }
        }
    }
}
