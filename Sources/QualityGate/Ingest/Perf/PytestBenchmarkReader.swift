/// Reads pytest-benchmark `--benchmark-json`: stats in seconds per round.
///
/// `median` is p50, `q1`/`q3` are p25/p75 (pytest-benchmark's own quartiles); `rounds` is the
/// count and `ops` the throughput.
struct PytestBenchmarkReader {
    static let formatName = "pytest-benchmark JSON"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard let benchmarks = root["benchmarks"] as? [[String: Any]] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no benchmarks array")
        }
        let names: [(String, PerfStatistic)] = [
            ("median", .p50), ("q1", PerfStatistic("p25")), ("q3", PerfStatistic("p75")), ("mean", .mean), ("min", .min),
            ("max", .max), ("stddev", PerfStatistic("stddev")),
        ]
        var series: [PerfSeries] = []
        for entry in benchmarks {
            guard let name = (entry["fullname"] ?? entry["name"]) as? String, let stats = entry["stats"] as? [String: Any] else { continue }
            var one = PerfSeries(kind: .benchmark, name: name)
            for (key, statistic) in names {
                if let value = PerfJSON.number(stats[key]) { one.set(statistic, value, sourceUnit: "s") }
            }
            if let rounds = PerfJSON.number(stats["rounds"]) { one.set(.count, rounds, unit: .count, sourceUnit: "rounds") }
            if let ops = PerfJSON.number(stats["ops"]) { one.set(.throughput, ops, unit: .perSecond, sourceUnit: "ops/s") }
            one.sortValues()
            series.append(one)
        }
        return PerfResult(path: path, format: .pytestBenchmark, detectedBy: detectedBy, series: series, percentiles: "as reported by pytest-benchmark (median, q1, q3)")
    }
}
