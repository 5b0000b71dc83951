import Foundation

/// Reads autocannon `--json`: one target, latency in ms, throughput in bytes/s.
///
/// autocannon has no p95 (it writes p90, p97.5, p99): the series carries p97.5 under its own
/// name and `inspect` lists p95 as lacking — a p95 budget is then "not measurable", not guessed.
struct AutocannonReader {
    static let formatName = "autocannon JSON"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard let latency = root["latency"] as? [String: Any] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no latency object")
        }
        let (method, name) = (root["method"] as? String, (root["url"] as? String) ?? (root["title"] as? String) ?? "(target)")
        var series = PerfSeries(kind: .endpoint, method: method, name: name)
        for (key, raw) in latency {
            guard let value = PerfJSON.number(raw) else { continue }
            switch key {
            case "mean": series.set(.mean, value, sourceUnit: "ms")
            case "min": series.set(.min, value, sourceUnit: "ms")
            case "max": series.set(.max, value, sourceUnit: "ms")
            case "totalCount": series.set(.count, value, unit: .count, sourceUnit: "count")
            default:
                // p50, p97_5, p99_999 → p50, p97.5, p99.999
                if key.hasPrefix("p"), let p = Double(key.dropFirst().replacingOccurrences(of: "_", with: ".")) {
                    series.set(.percentile(p), value, sourceUnit: "ms")
                }
            }
        }
        let requests = root["requests"] as? [String: Any]
        if let mean = PerfJSON.number(requests?["mean"]) {
            series.set(.throughput, mean, unit: .perSecond, sourceUnit: "req/s")
        }
        if let bytes = PerfJSON.number((root["throughput"] as? [String: Any])?["mean"]) {
            series.set(PerfStatistic("bytes_throughput"), bytes, unit: .bytesPerSecond, sourceUnit: "bytes/s")
        }
        let count = series.value(.count)?.value ?? PerfJSON.number(requests?["total"])
        let errors = (PerfJSON.number(root["errors"]) ?? 0) + (PerfJSON.number(root["timeouts"]) ?? 0)
        if root["errors"] != nil {
            series.set(.errors, errors, unit: .count, sourceUnit: "count")
            if let count, count > 0 { series.set(.errorRate, errors / count, unit: .fraction, sourceUnit: "computed (errors+timeouts)/count") }
        }
        for statusClass in ["1xx", "2xx", "3xx", "4xx", "5xx"] {
            guard let value = PerfJSON.number(root[statusClass]) else { continue }
            series.statusClasses.append(PerfStatusClass(statusClass, Int(value)))
            if let count, count > 0, statusClass == "4xx" || statusClass == "5xx" {
                series.set(.statusRate(statusClass), value / count, unit: .fraction, sourceUnit: "computed")
            }
        }
        series.sortValues()
        return PerfResult(path: path, format: .autocannon, detectedBy: detectedBy, series: [series])
    }
}
