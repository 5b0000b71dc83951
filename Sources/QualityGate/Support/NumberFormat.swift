import Foundation

/// Locale-independent number formatting, so that outputs are identical on every runner.
public enum NumberFormat {
    /// Shortest form without trailing zeros: `99`, `99.5`, `0.125`.
    public static func plain(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", locale: Locale(identifier: "en_US_POSIX"), value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// At most `digits` decimals, trailing zeros dropped: `99.38`, `100`.
    public static func rounded(_ value: Double, digits: Int = 2) -> String {
        if value.isNaN || value.isInfinite { return plain(value) }
        var text = String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    /// A percentage truncated (not rounded) to two decimals: 79.996 % shows as `79.99 %`, never
    /// as an `80 %` that a target of 80 would then contradict.
    public static func percent(_ value: Double) -> String {
        guard value.isFinite else { return plain(value) }
        return rounded((value * 100).rounded(.down) / 100, digits: 2) + " %"
    }

    /// Seconds as a human duration: `850 ms`, `12.4 s`, `3m 05s`, `1h 02m`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\(rounded(seconds, digits: 1)) s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%dm %02ds", total / 60, total % 60) }
        return String(format: "%dh %02dm", total / 3600, (total % 3600) / 60)
    }
}
