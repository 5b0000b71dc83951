/// Collects series by (kind, method, name) while a summary reader walks its source.
struct SeriesBuilder {
    var series: [PerfSeries] = []
    private var positions: [String: Int] = [:]

    mutating func index(kind: PerfSeriesKind, method: String?, name: String) -> Int {
        let key = "\(kind.rawValue)\u{0}\(method ?? "")\u{0}\(name)"
        if let found = positions[key] { return found }
        series.append(PerfSeries(kind: kind, method: method, name: name))
        positions[key] = series.count - 1
        return series.count - 1
    }

    /// Series with values in reading order; endpoints first, aggregate after them, the rest last.
    func finish() -> [PerfSeries] {
        let rank: [PerfSeriesKind: Int] = [.endpoint: 0, .aggregate: 1, .benchmark: 2, .resource: 3, .audit: 4, .metric: 5]
        return series.filter { !$0.values.isEmpty || !$0.statusClasses.isEmpty }.map { one in
            var sorted = one
            sorted.sortValues()
            return sorted
        }.enumerated().sorted { lhs, rhs in
            let l = rank[lhs.element.kind]!, r = rank[rhs.element.kind]!
            return l != r ? l < r : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
