/// One value of a series at a time, the input of trends.
public struct TrendPoint: Sendable, Hashable, Codable {
    public var time: UTCTime
    public var value: Double

    public init(time: UTCTime, value: Double) {
        self.time = time
        self.value = value
    }
}

/// Where a series went over a window: first against last value, with a tolerance under
/// which a change counts as stable (CI noise should not read as a trend).
public struct Trend: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable {
        case up, down, stable
    }

    /// Changes within ±1 % of the first value are stable unless configured otherwise.
    public static let defaultTolerancePercent = 1.0

    public var direction: Direction
    public var first: Double
    public var last: Double
    /// `last - first`.
    public var change: Double
    /// The change relative to `|first|`, in percent; nil when the first value is 0 and the last is not.
    public var changePercent: Double?
    public var min: Double
    public var max: Double
    /// Points with a finite value.
    public var count: Int

    /// The trend of `points` (any order; sorted by time, ties keep their order; non-finite
    /// values skipped); nil when no point has a finite value.
    public init?(_ points: [TrendPoint], tolerancePercent: Double = Trend.defaultTolerancePercent) {
        let values = Self.ordered(points).map(\.value)
        guard let first = values.first, let last = values.last else { return nil }
        self.first = first
        self.last = last
        change = last - first
        min = values.min()!
        max = values.max()!
        count = values.count
        let tolerance = Swift.max(0, tolerancePercent)
        if first == 0 {
            changePercent = last == 0 ? 0 : nil
            direction = last == 0 ? .stable : (last > 0 ? .up : .down)
        } else {
            let percent = change / abs(first) * 100
            changePercent = percent
            direction = abs(percent) <= tolerance ? .stable : (percent > 0 ? .up : .down)
        }
    }

    /// Finite points sorted by time, stable for equal times.
    public static func ordered(_ points: [TrendPoint]) -> [TrendPoint] {
        points.enumerated().filter { $0.element.value.isFinite }
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
    }
}
