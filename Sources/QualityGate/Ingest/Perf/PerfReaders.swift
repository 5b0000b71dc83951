import Foundation

/// Chooses and runs the performance-result reader for a file, by configured format or content.
///
/// Detection reads the file's first 64 KiB (the head `ArtifactReader` already has): JSON keys
/// that only one tool writes, or a CSV header's column names — never the file extension alone,
/// since CI steps name their outputs freely (`results.json`, `out.jtl`, `report.csv`).
public enum PerfReaders {
    /// Reads `path` as `format`.
    public static func read(path: String, format: PerfSourceFormat, detectedBy: String) throws(InputError) -> PerfResult {
        switch format {
        case .k6Summary, .k6SummaryExport, .k6MachineSummary:
            return try K6SummaryReader(format: format).read(path: path, detectedBy: detectedBy)
        case .jmeterCSV: return try JTLCSVReader().read(path: path, detectedBy: detectedBy)
        case .jmeterXML: return try JTLXMLReader().read(path: path, detectedBy: detectedBy)
        case .jmeterStatistics: return try JMeterStatisticsReader().read(path: path, detectedBy: detectedBy)
        case .locustStats: return try LocustStatsReader().read(path: path, detectedBy: detectedBy)
        case .gatlingStats: return try GatlingStatsReader().read(path: path, detectedBy: detectedBy)
        case .vegetaReport: return try VegetaReportReader().read(path: path, detectedBy: detectedBy)
        case .autocannon: return try AutocannonReader().read(path: path, detectedBy: detectedBy)
        case .lighthouse: return try LighthouseReader().read(path: path, detectedBy: detectedBy)
        case .googleBenchmark: return try GoogleBenchmarkReader().read(path: path, detectedBy: detectedBy)
        case .pytestBenchmark: return try PytestBenchmarkReader().read(path: path, detectedBy: detectedBy)
        case .sizeLimit: return try SizeLimitReader().read(path: path, detectedBy: detectedBy)
        case .vegetaResults, .samplesCSV, .samplesNDJSON, .k6CSV:
            return try SamplesReader(format: format).read(path: path, detectedBy: detectedBy)
        }
    }

    /// The format the head of a file shows, with the evidence; nil when it is no perf format.
    public static func detect(head: String) -> (PerfSourceFormat, String)? {
        let trimmed = head.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            return detectJSON(String(trimmed))
        }
        if trimmed.hasPrefix("<") {
            if let root = XMLRootTag(head: head), root.name == "testResults" {
                return (.jmeterXML, "XML root <testResults> (JMeter JTL)")
            }
            return nil
        }
        let firstLine = trimmed.prefix { $0 != "\n" && $0 != "\r" }
        let columns = Set(firstLine.split { $0 == "," || $0 == "\t" || $0 == ";" }.map { $0.trimmingBlanks.trimmingCharacters(in: ["\""]) })
        if columns.contains("metric_name") && columns.contains("metric_value") && columns.contains("expected_response") {
            return (.k6CSV, "CSV header metric_name,timestamp,metric_value,… (k6 --out csv)")
        }
        if columns.contains("elapsed") && columns.contains("label") {
            return (.jmeterCSV, "CSV header with elapsed and label columns (JMeter JTL)")
        }
        if columns.contains("Name") && columns.contains("Request Count") && columns.contains("Failure Count") {
            return (.locustStats, "CSV header Type,Name,Request Count,… (Locust stats)")
        }
        let lower = Set(columns.map { $0.lowercased() })
        if !lower.isDisjoint(with: SamplesReader.endpointKeys),
            lower.contains("latency") || lower.contains { $0.hasPrefix("latency_") }
        {
            return (.samplesCSV, "CSV header with an endpoint and a latency column (qgate samples)")
        }
        return nil
    }

    static func detectJSON(_ text: String) -> (PerfSourceFormat, String)? {
        func has(_ key: String) -> Bool { text.contains("\"\(key)\"") }
        // NDJSON samples: the first line is one flat object with a numeric latency.
        let firstLine = String(text.prefix { $0 != "\n" && $0 != "\r" })
        if firstLine.hasPrefix("{"), firstLine.hasSuffix("}"),
            firstLine.range(of: #""latency(_(ms|us|ns|s))?"\s*:\s*-?[0-9]"#, options: .regularExpression) != nil
        {
            if firstLine.contains("\"attack\"") && firstLine.contains("\"seq\"") {
                return (.vegetaResults, "NDJSON with attack/seq/latency (vegeta encode --to json)")
            }
            if endpointKeysPresent(firstLine) {
                return (.samplesNDJSON, "NDJSON records with an endpoint and a latency (qgate samples)")
            }
        }
        if text.hasPrefix("["), has("name"), has("passed"), has("size") {
            return (.sizeLimit, "JSON array of {name, passed, size} (size-limit --json)")
        }
        if has("lighthouseVersion") { return (.lighthouse, "JSON with lighthouseVersion (Lighthouse result)") }
        if has("benchmarks") && has("machine_info") { return (.pytestBenchmark, "JSON with machine_info and benchmarks (pytest-benchmark)") }
        if has("benchmarks") && (has("context") || has("time_unit")) {
            return (.googleBenchmark, "JSON with context and benchmarks (Google Benchmark)")
        }
        if has("latencies") && has("status_codes") { return (.vegetaReport, "JSON with latencies and status_codes (vegeta report)") }
        if has("latency") && has("requests") && has("throughput") && (has("non2xx") || has("2xx")) {
            return (.autocannon, "JSON with latency, requests, throughput and non2xx (autocannon)")
        }
        if has("numberOfRequests") && has("contents") { return (.gatlingStats, "JSON with stats.numberOfRequests and contents (Gatling stats.json)") }
        if has("sampleCount") && has("pct1ResTime") { return (.jmeterStatistics, "JSON with sampleCount and pct1ResTime (JMeter dashboard statistics.json)") }
        if has("results") && has("metrics") && text.range(of: #""metrics"\s*:\s*\["#, options: .regularExpression) != nil {
            return (.k6MachineSummary, "JSON with results.metrics[] (k6 machine-readable summary)")
        }
        if has("metrics") && (has("http_req_duration") || has("iterations") || has("checks") || has("root_group")) {
            if text.range(of: #""(type|values)"\s*:"#, options: .regularExpression) != nil && has("values") {
                return (.k6Summary, "JSON with metrics.<name>.values (k6 end-of-test summary)")
            }
            return (.k6SummaryExport, "JSON with flattened metrics (k6 --summary-export)")
        }
        return nil
    }

    static func endpointKeysPresent(_ line: String) -> Bool {
        SamplesReader.endpointKeys.contains { line.contains("\"\($0)\"") }
    }
}
