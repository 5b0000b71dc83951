/// Reads a Lighthouse result (LHR): metric audits, category scores, resource sizes.
///
/// Every audit with a `numericValue` becomes an `audit` series (value in its canonical unit:
/// ms for `millisecond`, bytes for `byte`, unitless for CLS), plus its 0…1 `score`;
/// `categories.*.score` are audit series named `category:<id>`; each
/// `resource-summary` item is a `resource` series with `size` (transfer bytes) and `count`.
struct LighthouseReader {
    static let formatName = "Lighthouse result JSON"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        guard let audits = root["audits"] as? [String: Any] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no audits object")
        }
        var series: [PerfSeries] = []
        var warnings: [String] = []
        for id in audits.keys.sorted() {
            guard let audit = audits[id] as? [String: Any], let value = PerfJSON.number(audit["numericValue"]) else { continue }
            var one = PerfSeries(kind: .audit, name: id)
            let unit = (audit["numericUnit"] as? String) ?? "unitless"
            let statistic: PerfStatistic = unit == "byte" ? .size : PerfStatistic("value")
            if !one.set(statistic, value, sourceUnit: unit) {
                warnings.append("audit \(id): unknown numericUnit '\(unit)', value kept unitless")
                one.set(statistic, value, unit: .unitless, sourceUnit: unit)
            }
            if let score = PerfJSON.number(audit["score"]) { one.set(.score, score, unit: .fraction, sourceUnit: "score 0…1") }
            series.append(one)
        }
        if let categories = root["categories"] as? [String: Any] {
            for id in categories.keys.sorted() {
                guard let score = PerfJSON.number((categories[id] as? [String: Any])?["score"]) else { continue }
                series.append(PerfSeries(kind: .audit, name: "category:" + id, values: [PerfValue(.score, score, unit: .fraction, sourceUnit: "score 0…1")]))
            }
        }
        let items = ((audits["resource-summary"] as? [String: Any])?["details"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
        for item in items {
            guard let type = item["resourceType"] as? String else { continue }
            var one = PerfSeries(kind: .resource, name: type)
            if let size = PerfJSON.number(item["transferSize"]) { one.set(.size, size, unit: .bytes, sourceUnit: "bytes (transfer)") }
            if let count = PerfJSON.number(item["requestCount"]) { one.set(.count, count, unit: .count, sourceUnit: "count") }
            series.append(one)
        }
        return PerfResult(path: path, format: .lighthouse, detectedBy: detectedBy, series: series, warnings: warnings)
    }
}
