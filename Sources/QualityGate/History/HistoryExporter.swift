import Foundation

/// Writes history records in formats other tools ingest, for when one folder is no longer
/// enough: Prometheus/Grafana (OpenMetrics text), spreadsheets and warehouses (CSV, NDJSON).
public struct HistoryExporter: Sendable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// OpenMetrics text exposition with timestamps, `# EOF` terminated: every metric of
        /// every run as a gauge sample `qgate_<name>{branch="…",<labels>} value timestamp`,
        /// plus `qgate_kpi_value{kpi="…"}`; loadable with `promtool tsdb create-blocks-from openmetrics`.
        case openmetrics
        /// One row per run × metric: run_id, recorded_at, branch, commit, status, metric,
        /// labels (a JSON object), value.
        case csv
        /// One record per line, exactly as stored.
        case ndjson
    }

    public var format: Format

    public init(format: Format) {
        self.format = format
    }

    /// The records (any order) in the chosen format.
    public func export(_ records: [HistoryRecord]) -> String {
        let ordered = records.sorted { $0.recordedAt != $1.recordedAt ? $0.recordedAt < $1.recordedAt : $0.id < $1.id }
        switch format {
        case .openmetrics: return Self.openMetrics(ordered)
        case .csv: return Self.csv(ordered)
        case .ndjson: return Self.ndjson(ordered)
        }
    }

    // MARK: OpenMetrics

    struct Sample {
        var labels: String
        var milliseconds: Int64
        var value: Double
    }

    static func openMetrics(_ records: [HistoryRecord]) -> String {
        var families: [String: [Sample]] = [:]
        for record in records {
            var base: [String: String] = [:]
            if let branch = record.branch { base["branch"] = branch }
            for metric in record.metrics {
                var labels = base
                for (name, value) in metric.labels {
                    var label = metricName(name, prefix: "")
                    if label == "branch" || label == "kpi" || label.hasPrefix("__") { label = "exported_" + label }
                    labels[label] = value
                }
                families[metricName(metric.name, prefix: "qgate_"), default: []].append(
                    Sample(labels: labelText(labels), milliseconds: record.recordedAt.milliseconds, value: metric.value))
            }
            for result in record.verdict.results {
                guard let value = result.value else { continue }
                var labels = base
                labels["kpi"] = result.id
                families["qgate_kpi_value", default: []].append(
                    Sample(labels: labelText(labels), milliseconds: record.recordedAt.milliseconds, value: value))
            }
        }
        var text = ""
        for family in families.keys.sorted() {
            text += "# TYPE \(family) gauge\n"
            // Samples of one series together, timestamps strictly increasing (a second run in
            // the same millisecond on the same branch is left out rather than break the format).
            let samples = families[family]!.enumerated().sorted { lhs, rhs in
                lhs.element.labels != rhs.element.labels
                    ? lhs.element.labels < rhs.element.labels
                    : (lhs.element.milliseconds, lhs.offset) < (rhs.element.milliseconds, rhs.offset)
            }.map(\.element)
            var previous: (labels: String, milliseconds: Int64)?
            for sample in samples {
                if let previous, previous.labels == sample.labels, previous.milliseconds >= sample.milliseconds { continue }
                previous = (sample.labels, sample.milliseconds)
                text += "\(family)\(sample.labels) \(number(sample.value)) \(timestamp(sample.milliseconds))\n"
            }
        }
        return text + "# EOF\n"
    }

    /// `tests.pass_rate` → `qgate_tests_pass_rate`: anything outside `[A-Za-z0-9_]` becomes `_`.
    static func metricName(_ name: String, prefix: String) -> String {
        var result = prefix
        for scalar in name.unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || scalar == "_"
            result.unicodeScalars.append(ok ? scalar : "_")
        }
        if let first = result.unicodeScalars.first, first >= "0" && first <= "9" { result = "_" + result }
        return result.isEmpty ? "_" : result
    }

    static func labelText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.sorted { $0.key < $1.key }.map { name, value in
            var escaped = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return "\(name)=\"\(escaped)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    /// Integers without a fraction; `+Inf`, `-Inf`, `NaN` as OpenMetrics spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Seconds since the epoch with milliseconds: `1732240032.123`.
    static func timestamp(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let fraction = Int(milliseconds - seconds * 1000)
        let digits = String(fraction)
        return "\(seconds).\(String(repeating: "0", count: 3 - digits.count))\(digits)"
    }

    // MARK: CSV

    static let csvHeader = ["run_id", "recorded_at", "branch", "commit", "status", "metric", "labels", "value"]

    static func csv(_ records: [HistoryRecord]) -> String {
        var text = csvHeader.joined(separator: ",") + "\r\n"
        let encoder = HistoryStore.encoder(pretty: false)
        for record in records {
            let prefix = [record.id, record.recordedAt.description, record.branch ?? "", record.commit ?? "", record.verdict.status.rawValue]
                .map(csvField).joined(separator: ",")
            for metric in record.metrics {
                let labels = (try? encoder.encode(metric.labels)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                text += prefix + "," + [metric.name, labels, number(metric.value)].map(csvField).joined(separator: ",") + "\r\n"
            }
        }
        return text
    }

    /// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: NDJSON

    static func ndjson(_ records: [HistoryRecord]) -> String {
        let encoder = HistoryStore.encoder(pretty: false)
        var text = ""
        for record in records {
            guard let data = try? encoder.encode(record) else { continue }
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        return text
    }

    /// The NDJSON line of a record read from `stored`: the stored bytes themselves when they
    /// are one line (as qgate writes records), so that a large export does not encode every
    /// record again; re-encoded otherwise (a record copied in pretty-printed).
    public static func ndjsonLine(_ record: HistoryRecord, stored: Data) -> String {
        var bytes = stored[...]
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes = bytes.dropLast() }
        if !bytes.contains(0x0A), !bytes.contains(0x0D) { return String(decoding: bytes, as: UTF8.self) + "\n" }
        return ndjson([record])
    }
}
