/// A series as a line of block characters (`▁▂▃▄▅▆▇█`), readable in a markdown table or a
/// terminal without images.
public enum TrendSparkline {
    public static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// Longer series are averaged into this many buckets, so a table cell stays narrow.
    public static let defaultWidth = 24

    /// Lowest value `▁`, highest `█`, linear between; a flat series is all `▄`. Non-finite
    /// values are skipped; empty input gives "".
    public static func render(_ values: [Double], width: Int = defaultWidth) -> String {
        let series = downsample(values.filter(\.isFinite), width: width)
        guard let low = series.min(), let high = series.max() else { return "" }
        guard high > low else { return String(repeating: bars[3], count: series.count) }
        let top = Double(bars.count - 1)
        return String(series.map { bars[Int(((($0 - low) / (high - low)) * top).rounded())] })
    }

    /// The points of a trend, in time order.
    public static func render(_ points: [TrendPoint], width: Int = defaultWidth) -> String {
        render(Trend.ordered(points).map(\.value), width: width)
    }

    /// At most `width` values: the means of consecutive, nearly equal buckets.
    static func downsample(_ values: [Double], width: Int) -> [Double] {
        guard width > 0, values.count > width else { return values }
        return (0..<width).map { bucket in
            let slice = values[(bucket * values.count / width)..<((bucket + 1) * values.count / width)]
            return slice.reduce(0, +) / Double(slice.count)
        }
    }
}
