/// Reads Google Benchmark JSON: one `benchmark` series per entry, times by `time_unit`.
///
/// `real_time` is the `mean` of an iteration run (the per-iteration average Google Benchmark
/// reports); aggregates (`run_type: aggregate`) keep their name (`BM_x_mean`, `BM_x_median`).
/// There are no percentiles in this format: they are absent.
struct GoogleBenchmarkReader {
    static let formatName = "Google Benchmark JSON"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard let benchmarks = root["benchmarks"] as? [[String: Any]] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no benchmarks array")
        }
        var series: [PerfSeries] = []
        for (offset, entry) in benchmarks.enumerated() {
            guard let name = entry["name"] as? String else { continue }
            var one = PerfSeries(kind: .benchmark, name: name)
            let unit = (entry["time_unit"] as? String) ?? "ns"
            for (key, statistic) in [("real_time", PerfStatistic.mean), ("cpu_time", PerfStatistic("cpu_time"))] {
                guard let value = PerfJSON.number(entry[key]) else { continue }
                guard one.set(statistic, value, sourceUnit: unit) else {
                    throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "benchmarks[\(offset)] '\(name)': unknown time_unit '\(unit)'")
                }
            }
            if let iterations = PerfJSON.number(entry["iterations"]) { one.set(PerfStatistic("iterations"), iterations, unit: .count, sourceUnit: "count") }
            if let items = PerfJSON.number(entry["items_per_second"]) { one.set(.throughput, items, unit: .perSecond, sourceUnit: "items/s") }
            if let bytes = PerfJSON.number(entry["bytes_per_second"]) { one.set(PerfStatistic("bytes_throughput"), bytes, unit: .bytesPerSecond, sourceUnit: "bytes/s") }
            one.sortValues()
            series.append(one)
        }
        return PerfResult(path: path, format: .googleBenchmark, detectedBy: detectedBy, series: series, percentiles: "none: Google Benchmark reports per-iteration means")
    }
}
