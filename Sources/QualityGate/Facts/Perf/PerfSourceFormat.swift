/// The tool output a performance result was read from; `inspect` shows it and messages name it.
public enum PerfSourceFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// k6 end-of-test summary as handed to `handleSummary(data)` (also the default JSON).
    case k6Summary = "k6-summary"
    /// k6 `--summary-export` (legacy): flattened metrics, thresholds `true` = FAILED.
    case k6SummaryExport = "k6-summary-export"
    /// k6 ≥ 1.5 machine-readable summary: `results.metrics[]`.
    case k6MachineSummary = "k6-machine-summary"
    /// k6 `--out csv`: one metric sample per row; the `http_req_duration` rows are the requests.
    case k6CSV = "k6-csv"
    /// JMeter JTL CSV: one raw sample per row, columns named by the header.
    case jmeterCSV = "jmeter-jtl-csv"
    /// JMeter JTL XML: `<testResults><httpSample t=… lb=… rc=… s=…>`.
    case jmeterXML = "jmeter-jtl-xml"
    /// JMeter HTML dashboard `statistics.json`.
    case jmeterStatistics = "jmeter-statistics"
    /// Locust `--csv PREFIX` → `PREFIX_stats.csv`.
    case locustStats = "locust-stats"
    /// Gatling `js/stats.json`.
    case gatlingStats = "gatling-stats"
    /// `vegeta report -type=json`.
    case vegetaReport = "vegeta-report"
    /// `vegeta encode --to json` (NDJSON, one request per line).
    case vegetaResults = "vegeta-results"
    /// autocannon `--json`.
    case autocannon
    /// Lighthouse result JSON (LHR).
    case lighthouse
    /// Google Benchmark `--benchmark_format=json`.
    case googleBenchmark = "google-benchmark"
    /// pytest-benchmark `--benchmark-json`.
    case pytestBenchmark = "pytest-benchmark"
    /// size-limit `--json`: `[{name, passed, size, sizeLimit?, loading?, running?}]`.
    case sizeLimit = "size-limit"
    /// qgate's plain samples CSV (endpoint, method, latency with unit, status).
    case samplesCSV = "samples-csv"
    /// qgate's plain samples NDJSON (schemas/perf-samples.schema.json).
    case samplesNDJSON = "samples-ndjson"

    /// True for raw-sample formats, whose percentiles qgate computes itself.
    public var isRawSamples: Bool {
        switch self {
        case .k6CSV, .jmeterCSV, .jmeterXML, .vegetaResults, .samplesCSV, .samplesNDJSON: true
        default: false
        }
    }
}
