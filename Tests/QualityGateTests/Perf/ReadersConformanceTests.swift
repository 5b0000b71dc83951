import Foundation
import Testing

@testable import QualityGate

/// Every file of shared/conformance/perf/ that qgate claims to read, read through the same
/// detection `qgate inspect` uses, checked against values computed independently (by hand or
/// with Python's csv + numpy from the same file) or stated in the SOURCES.md / research notes.
@Suite("perf readers: conformance corpus")
struct ReadersConformanceTests {
    func read(_ relative: String) throws -> PerfResult {
        let path = TestFiles.conformance("perf/" + relative)
        guard case .performance(let result) = try ArtifactReader().read(path: path, format: nil, timeUnit: .seconds) else {
            Issue.record("\(relative) was not read as a performance result")
            throw CancellationError()
        }
        return result
    }

    func value(_ result: PerfResult, _ name: String, _ statistic: PerfStatistic, method: String? = nil) -> Double? {
        result.series(name, method: method)?.value(statistic)?.value
    }

    func close(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= tolerance * max(1, abs(expected))
    }

    @Test("k6 handleSummary: p(98) 241.07 ms, error rate 7/950, the failing p(98)<200 threshold")
    func k6HandleSummary() throws {
        let result = try read("ICTU-quality-time/k6_handlesummary.json")
        #expect(result.format == .k6Summary)
        let all = try #require(result.series("(all)", kind: .aggregate))
        #expect(close(all.value(.percentile(98))?.value, 241.06767703999992))
        #expect(close(all.value(.p50)?.value, 8.16256))
        #expect(close(all.value(.mean)?.value, 29.550348787368417))
        #expect(all.value(.count)?.value == 950)
        #expect(all.value(.errors)?.value == 7)
        #expect(close(all.value(.errorRate)?.value, 0.007368421052631579))
        #expect(close(all.value(.throughput)?.value, 23.282350513184547))
        #expect(all.value(.p95) == nil, "k6 was asked for p(98) only; p95 must be absent, not guessed")
        #expect(all.lacking.map(\.rawValue) == ["p90", "p95", "p99"])
        #expect(all.value(.p50)?.sourceUnit == "ms")
        #expect(result.thresholds.contains(PerfThreshold(metric: "http_req_duration", expression: "p(98)<200", passed: false)))
        #expect(result.thresholds.contains(PerfThreshold(metric: "http_req_failed", expression: "rate<0.01", passed: true)))
        #expect(close(value(result, "checks", PerfStatistic("ratio")), 0.9910025706940874))
        #expect(value(result, "data_received", .size) == 1_409_475)
        #expect(close(value(result, "og1", .max), 483.387151))
    }

    @Test("k6 --out csv: http_req_duration rows are the samples; expected_response=false is an error")
    func k6CSV() throws {
        let result = try read("Blazemeter-taurus/k6_out_csv.csv")
        #expect(result.format == .k6CSV)
        #expect(result.rows == 4)
        let ok = try #require(result.series("https://blazedemo.com/", method: "GET"))
        #expect(ok.value(.count)?.value == 2)
        #expect(close(ok.value(.p50)?.value, (245.591442 + 238.032448) / 2))
        #expect(ok.value(.errors)?.value == 0)
        let failed = try #require(result.series("https://non-blazedemo.com/", method: "GET"))
        #expect(failed.value(.errorRate)?.value == 1)
        #expect(failed.statusClasses.contains(PerfStatusClass("other", 2)))
    }

    @Test("JMeter JTL CSV (ICTU): per-label percentiles equal numpy's linear method")
    func jtlCSV() throws {
        let result = try read("ICTU-quality-time/jmeter_jtl.csv")
        #expect(result.format == .jmeterCSV)
        #expect(result.rows == 60)
        #expect(result.badRows == 0)
        // numpy.percentile(elapsed, [50, 90, 95, 99]) per label, from Python's csv module.
        let expected: [String: ([Double], Double, Double)] = [
            "/home": ([9.0, 15.6, 36.3, 52.86], 13.5, 0),
            "/api/programmas/zoek": ([16.0, 26.7, 70.35, 105.27], 26.0, 10),
            "/api/programmas/filter-aantallen": ([16.5, 20.7, 23.85, 26.37], 16.7, 10),
            "/api/financiering/zoek": ([145.0, 1079.9, 1146.95, 1200.59], 367.8, 0),
            "/api/financiering/filter-aantallen": ([4.0, 6.0, 6.0, 6.0], 4.6, 10),
            "Test": ([188.5, 1125.3, 1198.65, 1257.33], 428.6, 10),
        ]
        for (label, (ps, mean, errors)) in expected {
            let series = try #require(result.series(label, kind: .endpoint))
            for (statistic, p) in zip([PerfStatistic.p50, .p90, .p95, .p99], ps) {
                #expect(close(series.value(statistic)?.value, p, tolerance: 1e-9), "\(label) \(statistic)")
            }
            #expect(close(series.value(.mean)?.value, mean))
            #expect(series.value(.count)?.value == 10)
            #expect(series.value(.errors)?.value == errors)
        }
        // The aggregate comes from all 60 samples, not from averaging the labels' percentiles.
        let all = try #require(result.series("(all)", kind: .aggregate))
        #expect(close(all.value(.p95)?.value, 1067.2))
        #expect(close(all.value(.p99)?.value, 1237.78))
        #expect(all.value(.errors)?.value == 40)
        #expect(close(all.value(.statusRate("5xx"))?.value, 20.0 / 60))
        #expect(try #require(result.series("/api/programmas/zoek")).statusClasses.contains(PerfStatusClass("5xx", 10)))
    }

    @Test("JMeter JTL CSV (Taurus, Hostname column, other order): good 12 samples, bad 9 all failed")
    func jtlCSVOtherColumns() throws {
        let result = try read("Blazemeter-taurus/jmeter_kpi1_csv.jtl")
        #expect(result.format == .jmeterCSV)
        #expect(value(result, "good", .count) == 12)
        #expect(close(value(result, "good", .p95), 17.5))
        #expect(close(value(result, "good", .p99), 30.7))
        #expect(value(result, "bad", .count) == 9)
        #expect(value(result, "bad", .errorRate) == 1)
        #expect(close(value(result, "(all)", .p99), 28.0))
        #expect(close(value(result, "(all)", .mean), 4.238095238095238))
    }

    @Test("JMeter JTL XML: top-level httpSample only (t, lb, rc, s)")
    func jtlXML() throws {
        let trace = try read("Blazemeter-taurus/jmeter_trace_xml.jtl")
        #expect(trace.format == .jmeterXML)
        #expect(trace.rows == 1)
        #expect(value(trace, "blazedemo-index", .p50) == 388)
        #expect(value(trace, "blazedemo-index", .errors) == 1, "s=\"false\" (a failed assertion) is an error despite rc 200")
        let mix = try read("Blazemeter-taurus/jmeter_error_mix_xml.jtl")
        #expect(value(mix, "http://blazedemo.com/nnn", .max) == 559)
        #expect(mix.series("http://blazedemo.com/nnn")?.statusClasses.contains(PerfStatusClass("4xx", 1)) == true)
    }

    @Test("JMeter dashboard statistics.json: pct1/2/3 as p90/p95/p99, errorPct as a fraction")
    func jmeterStatistics() throws {
        let result = try read("ICTU-quality-time/jmeter_dashboard_statistics.json")
        #expect(result.format == .jmeterStatistics)
        #expect(close(value(result, "/api/programmas/zoek", .p90), 104.30000000000004))
        #expect(value(result, "/api/programmas/zoek", .p95) == 114)
        #expect(value(result, "/api/programmas/zoek", .errorRate) == 1)
        #expect(result.series("(all)", kind: .aggregate) != nil)
    }

    @Test("Locust stats: /api/v1/health p95 9 ms, 0 of 573 failed; Aggregated is the aggregate")
    func locust() throws {
        let result = try read("Bortlesboat-bitcoin-api/locust_results_stats.csv")
        #expect(result.format == .locustStats)
        let health = try #require(result.series("/api/v1/health", method: "GET"))
        #expect(health.value(.p95)?.value == 9)
        #expect(health.value(.count)?.value == 573)
        #expect(health.value(.errorRate)?.value == 0)
        #expect(close(health.value(.mean)?.value, 47.1335933681896))
        #expect(value(result, "/api/v1/blocks/latest", .errors, method: "GET") == 236)
        #expect(result.series("(all)", kind: .aggregate)?.value(.count)?.value == 2210)
        #expect(result.series.filter { $0.kind == .endpoint }.count == 8)
    }

    @Test("Gatling stats.json: percentiles3 is p95 (ms), ko/total the error rate")
    func gatling() throws {
        let result = try read("ICTU-quality-time/gatling_stats.json")
        #expect(result.format == .gatlingStats)
        #expect(value(result, "FooList", .p95) == 60003)
        #expect(value(result, "FooList", .errors) == 54)
        #expect(close(value(result, "FooList", .errorRate), 54.0 / 60))
        #expect(value(result, "GetToken", .mean) == 234)
        let all = try #require(result.series("(all)", kind: .aggregate))
        #expect(all.value(.count)?.value == 121)
        #expect(all.value(.p95)?.value == 60003)
        #expect(all.value(.p90) == nil)
    }

    @Test("vegeta report: ns → ms (p95 95.5 ms), success 0.4 → error rate 0.6, status 0 as 'other'")
    func vegeta() throws {
        let mixed = try read("tsenart-vegeta/report-mixed.json")
        #expect(mixed.format == .vegetaReport)
        let all = try #require(mixed.series("(all)"))
        #expect(all.value(.p95)?.value == 95.5)
        #expect(all.value(.p95)?.sourceUnit == "ns")
        #expect(all.value(.max)?.value == 100)
        #expect(close(all.value(.errorRate)?.value, 0.6))
        #expect(close(all.value(.statusRate("5xx"))?.value, 0.4))
        #expect(all.statusClasses.contains(PerfStatusClass("other", 20)))
        let single = try read("tsenart-vegeta/report-single.json")
        #expect(single.series("(all)")?.value(.p99)?.value == 3)
        #expect(single.series("(all)")?.value(.errorRate)?.value == 0)
    }

    @Test("vegeta results NDJSON: raw samples per method + URL, latency ns")
    func vegetaResults() throws {
        let result = try read("tsenart-vegeta/results.json")
        #expect(result.format == .vegetaResults)
        #expect(result.rows == 6)
        #expect(value(result, "http://h/x", .p50, method: "POST") == 25)
        #expect(value(result, "http://127.0.0.1:1/", .errors, method: "GET") == 1)
        #expect(value(result, "(all)", .count) == 6)
    }

    @Test("autocannon: ms latencies, p97.5 kept, p95 lacking (not guessed)")
    func autocannon() throws {
        let result = try read("mcollina-autocannon/example-result.json")
        #expect(result.format == .autocannon)
        let series = try #require(result.series.first)
        #expect(series.name == "https://httpbin.org/get")
        #expect(series.value(.p50)?.value == 67)
        #expect(series.value(.p90)?.value == 126)
        #expect(series.value(.percentile(97.5))?.value == 378)
        #expect(series.value(.p99)?.value == 386)
        #expect(series.value(.p95) == nil)
        #expect(series.lacking == [.p95])
        #expect(series.value(.count)?.value == 500)
        #expect(series.value(.errorRate)?.value == 0)
        #expect(series.statusClasses.contains(PerfStatusClass("2xx", 500)))
    }

    @Test("Lighthouse 12 LHR: LCP 6609.9 ms, total-byte-weight bytes, CLS unitless, script bytes, performance 0.34")
    func lighthouse() throws {
        let result = try read("GoogleChrome-lighthouse-ci/lh-12-0-0-coursehero-a.json")
        #expect(result.format == .lighthouse)
        let lcp = try #require(result.series("largest-contentful-paint", kind: .audit))
        #expect(close(lcp.value(PerfStatistic("value"))?.value, 6609.92562))
        #expect(lcp.value(PerfStatistic("value"))?.sourceUnit == "millisecond")
        #expect(lcp.value(.score)?.value == 0.08)
        #expect(value(result, "total-byte-weight", .size) == 15_361_292)
        #expect(result.series("cumulative-layout-shift")?.value(PerfStatistic("value"))?.unit == .unitless)
        #expect(value(result, "script", .size) == 2_107_167)
        #expect(value(result, "script", .count) == 46)
        #expect(value(result, "total", .size) == 15_356_702)
        #expect(value(result, "category:performance", .score) == 0.34)
    }

    @Test("Google Benchmark: real_time by time_unit; repetitions merged into one series")
    func googleBenchmark() throws {
        let result = try read("benchmark-action-github-action-benchmark/googlecpp_output.json")
        #expect(result.format == .googleBenchmark)
        #expect(close(value(result, "fib_10", .mean), 214.98980114547953 / 1_000_000))
        #expect(close(value(result, "fib_20", PerfStatistic("cpu_time")), 27364.90320427236 / 1_000_000))
        #expect(result.series("fib_10")?.value(.p95) == nil)
        let repeated = try read("google-benchmark/test3_run0.json")
        let two = try #require(repeated.series("BM_Two"))
        #expect(two.value(.count)?.value == 2)
        #expect(close(two.value(.mean)?.value, 8.5e-6))
        #expect(close(two.value(.min)?.value, 8e-6))
        let first = try read("google-benchmark/test1_run1.json")
        #expect(close(value(first, "BM_SameTimes", .mean), 1e-5))
    }

    @Test("pytest-benchmark: seconds → ms, median as p50, rounds as count")
    func pytestBenchmark() throws {
        let result = try read("benchmark-action-github-action-benchmark/pytest_output.json")
        #expect(result.format == .pytestBenchmark)
        #expect(close(value(result, "bench.py::test_fib_10", .p50), 2.2300000000363696e-05 * 1000))
        #expect(value(result, "bench.py::test_fib_10", .count) == 38523)
        #expect(close(value(result, "bench.py::test_fib_20", .throughput), 335.0049328331567))
        #expect(result.series("bench.py::test_fib_20")?.value(.p50)?.sourceUnit == "s")
    }
}
