/// A unit a budget limit is written in, and how to bring it to the canonical unit of
/// `BudgetObservation` (ms, bytes, fraction, per second).
///
/// Decimal and binary sizes are kept apart on purpose (`KB` = 1000 B, `KiB` = 1024 B, as
/// size-limit and the research's budget format define them): Lighthouse CI documents the
/// bytes-vs-KB trap, and a budget must mean the same thing to everyone who reads it.
public struct BudgetUnit: Sendable, Hashable, CustomStringConvertible {
    /// What a unit measures.
    public enum Family: String, Sendable, Hashable {
        case time, size, percent, throughput
    }

    /// The unit as qgate spells it (`µs` for `us`, `KB` for `kB`).
    public let symbol: String
    public let family: Family
    /// Multiplier from this unit to the canonical one.
    public let factor: Double

    private init(_ symbol: String, _ family: Family, _ factor: Double) {
        self.symbol = symbol
        self.family = family
        self.factor = factor
    }

    /// Every spelling qgate accepts, mapped to its unit.
    static let table: [String: BudgetUnit] = {
        let units: [(spellings: [String], unit: BudgetUnit)] = [
            (["ns"], BudgetUnit("ns", .time, 1e-6)),
            (["us", "µs", "μs"], BudgetUnit("µs", .time, 1e-3)),
            (["ms"], BudgetUnit("ms", .time, 1)),
            (["s"], BudgetUnit("s", .time, 1000)),
            (["B"], BudgetUnit("B", .size, 1)),
            (["KB", "kB"], BudgetUnit("KB", .size, 1000)),
            (["KiB"], BudgetUnit("KiB", .size, 1024)),
            (["MB"], BudgetUnit("MB", .size, 1_000_000)),
            (["MiB"], BudgetUnit("MiB", .size, 1_048_576)),
            (["GB"], BudgetUnit("GB", .size, 1_000_000_000)),
            (["GiB"], BudgetUnit("GiB", .size, 1_073_741_824)),
            (["%"], BudgetUnit("%", .percent, 0.01)),
            (["/s", "rps", "req/s"], BudgetUnit("/s", .throughput, 1)),
            (["/min", "rpm", "req/min"], BudgetUnit("/min", .throughput, 1.0 / 60)),
        ]
        var table: [String: BudgetUnit] = [:]
        for entry in units {
            for spelling in entry.spellings { table[spelling] = entry.unit }
        }
        return table
    }()

    /// The accepted spellings, for error messages and the schema.
    public static let spellings: [String] = ["ns", "us", "µs", "ms", "s", "B", "KB", "kB", "KiB", "MB", "MiB", "GB", "GiB", "%", "/s", "rps", "/min", "rpm"]

    /// Looks a spelling up; case matters (`MB` is not `mb`, `ms` is not `Ms`).
    public init?(_ text: String) {
        guard let unit = Self.table[text.trimmingWhitespace()] else { return nil }
        self = unit
    }

    /// The canonical unit of a family (what observations are in).
    public static func canonical(_ family: Family) -> BudgetUnit {
        switch family {
        case .time: Self.table["ms"]!
        case .size: Self.table["B"]!
        case .percent: Self.table["%"]!
        case .throughput: Self.table["/s"]!
        }
    }

    /// `value` in this unit, in canonical units.
    public func canonical(_ value: Double) -> Double { value * factor }

    /// A canonical value expressed in this unit.
    public func display(_ canonical: Double) -> Double { canonical / factor }

    public var description: String { symbol }
}
