import Foundation
import Testing

/// `qgate inspect` on performance results, through the built binary.
extension QGateBinaryTests {
    static let perfCorpus = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared/conformance/perf").path

    @Test("inspect --format json on a k6 summary: per-series statistics, source units, what is lacking, thresholds")
    func inspectK6JSON() throws {
        let path = Self.perfCorpus + "/ICTU-quality-time/k6_handlesummary.json"
        let run = try qgate(["inspect", "--format", "json", path])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        let report = try #require(files.first?["report"] as? [String: Any])
        #expect(report["format"] as? String == "k6-summary")
        let performance = try #require(report["performance"] as? [String: Any])
        let series = try #require(performance["series"] as? [[String: Any]])
        let all = try #require(series.first { $0["kind"] as? String == "aggregate" })
        #expect(all["lacking"] as? [String] == ["p90", "p95", "p99"])
        let values = try #require(all["values"] as? [[String: Any]])
        let p98 = try #require(values.first { $0["statistic"] as? String == "p98" })
        #expect((p98["value"] as? Double).map { abs($0 - 241.06767703999992) < 1e-9 } == true)
        #expect(p98["unit"] as? String == "ms")
        #expect(p98["source_unit"] as? String == "ms")
        let thresholds = try #require(performance["thresholds"] as? [[String: Any]])
        #expect(thresholds.contains { $0["expression"] as? String == "p(98)<200" && $0["passed"] as? Bool == false })
    }

    @Test("inspect text on a JTL: per-endpoint percentiles, and what a summary source lacks")
    func inspectJTLText() throws {
        let run = try qgate(["inspect", Self.perfCorpus + "/ICTU-quality-time/jmeter_jtl.csv", Self.perfCorpus + "/mcollina-autocannon/example-result.json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("jmeter-jtl-csv (CSV header with elapsed and label columns (JMeter JTL))"))
        #expect(run.stdout.contains("endpoint /api/programmas/zoek: p50=16ms p90=26.7ms p95=70.35ms p99=105.27ms"))
        #expect(run.stdout.contains("lacks p95"))
    }

    @Test("inspect on a JTL with too many malformed rows: one line naming file and line, exit 3")
    func inspectBadJTL() throws {
        let folder = temporaryFolder()
        let path = folder + "/broken.jtl"
        write("timeStamp,elapsed,label,responseCode,success\n1,10,/a,200,true\n2,oops,/a,200,true\n3,12,/a,200,true\n", to: path)
        let run = try qgate(["inspect", path])
        #expect(run.status == 3)
        #expect(run.stderr == "qgate: \(path):3: error: invalid JMeter JTL CSV data: 1 of 3 rows are malformed (more than 1 % or 1000 fails the input); first at line 3: elapsed 'oops' is not a number of milliseconds\n")
    }
}
