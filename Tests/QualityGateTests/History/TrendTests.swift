import Testing

@testable import QualityGate

@Suite("Trends and sparklines")
struct TrendTests {
    func points(_ values: [Double]) -> [TrendPoint] {
        values.enumerated().map { TrendPoint(time: UTCTime(milliseconds: Int64($0.offset) * 1000), value: $0.element) }
    }

    @Test("first against last, sorted by time: up, down, stable within the tolerance")
    func directions() throws {
        let shuffled = [
            TrendPoint(time: UTCTime(milliseconds: 3000), value: 12), TrendPoint(time: UTCTime(milliseconds: 1000), value: 10),
            TrendPoint(time: UTCTime(milliseconds: 2000), value: 15),
        ]
        let up = try #require(Trend(shuffled))
        #expect(up.direction == .up)
        #expect(up.first == 10 && up.last == 12 && up.change == 2)
        #expect(up.changePercent == 20)
        #expect(up.min == 10 && up.max == 15 && up.count == 3)

        let down = try #require(Trend(points([100, 97.5])))
        #expect(down.direction == .down)
        #expect(down.changePercent == -2.5)

        #expect(Trend(points([100, 100.5]))?.direction == .stable)
        #expect(Trend(points([100, 99]))?.direction == .stable)
        #expect(Trend(points([100, 100.5]), tolerancePercent: 0)?.direction == .up)
        #expect(Trend(points([100, 98.9]), tolerancePercent: 1)?.direction == .down)
        // Relative to |first|: a negative series that rises is up.
        #expect(Trend(points([-10, -5]))?.changePercent == 50)
        #expect(Trend(points([-10, -5]))?.direction == .up)
    }

    @Test("a zero start has no percentage; no finite values gives no trend; NaN is skipped")
    func edges() throws {
        let fromZero = try #require(Trend(points([0, 5])))
        #expect(fromZero.direction == .up && fromZero.changePercent == nil && fromZero.change == 5)
        #expect(Trend(points([0, -1]))?.direction == .down)
        #expect(Trend(points([0, 0]))?.direction == .stable)
        #expect(Trend(points([0, 0]))?.changePercent == 0)
        #expect(Trend([]) == nil)
        #expect(Trend(points([.nan, .infinity])) == nil)
        let skipped = try #require(Trend(points([.nan, 4, 5])))
        #expect(skipped.first == 4 && skipped.count == 2 && skipped.changePercent == 25)
        // Equal times keep their input order.
        let tied = [TrendPoint(time: UTCTime(milliseconds: 0), value: 1), TrendPoint(time: UTCTime(milliseconds: 0), value: 2)]
        #expect(Trend(tied)?.last == 2)
    }

    @Test("sparkline: lowest ▁, highest █, linear; flat is ▄; long series averaged into buckets")
    func sparkline() {
        #expect(TrendSparkline.render([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(TrendSparkline.render([8, 1]) == "█▁")
        #expect(TrendSparkline.render([0, 5, 10]) == "▁▅█")
        #expect(TrendSparkline.render([99.5, 99.5, 99.5]) == "▄▄▄")
        #expect(TrendSparkline.render([Double]()) == "")
        #expect(TrendSparkline.render([1, .nan, 2]) == "▁█")
        #expect(TrendSparkline.render(points([3, 1, 2])) == "█▁▅")
        #expect(TrendSparkline.downsample([1, 2, 3, 4, 5, 6], width: 3) == [1.5, 3.5, 5.5])
        #expect(TrendSparkline.downsample([1, 2, 3, 4, 5, 6, 7], width: 3) == [1.5, 3.5, 6])
        #expect(TrendSparkline.render((0..<100).map(Double.init)).count == TrendSparkline.defaultWidth)
        #expect(TrendSparkline.render((0..<100).map(Double.init), width: 4) == "▁▃▆█")
    }
}
