import Foundation
import Testing

@testable import QualityGate

@Suite("History export")
struct HistoryExportTests {
    let records = [
        HistoryFixtures.record("2026-11-01T08:00:00.500Z", branch: "main", commit: "a1", metrics: [
            RecordedMetric(name: "tests.pass_rate", labels: ["suite": "unit"], value: 99.5),
            RecordedMetric(name: "tests.total", value: 475),
            RecordedMetric(name: "latency.p95_ms", labels: ["endpoint": "GET /a \"q\" \\ x\ny", "branch": "label"], value: 1e-7),
        ]),
        HistoryFixtures.record("2026-11-02T08:00:00Z", branch: "feature,\"x\"", commit: "b1", metrics: [
            RecordedMetric(name: "tests.pass_rate", labels: ["suite": "unit"], value: 98),
        ]),
        HistoryFixtures.record("2026-10-31T08:00:00Z", branch: "main", commit: "z9", metrics: [
            RecordedMetric(name: "tests.pass_rate", labels: ["suite": "unit"], value: 97.25),
        ]),
    ]

    /// The OpenMetrics text grammar for gauges with timestamps (no HELP/UNIT lines are written).
    static var sampleLine: Regex<AnyRegexOutput> { try! Regex(
        #"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*")*\})? (-?[0-9.e+-]+|[+-]Inf|NaN) (-?[0-9]+\.[0-9]{3})$"#) }
    static var typeLine: Regex<AnyRegexOutput> { try! Regex(#"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) gauge$"#) }

    @Test("OpenMetrics: every line matches the grammar, families are contiguous, series in time order, # EOF last")
    func openMetrics() throws {
        let text = HistoryExporter(format: .openmetrics).export(records)
        #expect(text.hasSuffix("# EOF\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.last == "# EOF")
        var families: [String] = []
        var lastTimestamp: [String: Double] = [:]
        var samples: [String: [(String, String)]] = [:]
        for line in lines.dropLast() {
            if let type = try Self.typeLine.wholeMatch(in: line) {
                let name = String(type.output[1].substring!)
                #expect(!families.contains(name), "family \(name) is split")
                families.append(name)
                continue
            }
            let match = try #require(try Self.sampleLine.wholeMatch(in: line), "not an OpenMetrics sample: \(line)")
            let name = String(match.output[1].substring!)
            #expect(name == families.last, "sample \(name) outside its family")
            let series = name + String(match.output[2].substring ?? "")
            let timestamp = try #require(Double(String(match.output[match.output.count - 1].substring!)))
            #expect(timestamp > lastTimestamp[series] ?? -1, "\(series) out of time order")
            lastTimestamp[series] = timestamp
            samples[name, default: []].append((String(match.output[2].substring ?? ""), String(line.split(separator: " ").dropLast().last!)))
        }
        #expect(families == families.sorted())
        #expect(families.contains("qgate_tests_pass_rate"))
        #expect(families.contains("qgate_kpi_value"))
        #expect(text.contains("qgate_tests_pass_rate{branch=\"main\",suite=\"unit\"} 97.25 1793433600.000\nqgate_tests_pass_rate{branch=\"main\",suite=\"unit\"} 99.5 1793520000.500\n"))
        #expect(text.contains("qgate_tests_total{branch=\"main\"} 475 1793520000.500\n"))
        #expect(text.contains("qgate_tests_pass_rate{branch=\"feature,\\\"x\\\"\",suite=\"unit\"} 98 "))
        // A metric label that clashes with the branch label is renamed, and values are escaped.
        #expect(text.contains("qgate_latency_p95_ms{branch=\"main\",endpoint=\"GET /a \\\"q\\\" \\\\ x\\ny\",exported_branch=\"label\"} 1e-07 "))
    }

    @Test("OpenMetrics numbers and names")
    func numbersAndNames() {
        #expect(HistoryExporter.number(3) == "3")
        #expect(HistoryExporter.number(-0.25) == "-0.25")
        #expect(HistoryExporter.number(.infinity) == "+Inf")
        #expect(HistoryExporter.number(-.infinity) == "-Inf")
        #expect(HistoryExporter.number(.nan) == "NaN")
        #expect(HistoryExporter.timestamp(1_500) == "1.500")
        #expect(HistoryExporter.timestamp(-1) == "-1.999")
        #expect(HistoryExporter.metricName("coverage.lines.percent", prefix: "qgate_") == "qgate_coverage_lines_percent")
        #expect(HistoryExporter.metricName("9lives-é", prefix: "") == "_9lives__")
    }

    @Test("CSV: a header and one row per run × metric, RFC 4180 quoting, parsed back to the values")
    func csv() throws {
        let text = HistoryExporter(format: .csv).export(records)
        let rows = Self.parseCSV(text)
        #expect(rows.first == HistoryExporter.csvHeader)
        let body = Array(rows.dropFirst())
        #expect(body.count == 5)
        #expect(body.allSatisfy { $0.count == 8 })
        #expect(body.map { $0[0] } == [records[2].id, records[0].id, records[0].id, records[0].id, records[1].id])
        #expect(body[0] == [records[2].id, "2026-10-31T08:00:00.000Z", "main", "z9", "pass", "tests.pass_rate", "{\"suite\":\"unit\"}", "97.25"])
        let feature = body[4]
        #expect(feature[2] == "feature,\"x\"")
        let latency = try #require(body.first { $0[5] == "latency.p95_ms" })
        let labels = try JSONDecoder().decode([String: String].self, from: Data(latency[6].utf8))
        #expect(labels == ["endpoint": "GET /a \"q\" \\ x\ny", "branch": "label"])
        #expect(Double(latency[7]) == 1e-7)
    }

    @Test("NDJSON: one record per line, each decoding to the stored record")
    func ndjson() throws {
        let text = HistoryExporter(format: .ndjson).export(records)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(text.hasSuffix("\n"))
        let decoded = try lines.map { try JSONDecoder().decode(HistoryRecord.self, from: Data($0.utf8)) }
        #expect(decoded == [records[2], records[0], records[1]])
    }

    @Test("NDJSON from stored bytes: a one-line record passes through, a pretty-printed one is re-encoded")
    func ndjsonPassThrough() throws {
        let record = records[0]
        let stored = try HistoryStore.encodeRecord(record, path: "x")
        #expect(HistoryExporter.ndjsonLine(record, stored: stored) == String(decoding: stored, as: UTF8.self))
        let pretty = try HistoryStore.encoder(pretty: true).encode(record)
        let line = HistoryExporter.ndjsonLine(record, stored: pretty)
        #expect(line.split(separator: "\n").count == 1)
        #expect(line.hasSuffix("\n"))
        #expect(try JSONDecoder().decode(HistoryRecord.self, from: Data(line.utf8)) == record)
    }

    /// A small RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        scalars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\r" {
                continue
            } else if scalar == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        return rows
    }
}
