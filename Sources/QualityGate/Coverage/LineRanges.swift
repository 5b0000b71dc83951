/// A set of 1-based line numbers kept as sorted, disjoint, non-adjacent ranges.
///
/// Changed lines and missing lines come in runs (a hunk, an uncovered block), so ranges keep a
/// 10,000-line added file as one value instead of 10,000, and print the way reviewers read
/// them: `3-4, 9`.
public struct LineRanges: Sendable, Hashable, Codable, CustomStringConvertible, Sequence {
    /// Sorted by `lowerBound`; no two ranges overlap or touch.
    public private(set) var ranges: [ClosedRange<Int>]

    public init() {
        ranges = []
    }

    /// The given lines, in any order, duplicates allowed.
    public init(_ lines: some Sequence<Int>) {
        ranges = []
        for line in lines.sorted() { insert(line) }
    }

    /// The given ranges, in any order, overlapping allowed.
    public init(ranges: [ClosedRange<Int>]) {
        self.ranges = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) { insert(range) }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// How many lines the set holds.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    public mutating func insert(_ line: Int) {
        insert(line...line)
    }

    /// Adds a range; appending in ascending order (how diffs and reports arrive) is O(1).
    public mutating func insert(_ range: ClosedRange<Int>) {
        guard let last = ranges.last else {
            ranges.append(range)
            return
        }
        if range.lowerBound > last.upperBound + 1 {
            ranges.append(range)
        } else if range.lowerBound >= last.lowerBound {
            ranges[ranges.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
        } else {
            ranges = Self.merged(ranges + [range])
        }
    }

    public func contains(_ line: Int) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if line < range.lowerBound {
                high = middle - 1
            } else if line > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    public func union(_ other: LineRanges) -> LineRanges {
        var result = LineRanges()
        result.ranges = Self.merged(ranges + other.ranges)
        return result
    }

    /// `3-4, 9`; empty for no lines.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ", ")
    }

    public func makeIterator() -> FlattenSequence<[ClosedRange<Int>]>.Iterator {
        ranges.joined().makeIterator()
    }

    static func merged(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
