/// Reads Gatling `js/stats.json`: a tree of GROUP/REQUEST nodes, times in ms.
///
/// percentiles1…4 are p50/p75/p95/p99 under Gatling's default `charting.indicators`; a
/// project that changed them gets mislabelled percentiles, which is said in `percentiles`.
/// `"-"` values (no requests) are absent.
struct GatlingStatsReader {
    static let formatName = "Gatling stats.json"
    static let percentileNames: [(String, PerfStatistic)] = [
        ("percentiles1", .p50), ("percentiles2", PerfStatistic("p75")), ("percentiles3", .p95), ("percentiles4", .p99),
    ]

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard root["stats"] is [String: Any] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no stats object at the top")
        }
        var series: [PerfSeries] = []
        func walk(_ node: [String: Any], top: Bool) {
            if let stats = node["stats"] as? [String: Any] {
                let type = node["type"] as? String
                let name = (node["path"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? (node["name"] as? String) ?? "?"
                if top || type == "REQUEST" {
                    series.append(Self.series(stats, kind: top ? .aggregate : .endpoint, name: top ? "(all)" : name))
                }
            }
            if let contents = node["contents"] as? [String: Any] {
                for key in contents.keys.sorted() {
                    if let child = contents[key] as? [String: Any] { walk(child, top: false) }
                }
            }
        }
        walk(root, top: true)
        let aggregate = series.removeFirst()
        return PerfResult(
            path: path, format: .gatlingStats, detectedBy: detectedBy, series: series + [aggregate],
            percentiles: "as reported by Gatling; percentiles1…4 read as p50/p75/p95/p99 (Gatling's defaults)")
    }

    static func series(_ stats: [String: Any], kind: PerfSeriesKind, name: String) -> PerfSeries {
        func total(_ key: String) -> Double? { PerfJSON.number((stats[key] as? [String: Any])?["total"]) }
        var series = PerfSeries(kind: kind, name: name)
        for (key, statistic) in percentileNames {
            if let value = total(key) { series.set(statistic, value, sourceUnit: "ms") }
        }
        if let value = total("meanResponseTime") { series.set(.mean, value, sourceUnit: "ms") }
        if let value = total("minResponseTime") { series.set(.min, value, sourceUnit: "ms") }
        if let value = total("maxResponseTime") { series.set(.max, value, sourceUnit: "ms") }
        let requests = stats["numberOfRequests"] as? [String: Any]
        if let count = PerfJSON.number(requests?["total"]) {
            series.set(.count, count, unit: .count, sourceUnit: "count")
            if let ko = PerfJSON.number(requests?["ko"]) {
                series.set(.errors, ko, unit: .count, sourceUnit: "count")
                if count > 0 { series.set(.errorRate, ko / count, unit: .fraction, sourceUnit: "computed ko/total") }
            }
        }
        if let rate = total("meanNumberOfRequestsPerSecond") { series.set(.throughput, rate, unit: .perSecond, sourceUnit: "/s") }
        series.sortValues()
        return series
    }
}
