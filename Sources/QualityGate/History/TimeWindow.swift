/// `--since` values: a span back from now (`7d`, `12h`, `2w`, `30m`) or a UTC date or time
/// (`2026-11-01`, `2026-11-01T08:00:00Z`).
public enum TimeWindow {
    /// The earliest instant the window includes; nil when `text` is neither form.
    public static func start(_ text: String, now: UTCTime) -> UTCTime? {
        let trimmed = text.trimmingWhitespace()
        if let unit = trimmed.last, let count = Int64(trimmed.dropLast()), count >= 0 {
            let millis: Int64? = switch unit {
            case "m": 60_000
            case "h": 3_600_000
            case "d": 86_400_000
            case "w": 7 * 86_400_000
            default: nil
            }
            if let millis, count <= Int64.max / millis / 2 {
                return UTCTime(milliseconds: now.milliseconds - count * millis)
            }
        }
        return UTCTime(parsing: trimmed)
    }

    public static let help = "a span back from now (30m, 12h, 7d, 2w) or a UTC date or time (2026-11-01, 2026-11-01T08:00:00Z)"
}
