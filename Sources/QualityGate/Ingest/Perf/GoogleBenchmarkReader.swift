/// Reads Google Benchmark JSON: one `benchmark` series per name, times by `time_unit`.
///
/// `real_time` is the per-iteration mean Google Benchmark reports, so it is the series `mean`.
/// Repetitions (`--benchmark_repetitions`: several entries with one name) are the samples of
/// one series: `mean` is their mean, `min`/`max` their extremes, `count` how many. Aggregate
/// rows keep their own name (`BM_x_mean`, `BM_x_median`). There are no percentiles here.
struct GoogleBenchmarkReader {
    static let formatName = "Google Benchmark JSON"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard let benchmarks = root["benchmarks"] as? [[String: Any]] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no benchmarks array")
        }
        var order: [String] = []
        var runs: [String: [(real: Double, cpu: Double?, iterations: Double?, unit: String)]] = [:]
        for (offset, entry) in benchmarks.enumerated() {
            guard let name = entry["name"] as? String, let real = PerfJSON.number(entry["real_time"]) else { continue }
            let unit = (entry["time_unit"] as? String) ?? "ns"
            guard PerfUnit.canonical(real, from: unit)?.0 == .milliseconds else {
                throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "benchmarks[\(offset)] '\(name)': unknown time_unit '\(unit)'")
            }
            if runs[name] == nil { order.append(name) }
            runs[name, default: []].append((real, PerfJSON.number(entry["cpu_time"]), PerfJSON.number(entry["iterations"]), unit))
        }
        var series: [PerfSeries] = []
        for name in order {
            let list = runs[name]!
            var one = PerfSeries(kind: .benchmark, name: name)
            let ms = list.map { PerfUnit.canonical($0.real, from: $0.unit)!.1 }
            one.set(.mean, ms.reduce(0, +) / Double(ms.count), unit: .milliseconds, sourceUnit: list[0].unit)
            let cpu = list.compactMap { run in run.cpu.map { PerfUnit.canonical($0, from: run.unit)!.1 } }
            if !cpu.isEmpty { one.set(PerfStatistic("cpu_time"), cpu.reduce(0, +) / Double(cpu.count), unit: .milliseconds, sourceUnit: list[0].unit) }
            if list.count > 1 {
                one.set(.min, ms.min()!, unit: .milliseconds, sourceUnit: list[0].unit)
                one.set(.max, ms.max()!, unit: .milliseconds, sourceUnit: list[0].unit)
            }
            one.set(.count, Double(list.count), unit: .count, sourceUnit: "repetitions")
            let iterations = list.compactMap(\.iterations)
            if !iterations.isEmpty { one.set(PerfStatistic("iterations"), iterations.reduce(0, +), unit: .count, sourceUnit: "count") }
            one.sortValues()
            series.append(one)
        }
        return PerfResult(
            path: path, format: .googleBenchmark, detectedBy: detectedBy, series: series,
            percentiles: "none: Google Benchmark reports per-iteration means")
    }
}
