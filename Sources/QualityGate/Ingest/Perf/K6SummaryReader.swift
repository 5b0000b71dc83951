import Foundation

/// Reads the three k6 end-of-test JSON shapes into series.
///
/// - `handleSummary(data)` / default JSON: `metrics.<name>{type, contains, values{…}, thresholds{expr:{ok}}}`.
/// - legacy `--summary-export`: `metrics.<name>{avg, min, med, max, p(95)…, thresholds{expr: bool}}`
///   where a threshold `true` means it FAILED (the opposite of what one reads).
/// - machine-readable summary (k6 ≥ 1.5): `results.metrics[{name, type, contains, values}]`.
///
/// `http_req_duration` (+ `http_req_failed`, `http_reqs`) make the aggregate series; their
/// sub-metrics tagged `name:` or `url:` (with `method:`) make endpoint series — k6 writes these
/// only for sub-metrics a threshold names, so other endpoints are simply absent. Every other
/// metric becomes a `metric` series. k6 writes times in ms and data in bytes.
struct K6SummaryReader {
    let format: PerfSourceFormat

    static let formatName = "k6 summary"

    /// One metric as the shapes share it.
    struct Metric {
        var key: String
        var type: String?
        var contains: String?
        var values: [String: Any]
        var thresholds: [PerfThreshold]
    }

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let root = try PerfJSON.object(path, format: Self.formatName)
        let metrics = try Self.metrics(root, format: format, path: path)
        var builder = SeriesBuilder()
        var thresholds: [PerfThreshold] = []
        for metric in metrics.sorted(by: { $0.key < $1.key }) {
            thresholds += metric.thresholds
            Self.add(metric, to: &builder)
        }
        guard !builder.series.isEmpty else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no metrics in the summary")
        }
        return PerfResult(
            path: path, format: format, detectedBy: detectedBy, series: builder.finish(), thresholds: thresholds,
            percentiles: "as reported by k6 (summaryTrendStats)")
    }

    static func metrics(_ root: [String: Any], format: PerfSourceFormat, path: String) throws(InputError) -> [Metric] {
        switch format {
        case .k6MachineSummary:
            let results = root["results"] as? [String: Any]
            guard let list = (results?["metrics"] ?? root["metrics"]) as? [[String: Any]] else {
                throw .invalid(file: path, line: 0, column: 0, format: formatName, reason: "no results.metrics array")
            }
            return list.compactMap { entry in
                guard let name = entry["name"] as? String else { return nil }
                return Metric(
                    key: name, type: entry["type"] as? String, contains: entry["contains"] as? String,
                    values: entry["values"] as? [String: Any] ?? [:], thresholds: thresholdList(entry["thresholds"], metric: name, failedWhenTrue: false))
            }
        default:
            guard let map = root["metrics"] as? [String: Any] else {
                throw .invalid(file: path, line: 0, column: 0, format: formatName, reason: "no metrics object")
            }
            return map.compactMap { key, value in
                guard let body = value as? [String: Any] else { return nil }
                if format == .k6SummaryExport {
                    var values = body
                    values["thresholds"] = nil
                    // Flattened: a rate's fraction is `value`; a trend has no type field.
                    let type: String? = values["passes"] != nil ? "rate" : values["avg"] != nil ? "trend" : values["count"] != nil ? "counter" : "gauge"
                    if type == "rate", let value = values["value"] { values["rate"] = value }
                    return Metric(key: key, type: type, contains: nil, values: values, thresholds: thresholdList(body["thresholds"], metric: key, failedWhenTrue: true))
                }
                return Metric(
                    key: key, type: body["type"] as? String, contains: body["contains"] as? String,
                    values: body["values"] as? [String: Any] ?? [:], thresholds: thresholdList(body["thresholds"], metric: key, failedWhenTrue: false))
            }
        }
    }

    /// `{expr: {ok: Bool}}`, `{expr: Bool}` (summary-export: true = failed), or `[{source, ok}]`.
    static func thresholdList(_ value: Any?, metric: String, failedWhenTrue: Bool) -> [PerfThreshold] {
        if let map = value as? [String: Any] {
            return map.compactMap { expression, state in
                if let flag = PerfJSON.bool(state) {
                    return PerfThreshold(metric: metric, expression: expression, passed: failedWhenTrue ? !flag : flag)
                }
                if let ok = PerfJSON.bool((state as? [String: Any])?["ok"]) {
                    return PerfThreshold(metric: metric, expression: expression, passed: ok)
                }
                return nil
            }.sorted { $0.expression < $1.expression }
        }
        if let list = value as? [[String: Any]] {
            return list.compactMap { entry in
                guard let source = (entry["source"] ?? entry["expression"]) as? String, let ok = PerfJSON.bool(entry["ok"]) else { return nil }
                return PerfThreshold(metric: metric, expression: source, passed: ok)
            }
        }
        return []
    }

    /// `http_req_duration{name:GET /x,method:GET}` → ("http_req_duration", ["name": "GET /x", "method": "GET"]).
    static func parseKey(_ key: String) -> (String, [String: String]) {
        guard let open = key.firstIndex(of: "{"), key.hasSuffix("}") else { return (key, [:]) }
        let base = String(key[..<open])
        let inner = key[key.index(after: open)..<key.index(before: key.endIndex)]
        var tags: [String: String] = [:]
        var order: [String] = []
        for part in inner.split(separator: ",") {
            if let colon = part.firstIndex(of: ":") {
                let name = part[..<colon].trimmingBlanks
                tags[name] = part[part.index(after: colon)...].trimmingBlanks
                order.append(name)
            } else if let last = order.last {
                // A comma inside a tag value (`name:GET /a,b`): glue it back.
                tags[last, default: ""] += "," + part
            }
        }
        return (base, tags)
    }

    static func add(_ metric: Metric, to builder: inout SeriesBuilder) {
        let (base, tags) = parseKey(metric.key)
        let http = ["http_req_duration", "http_req_failed", "http_reqs"].contains(base)
        var kind = PerfSeriesKind.metric
        var method: String?
        var name = metric.key
        if http {
            if let label = tags["name"] ?? tags["url"] {
                kind = .endpoint
                let (split, path) = PerfJSON.splitMethod(label)
                method = tags["method"] ?? split
                name = path
            } else if tags.isEmpty {
                kind = .aggregate
                name = "(all)"
            } else {
                name = "http{" + tags.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
            }
        }
        let index = builder.index(kind: kind, method: method, name: name)
        let unit = metric.contains == "data" ? "bytes" : metric.contains == "time" || (metric.contains == nil && metric.type == "trend") ? "ms" : "count"
        switch metric.type {
        case "trend":
            for (key, raw) in metric.values {
                guard let value = PerfJSON.number(raw) else { continue }
                let statistic: PerfStatistic?
                switch key {
                case "avg": statistic = .mean
                case "min": statistic = .min
                case "max": statistic = .max
                case "med": statistic = .p50
                case "count":
                    builder.series[index].set(.count, value, unit: .count, sourceUnit: "count")
                    continue
                default:
                    if key.hasPrefix("p("), key.hasSuffix(")"), let p = Double(key.dropFirst(2).dropLast()) {
                        statistic = .percentile(p)
                    } else {
                        statistic = nil
                    }
                }
                if let statistic {
                    if unit == "count" {
                        builder.series[index].set(statistic, value, unit: .unitless, sourceUnit: "unitless")
                    } else {
                        builder.series[index].set(statistic, value, sourceUnit: unit)
                    }
                }
            }
        case "rate":
            guard let rate = PerfJSON.number(metric.values["rate"]) else { return }
            if base == "http_req_failed" {
                builder.series[index].set(.errorRate, rate, unit: .fraction, sourceUnit: "fraction")
                // k6's `passes` of http_req_failed are the FAILED requests.
                if let failed = PerfJSON.number(metric.values["passes"] ?? metric.values["matches"]) {
                    builder.series[index].set(.errors, failed, unit: .count, sourceUnit: "count")
                }
            } else {
                builder.series[index].set(PerfStatistic("ratio"), rate, unit: .fraction, sourceUnit: "fraction")
            }
        case "counter":
            if let count = PerfJSON.number(metric.values["count"]) {
                if unit == "bytes" {
                    builder.series[index].set(.size, count, unit: .bytes, sourceUnit: "bytes")
                } else {
                    builder.series[index].set(.count, count, unit: .count, sourceUnit: "count")
                }
            }
            if let rate = PerfJSON.number(metric.values["rate"]) {
                builder.series[index].set(.throughput, rate, unit: unit == "bytes" ? .bytesPerSecond : .perSecond, sourceUnit: unit == "bytes" ? "bytes/s" : "/s")
            }
        default:
            // Gauges (vus): current/min/max value, unitless.
            if let value = PerfJSON.number(metric.values["value"]) {
                builder.series[index].set(PerfStatistic("value"), value, unit: .unitless, sourceUnit: "unitless")
            }
        }
    }
}
