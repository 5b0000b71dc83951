/// A canonical unit: every value in the model is in one of these, whatever the tool wrote.
///
/// Times are milliseconds, sizes bytes, rates and ratios fractions 0…1, throughput per second,
/// so a budget in any unit compares with any source after one conversion on the budget side.
public enum PerfUnit: String, Sendable, Hashable, Codable {
    case milliseconds = "ms"
    case bytes
    case fraction
    case perSecond = "/s"
    case bytesPerSecond = "bytes/s"
    case count
    /// Dimensionless scores such as Lighthouse's CLS.
    case unitless

    /// Converts `value` written in `source` (a tool's unit spelling) to the canonical unit, or nil
    /// when the spelling is unknown (the reader then reports it rather than guessing).
    public static func canonical(_ value: Double, from source: String) -> (PerfUnit, Double)? {
        switch source.lowercased() {
        case "ns", "nanosecond", "nanoseconds": (.milliseconds, value / 1_000_000)
        case "us", "µs", "μs", "microsecond", "microseconds": (.milliseconds, value / 1000)
        case "ms", "millisecond", "milliseconds": (.milliseconds, value)
        case "s", "sec", "second", "seconds": (.milliseconds, value * 1000)
        case "b", "byte", "bytes": (.bytes, value)
        case "kb": (.bytes, value * 1000)
        case "kib": (.bytes, value * 1024)
        case "mb": (.bytes, value * 1_000_000)
        case "mib": (.bytes, value * 1_048_576)
        case "fraction", "ratio": (.fraction, value)
        case "%", "percent": (.fraction, value / 100)
        case "/s", "per second", "req/s", "ops/s": (.perSecond, value)
        case "bytes/s", "b/s": (.bytesPerSecond, value)
        case "kb/s": (.bytesPerSecond, value * 1000)
        case "count", "element", "elements": (.count, value)
        case "unitless": (.unitless, value)
        default: nil
        }
    }
}
