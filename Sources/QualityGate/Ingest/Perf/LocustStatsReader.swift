import Foundation

/// Reads Locust `--csv PREFIX` → `PREFIX_stats.csv`: one row per (method, name), then `Aggregated`.
///
/// Times are ms. Locust computes its percentiles from rounded buckets (147 → 150, 3432 →
/// 3400), which `percentiles` says; `N/A` cells are absent.
struct LocustStatsReader {
    static let formatName = "Locust stats CSV"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        var header: [String]?
        var series: [PerfSeries] = []
        var fields = CSVFields()
        try LineStream(path: path, format: Self.formatName).forEachLine { (line) throws(InputError) in
            if line.isEmpty { return }
            fields.split(line.bytes, separator: 0x2C)
            let cells = fields.ranges.map { CSVFields.text(line.bytes, $0) }
            guard let header else {
                guard cells.contains("Name"), cells.contains("Request Count") else {
                    throw .invalid(file: path, line: line.number, column: 0, format: Self.formatName, reason: "the header lacks Name or Request Count")
                }
                header = cells
                return
            }
            guard cells.count == header.count else {
                throw .invalid(
                    file: path, line: line.number, column: 0, format: Self.formatName,
                    reason: "\(cells.count) fields, the header names \(header.count)")
            }
            var row: [String: String] = [:]
            for (name, cell) in zip(header, cells) { row[name] = cell }
            let name = row["Name"] ?? ""
            let aggregate = name == "Aggregated" && (row["Type"] ?? "").isEmpty
            var one = PerfSeries(kind: aggregate ? .aggregate : .endpoint, method: aggregate ? nil : row["Type"].flatMap { $0.isEmpty ? nil : $0 }, name: aggregate ? "(all)" : name)
            func number(_ key: String) -> Double? { row[key].flatMap { Double($0) } }
            for column in header where column.hasSuffix("%") {
                if let p = Double(column.dropLast()), let value = number(column) { one.set(.percentile(p), value, sourceUnit: "ms") }
            }
            if one.value(.p50) == nil, let median = number("Median Response Time") { one.set(.p50, median, sourceUnit: "ms") }
            if let value = number("Average Response Time") { one.set(.mean, value, sourceUnit: "ms") }
            if let value = number("Min Response Time") { one.set(.min, value, sourceUnit: "ms") }
            if let value = number("Max Response Time") { one.set(.max, value, sourceUnit: "ms") }
            if let value = number("Requests/s") { one.set(.throughput, value, unit: .perSecond, sourceUnit: "/s") }
            if let count = number("Request Count") {
                one.set(.count, count, unit: .count, sourceUnit: "count")
                if let failures = number("Failure Count") {
                    one.set(.errors, failures, unit: .count, sourceUnit: "count")
                    if count > 0 { one.set(.errorRate, failures / count, unit: .fraction, sourceUnit: "computed failures/count") }
                }
            }
            one.sortValues()
            series.append(one)
        }
        guard header != nil else { throw .empty(file: path) }
        return PerfResult(
            path: path, format: .locustStats, detectedBy: detectedBy, series: series.filter { $0.kind == .endpoint } + series.filter { $0.kind == .aggregate },
            percentiles: "as reported by Locust (from rounded response-time buckets: up to a few % off)")
    }
}
