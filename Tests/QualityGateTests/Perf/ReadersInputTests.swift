import Foundation
import Testing

@testable import QualityGate

/// Plain samples, the k6 shapes with no corpus file, bad input, and the percentile method.
@Suite("perf readers: samples, k6 shapes, bad input, percentiles")
struct ReadersInputTests {
    let files = TestFiles()

    func read(_ path: String) throws -> PerfResult {
        guard case .performance(let result) = try ArtifactReader().read(path: path, format: nil, timeUnit: .seconds) else {
            Issue.record("\(path) was not read as a performance result")
            throw CancellationError()
        }
        return result
    }

    func failure(_ path: String) -> InputError? {
        do {
            _ = try ArtifactReader().read(path: path, format: nil, timeUnit: .seconds)
            return nil
        } catch {
            return error
        }
    }

    @Test("samples CSV: latency + unit per row, mixed units normalised to ms, status classes")
    func samplesCSV() throws {
        let path = files.write("samples.csv", """
            method,endpoint,latency,unit,status
            GET,/api/v1/app/tasks,120,ms,200
            GET,/api/v1/app/tasks,0.2,s,200
            GET,/api/v1/app/tasks,150000,us,503
            POST,/api/v1/app/tasks/1/move,90000000,ns,201

            """)
        let result = try read(path)
        #expect(result.format == .samplesCSV)
        let tasks = try #require(result.series("/api/v1/app/tasks", method: "GET"))
        #expect(tasks.value(.count)?.value == 3)
        #expect(tasks.value(.max)?.value == 200)
        #expect(tasks.value(.p50)?.value == 150)
        #expect(tasks.value(.errors)?.value == 1)
        #expect(abs((tasks.value(.statusRate("5xx"))?.value ?? 0) - 1.0 / 3) < 1e-12)
        #expect(result.series("/api/v1/app/tasks/1/move", method: "POST")?.value(.p99)?.value == 90)
        // numpy.percentile([120, 200, 150, 90], 95) = 192.5 (linear)
        #expect(abs((result.series("(all)")?.value(.p95)?.value ?? 0) - 192.5) < 1e-9)
    }

    @Test("samples CSV: a latency_ms column gives the unit; success=false marks an error")
    func samplesCSVFixedUnit() throws {
        let path = files.write("s.csv", "name,latency_ms,success\n/a,10,true\n/a,30,false\n")
        let result = try read(path)
        #expect(result.series("/a")?.value(.mean)?.value == 20)
        #expect(result.series("/a")?.value(.errorRate)?.value == 0.5)
        #expect(result.series("/a")?.statusClasses.isEmpty == true)
    }

    @Test("samples NDJSON: endpoint, method, latency + unit, status")
    func samplesNDJSON() throws {
        let path = files.write("s.ndjson", """
            {"endpoint": "/api/v1/app/dashboard", "method": "get", "latency": 0.25, "unit": "s", "status": 200}
            {"endpoint": "/api/v1/app/dashboard", "method": "GET", "latency_ms": 350, "status": 404}
            {"endpoint": "/api/v1/app/dashboard", "method": "GET", "latency": 400, "unit": "ms", "status": 200, "error": true}

            """)
        let result = try read(path)
        #expect(result.format == .samplesNDJSON)
        let series = try #require(result.series("/api/v1/app/dashboard", method: "GET"))
        #expect(series.value(.p50)?.value == 350)
        #expect(series.value(.errors)?.value == 2)
        #expect(series.value(.statusRate("4xx"))?.value == 1.0 / 3)
    }

    @Test("k6 --summary-export: flattened values; a threshold `true` means it FAILED")
    func k6SummaryExport() throws {
        let path = files.write("export.json", """
            {"root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": {}, "checks": {}},
             "metrics": {
              "http_req_duration": {"avg": 12.5, "min": 2, "med": 10, "max": 90, "p(90)": 40, "p(95)": 61.25,
                                    "thresholds": {"p(95)<50": true, "p(90)<100": false}},
              "http_req_duration{name:GET /api/v1/app/tasks}": {"avg": 8, "min": 2, "med": 7, "max": 30, "p(90)": 20, "p(95)": 25,
                                    "thresholds": {"p(95)<300": false}},
              "http_req_failed": {"passes": 3, "fails": 97, "value": 0.03},
              "http_reqs": {"count": 100, "rate": 9.5}
             }}
            """)
        let result = try read(path)
        #expect(result.format == .k6SummaryExport)
        #expect(result.series("(all)")?.value(.p95)?.value == 61.25)
        #expect(result.series("(all)")?.value(.errorRate)?.value == 0.03)
        #expect(result.series("(all)")?.value(.errors)?.value == 3)
        #expect(result.series("(all)")?.value(.count)?.value == 100)
        #expect(result.series("/api/v1/app/tasks", method: "GET")?.value(.p95)?.value == 25)
        #expect(result.thresholds.contains(PerfThreshold(metric: "http_req_duration", expression: "p(95)<50", passed: false)))
        #expect(result.thresholds.contains(PerfThreshold(metric: "http_req_duration", expression: "p(90)<100", passed: true)))
    }

    @Test("k6 machine-readable summary: results.metrics[] with values")
    func k6MachineSummary() throws {
        let path = files.write("summary.json", """
            {"version": "1.5.0", "results": {"metrics": [
              {"name": "http_req_duration", "type": "trend", "contains": "time", "values": {"avg": 20, "p(90)": 35, "p(95)": 48}},
              {"name": "http_req_duration{url:/api/v1/app/projects,method:GET}", "type": "trend", "contains": "time", "values": {"p(95)": 120}},
              {"name": "http_req_failed", "type": "rate", "contains": "default", "values": {"rate": 0.002, "matches": 2, "total": 1000}}
            ]}}
            """)
        let result = try read(path)
        #expect(result.format == .k6MachineSummary)
        #expect(result.series("(all)")?.value(.p95)?.value == 48)
        #expect(result.series("(all)")?.value(.errorRate)?.value == 0.002)
        #expect(result.series("/api/v1/app/projects", method: "GET")?.value(.p95)?.value == 120)
    }

    @Test("JTL CSV: a few malformed rows are skipped and reported with line numbers")
    func jtlFewBadRows() throws {
        var text = "timeStamp,elapsed,label,responseCode,success\n"
        for index in 0..<200 { text += "1700000000\(String(format: "%03d", index)),\(index % 50),/a,200,true\n" }
        text += "1700000000999,abc,/a,200,true\n"
        let result = try read(files.write("few.jtl", text))
        #expect(result.rows == 200)
        #expect(result.badRows == 1)
        #expect(result.warnings.contains { $0.contains("line 202") && $0.contains("'abc'") })
    }

    @Test("JTL CSV: more than 1 % bad rows fails with the file and the first line")
    func jtlManyBadRows() throws {
        var text = "timeStamp,elapsed,label,responseCode,success\n"
        for index in 0..<50 { text += "1700000000000,\(index),/a,200,true\n" }
        text += "1700000000000,5\n1700000000000,x,/a,200,true\n"
        let path = files.write("bad.jtl", text)
        let error = try #require(failure(path))
        #expect(error.code == "input.invalid")
        #expect(error.description.hasPrefix(path + ":52:"))
        #expect(error.description.contains("2 of 52 rows are malformed"))
        #expect(!error.description.contains("\n"))
    }

    @Test("JTL CSV: a header without label names the missing column")
    func jtlMissingColumn() throws {
        // Not detected as JTL without a label column, so the format is forced: the error names what is missing.
        let path = files.write("nolabel.jtl", "timeStamp,elapsed,responseCode\n1,2,200\n")
        do {
            _ = try ArtifactReader().read(path: path, format: "jmeter-jtl-csv", timeUnit: .seconds)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(path):1: error: invalid JMeter JTL CSV data: the header lacks the required column label (it has: timeStamp,elapsed,responseCode)")
        }
    }

    @Test("JTL CSV: quoted fields with commas and a newline inside quotes")
    func jtlQuoting() throws {
        let text = #"""
            timeStamp,elapsed,label,responseCode,responseMessage,success,failureMessage
            1700000000000,10,"GET /a, b",200,OK,true,
            1700000000001,20,"GET /a, b",500,"Server
            Error",false,"it ""broke""" 
            1700000000002,30,/c,200,OK,true,

            """#
        let result = try read(files.write("q.jtl", text))
        #expect(result.badRows == 0)
        #expect(result.series("GET /a, b")?.value(.count)?.value == 2)
        #expect(result.series("GET /a, b")?.value(.errors)?.value == 1)
        #expect(result.series("/c")?.value(.max)?.value == 30)
    }

    @Test("samples: an unknown latency unit is a one-line error naming file and line")
    func unknownUnit() throws {
        let csv = files.write("u.csv", "endpoint,latency,unit\n/a,1,ms\n/a,3,fortnights\n")
        #expect(failure(csv)?.description == "\(csv):3: error: invalid samples CSV data: unknown latency unit 'fortnights' (use ms, us, ns or s)")
        let json = files.write("u.ndjson", "{\"endpoint\": \"/a\", \"latency\": 3, \"unit\": \"ticks\"}\n{\"endpoint\": \"/a\", \"latency\": 3, \"unit\": \"ms\"}\n")
        #expect(failure(json)?.description == "\(json):1: error: invalid samples NDJSON data: unknown latency unit 'ticks' (use ms, us, ns or s)")
        let column = files.write("c.csv", "endpoint,latency_min\n/a,1\n")
        #expect(failure(column)?.description.contains("unknown latency unit in column 'latency_min'") == true)
    }

    @Test("a perf JSON that is not valid JSON fails as input.invalid, not a crash")
    func brokenJSON() throws {
        let path = files.write("k6.json", "{\"metrics\": {\"http_req_duration\": {\"values\": {\"avg\": 1")
        let error = try #require(failure(path))
        #expect(error.code == "input.invalid")
        #expect(error.description.contains("k6 summary"))
    }

    @Test("percentiles: exact method equals numpy linear on a small set")
    func exactMethod() {
        var distribution = LatencyDistribution()
        for value in [15.0, 20, 35, 40, 50] { distribution.record(value) }
        // numpy.percentile([15, 20, 35, 40, 50], [40, 95, 50]) = [29.0, 48.0, 35.0]
        #expect(distribution.percentiles([40, 95, 50]).map { $0! } == [29.0, 48.0, 35.0])
        #expect(distribution.isExact)
    }

    @Test("percentiles: past the exact limit the sketch stays within 0.1 % of the exact value")
    func sketchBound() {
        var exact: [Double] = []
        var distribution = LatencyDistribution()
        var state: UInt64 = 42
        for _ in 0..<(LatencyDistribution.exactLimit + 50_000) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = Double((state >> 33) % 5_000_000) / 1000 + 0.5  // 0.5 … 5000.5 ms, µs resolution
            exact.append(value)
            distribution.record(value)
        }
        #expect(!distribution.isExact)
        exact.sort()
        for p in [50.0, 90, 95, 99, 99.9] {
            let rank = max(0, Int((p / 100 * Double(exact.count)).rounded(.up)) - 1)
            let truth = exact[rank]
            let sketch = distribution.percentile(p)!
            #expect(sketch >= truth - 0.001 && sketch <= truth * 1.001 + 0.001, "p\(p): sketch \(sketch), nearest-rank \(truth)")
        }
        #expect(distribution.minimum == exact.first)
        #expect(distribution.maximum == exact.last)
    }

    @Test("aggregate across series is a percentile of all samples, not an average of percentiles")
    func aggregateFromSamples() throws {
        var text = "endpoint,latency_ms\n"
        for _ in 0..<99 { text += "/fast,1\n" }
        text += "/slow,1000\n"
        let result = try read(files.write("agg.csv", text))
        // Average of the two p50s would be 500.5; the samples' p50 is 1.
        #expect(result.series("(all)")?.value(.p50)?.value == 1)
        #expect(result.series("(all)")?.value(.count)?.value == 100)
    }

    @Test("budget inputs carry canonical values and the series' sample count")
    func budgetInputs() throws {
        let result = try read(files.write("b.csv", "method,endpoint,latency_ms,status\nGET,/x,10,200\nGET,/x,20,500\n"))
        let p95 = try #require(result.budgetInputs.first { $0.name == "/x" && $0.statistic == "p95" })
        #expect(p95.method == "GET")
        #expect(p95.samples == 2)
        #expect(abs(p95.value - 19.5) < 1e-9)
        #expect(result.budgetInputs.contains { $0.name == "/x" && $0.statistic == "rate_5xx" && $0.value == 0.5 })
    }
}

@Suite("perf readers: JTL read in two parallel parts")
struct ReadersParallelTests {
    @Test("two parts give the same series, counts and bad-row line numbers as one pass")
    func sameAsSequential() throws {
        let files = TestFiles()
        var text = "timeStamp,elapsed,label,responseCode,success\n"
        for index in 0..<30_000 {
            text += "\(1_700_000_000_000 + index),\((index * 37) % 997),/e\(index % 7),\(index % 50 == 0 ? 500 : 200),\(index % 50 == 0 ? "false" : "true")\n"
            if index == 25_000 { text += "1700000000000,broken,/e1,200,true\n" }
        }
        let path = files.write("big.jtl", text)
        let sequential = try JTLCSVReader(parallelBytes: .max).read(path: path, detectedBy: "test")
        let parallel = try JTLCSVReader(parallelBytes: 1).read(path: path, detectedBy: "test")
        #expect(parallel.rows == 30_000)
        #expect(parallel.badRows == 1)
        #expect(parallel.warnings == sequential.warnings)
        #expect(parallel.warnings.contains { $0.hasPrefix("line 25003:") })
        #expect(parallel.series.map(\.displayName).sorted() == sequential.series.map(\.displayName).sorted())
        for series in sequential.series {
            let other = try #require(parallel.series(series.name))
            for value in series.values {
                let mine = try #require(other.value(value.statistic)?.value)
                #expect(abs(mine - value.value) <= 1e-9 * max(1, abs(value.value)), "\(series.name) \(value.statistic)")
            }
        }
    }
}

extension ReadersInputTests {
    @Test("size-limit --json: one resource per entry, sizes in bytes, time plugin values in ms; feeds a size budget")
    func sizeLimit() throws {
        let path = files.write("size-limit.json", """
            [
              {"name": "dist/main.js", "passed": true, "size": 482113, "sizeLimit": 500000},
              {"name": "dist/vendor.js", "passed": false, "size": 731002, "sizeLimit": 700000, "loading": 0.0143, "running": 0.2316}
            ]
            """)
        let result = try read(path)
        #expect(result.format == .sizeLimit)
        #expect(result.series.map(\.name) == ["dist/main.js", "dist/vendor.js"])
        #expect(result.series[0].value(.size)?.value == 482113)
        #expect(abs((result.series[1].value(PerfStatistic("running"))?.value ?? 0) - 231.6) < 1e-9)
        // The team's "main bundle < 500 KB" budget (budgets/frontend.json) meets it by file name.
        let budgets = try BudgetLoader().load(files: [TestFiles.repositoryRoot + "/budgets/frontend.json"])
        let evaluation = BudgetEvaluation(observations: result.observations, budgets: budgets, today: "2026-11-22")
        #expect(evaluation.results.first?.tier == .ok)
        #expect(evaluation.results.first?.value == 482113)
        #expect(failure(files.write("broken.json", #"[{"passed": true, "size": 1}]"#)) != nil)
    }
}
