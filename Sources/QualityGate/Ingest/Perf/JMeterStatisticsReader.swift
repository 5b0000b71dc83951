/// Reads the JMeter HTML dashboard's `statistics.json`: one object per label plus `Total`.
///
/// pct1/2/3ResTime are p90/p95/p99 under JMeter's defaults (`aggregate_rpt_pct1..3`), times ms.
struct JMeterStatisticsReader {
    static let formatName = "JMeter statistics.json"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        var endpoints: [PerfSeries] = []
        var total: PerfSeries?
        for key in root.keys.sorted() {
            guard let row = root[key] as? [String: Any] else { continue }
            let isTotal = key == "Total"
            var one = PerfSeries(kind: isTotal ? .aggregate : .endpoint, name: isTotal ? "(all)" : (row["transaction"] as? String) ?? key)
            let names: [(String, PerfStatistic)] = [
                ("medianResTime", .p50), ("pct1ResTime", .p90), ("pct2ResTime", .p95), ("pct3ResTime", .p99),
                ("meanResTime", .mean), ("minResTime", .min), ("maxResTime", .max),
            ]
            for (field, statistic) in names {
                if let value = PerfJSON.number(row[field]) { one.set(statistic, value, sourceUnit: "ms") }
            }
            if let count = PerfJSON.number(row["sampleCount"]) { one.set(.count, count, unit: .count, sourceUnit: "count") }
            if let errors = PerfJSON.number(row["errorCount"]) { one.set(.errors, errors, unit: .count, sourceUnit: "count") }
            if let percent = PerfJSON.number(row["errorPct"]) { one.set(.errorRate, percent / 100, unit: .fraction, sourceUnit: "%") }
            if let rate = PerfJSON.number(row["throughput"]) { one.set(.throughput, rate, unit: .perSecond, sourceUnit: "/s") }
            one.sortValues()
            if isTotal { total = one } else { endpoints.append(one) }
        }
        guard !endpoints.isEmpty || total != nil else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no label statistics")
        }
        return PerfResult(
            path: path, format: .jmeterStatistics, detectedBy: detectedBy, series: endpoints + (total.map { [$0] } ?? []),
            percentiles: "as reported by JMeter; pct1/2/3 read as p90/p95/p99 (JMeter's defaults)")
    }
}
