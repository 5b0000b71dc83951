/// One statistic's value in its canonical unit, with the unit the tool wrote it in.
public struct PerfValue: Sendable, Hashable, Codable {
    public var statistic: PerfStatistic
    /// In `unit` (canonical).
    public var value: Double
    public var unit: PerfUnit
    /// The source's own unit (`ns`, `s`, `KB/s`, `computed` for values qgate derived from samples).
    public var sourceUnit: String

    public init(_ statistic: PerfStatistic, _ value: Double, unit: PerfUnit, sourceUnit: String) {
        self.statistic = statistic
        self.value = value
        self.unit = unit
        self.sourceUnit = sourceUnit
    }
}
