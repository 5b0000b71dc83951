/// Reads `vegeta report -type=json`: one attack, latencies in integer nanoseconds.
struct VegetaReportReader {
    static let formatName = "vegeta JSON report"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard let latencies = root["latencies"] as? [String: Any] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no latencies object")
        }
        var series = PerfSeries(kind: .aggregate, name: "(all)")
        let names: [(String, PerfStatistic)] = [
            ("50th", .p50), ("90th", .p90), ("95th", .p95), ("99th", .p99), ("mean", .mean), ("min", .min), ("max", .max),
        ]
        for (key, statistic) in names {
            if let value = PerfJSON.number(latencies[key]) { series.set(statistic, value, sourceUnit: "ns") }
        }
        let requests = PerfJSON.number(root["requests"])
        if let requests { series.set(.count, requests, unit: .count, sourceUnit: "count") }
        if let throughput = PerfJSON.number(root["throughput"]) {
            series.set(.throughput, throughput, unit: .perSecond, sourceUnit: "/s (successful)")
        }
        if let success = PerfJSON.number(root["success"]) {
            series.set(.errorRate, 1 - success, unit: .fraction, sourceUnit: "1 - success")
        }
        if let codes = root["status_codes"] as? [String: Any] {
            var classes: [String: Int] = [:]
            for (code, raw) in codes {
                guard let count = PerfJSON.number(raw), let status = Int(code) else { continue }
                classes[PerfStatusClass.name(of: status), default: 0] += Int(count)
            }
            for name in classes.keys.sorted() {
                series.statusClasses.append(PerfStatusClass(name, classes[name]!))
            }
            if let requests, requests > 0 {
                for name in ["4xx", "5xx"] {
                    series.set(.statusRate(name), Double(classes[name] ?? 0) / requests, unit: .fraction, sourceUnit: "computed")
                }
            }
        }
        series.sortValues()
        return PerfResult(path: path, format: .vegetaReport, detectedBy: detectedBy, series: [series])
    }
}
