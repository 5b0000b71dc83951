import Foundation
import Testing

@testable import QualityGate

/// The budget file format: the example budgets in `budgets/`, unit conversion, direction
/// inference, and bad input refused with a one-line message naming file, pointer, line, column.
@Suite struct BudgetLoaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func budget(_ set: BudgetSet, _ id: String) throws -> Budget {
        try #require(set.budgets.first { $0.id == id })
    }

    /// One budget with `members` (JSON text) as its only budget.
    static func one(_ members: String, file: String = "b.json") throws -> Budget {
        let set = try BudgetLoader().parse("{\"budgets\": [{\(members)}]}", file: file)
        return try #require(set.budgets.first)
    }

    static func error(_ text: String, file: String = "budgets/b.json") -> BudgetError? {
        do {
            _ = try BudgetLoader().parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func exampleBudgetsExpressTheTeamTargets() throws {
        let set = try BudgetLoader().load(directory: Self.repository + "/budgets")
        #expect(set.files.map { ($0 as NSString).lastPathComponent } == ["api.json", "frontend.json", "runtime.json"])
        #expect(set.budgets.count == 11)
        #expect(set.waivers.isEmpty)

        for id in ["projects-list-p95", "tasks-list-p95", "documents-list-p95"] {
            let budget = try Self.budget(set, id)
            guard case .endpoint(let method, let route) = budget.selector else {
                Issue.record("\(id) is not an endpoint budget")
                continue
            }
            #expect(method == "GET")
            #expect(route.description.hasPrefix("/api/v1/app/"))
            #expect(budget.statistic.name == "p95")
            #expect(budget.critical?.value == 300)
            #expect(budget.critical?.inclusive == false)
            #expect(budget.direction == .lowerIsBetter)
            #expect(budget.unit?.symbol == "ms")
        }
        let dashboard = try Self.budget(set, "dashboard-p95")
        #expect(dashboard.selector == .endpoint(method: nil, route: RouteTemplate("/api/v1/app/dashboard")))
        #expect(dashboard.critical?.value == 500)
        let move = try Self.budget(set, "task-move-p95")
        #expect(move.selector == .endpoint(method: "POST", route: RouteTemplate("/api/v1/app/tasks/{id}/move")))
        #expect(move.critical?.value == 200)
        let admin = try Self.budget(set, "admin-p95")
        #expect(admin.selector == .endpoint(method: nil, route: RouteTemplate("/api/v1/admin/*")))
        #expect(admin.critical?.value == 500)

        let fiveXX = try Self.budget(set, "http-5xx-rate")
        #expect(fiveXX.statistic.name == "rate_5xx")
        #expect(abs(fiveXX.critical!.value - 0.001) < 1e-15)
        #expect(fiveXX.direction == .lowerIsBetter)
        #expect(fiveXX.selector == .endpoint(method: nil, route: RouteTemplate("**")))
        let fourXX = try Self.budget(set, "http-4xx-rate")
        #expect(abs(fourXX.critical!.value - 0.01) < 1e-15)

        let cache = try Self.budget(set, "cache-hit-rate")
        #expect(cache.direction == .higherIsBetter)
        #expect(abs(cache.critical!.value - 0.8) < 1e-15)
        #expect(cache.critical?.inclusive == false)

        let bundle = try Self.budget(set, "main-bundle-gzip")
        #expect(bundle.statistic.name == "size")
        #expect(bundle.critical?.value == 500_000)
        #expect(bundle.selector == .resource(PathPattern("main*.js")))

        let ws = try Self.budget(set, "ws-delivery-p95")
        #expect(ws.selector == .metric(PathPattern("ws*deliver*")))
        #expect(cache.selector == .metric(PathPattern("cache*hit*")))
        #expect(ws.critical?.value == 100)
    }

    @Test func readmeExampleLoads() throws {
        let readme = try String(contentsOfFile: Self.repository + "/budgets/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```json\n"))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let set = try BudgetLoader().parse(String(readme[start.upperBound..<end.lowerBound]), file: "budgets/README.md")
        #expect(set.budgets.map(\.id) == ["tasks-list-p95", "http-5xx-rate", "cache-hit-rate", "main-bundle-gzip"])
        #expect(set.budgets[0].warning?.value == 250)
        #expect(set.waivers.map(\.expires) == ["2026-12-31"])
    }

    struct Conversion: Sendable, CustomTestStringConvertible {
        var statistic: String
        var members: String
        var canonical: Double
        var testDescription: String { "\(statistic) \(members)" }
    }

    static let conversions: [Conversion] = [
        Conversion(statistic: "p95", members: #""critical": "< 300 ms""#, canonical: 300),
        Conversion(statistic: "p95", members: #""critical": "0.3 s""#, canonical: 300),
        Conversion(statistic: "p95", members: #""critical": "250000 us""#, canonical: 250),
        Conversion(statistic: "p95", members: #""critical": "250000µs""#, canonical: 250),
        Conversion(statistic: "p95", members: #""critical": "5e8 ns""#, canonical: 500),
        Conversion(statistic: "p95", members: #""critical": 0.5, "unit": "s""#, canonical: 500),
        Conversion(statistic: "p95", members: #""critical": 300, "unit": "ms""#, canonical: 300),
        Conversion(statistic: "size", members: #""critical": "500 KB""#, canonical: 500_000),
        Conversion(statistic: "size", members: #""critical": "500 kB""#, canonical: 500_000),
        Conversion(statistic: "size", members: #""critical": "500 KiB""#, canonical: 512_000),
        Conversion(statistic: "size", members: #""critical": "1.5 MB""#, canonical: 1_500_000),
        Conversion(statistic: "size", members: #""critical": "2 MiB""#, canonical: 2_097_152),
        Conversion(statistic: "size_gzip", members: #""critical": 1024, "unit": "B""#, canonical: 1024),
        Conversion(statistic: "rate_5xx", members: #""critical": "0.1 %""#, canonical: 0.001),
        Conversion(statistic: "error_rate", members: #""critical": 0.25"#, canonical: 0.25),
        Conversion(statistic: "error_rate", members: #""critical": 2, "unit": "%""#, canonical: 0.02),
        Conversion(statistic: "throughput", members: #""critical": "> 120 rpm""#, canonical: 2),
        Conversion(statistic: "throughput", members: #""critical": "> 50 /s""#, canonical: 50),
        Conversion(statistic: "count", members: #""critical": 12"#, canonical: 12),
    ]

    @Test(arguments: conversions)
    func unitsConvertToCanonical(_ conversion: Conversion) throws {
        let selector = conversion.statistic.hasPrefix("size") ? #""resource": "main.js""# : #""endpoint": "/x""#
        let budget = try Self.one("\(selector), \"statistic\": \"\(conversion.statistic)\", \(conversion.members)")
        let value = try #require(budget.critical?.value)
        #expect(abs(value - conversion.canonical) <= 1e-9 * max(1, conversion.canonical))
    }

    @Test func statisticSpellings() {
        #expect(BudgetStatistic("P95")?.name == "p95")
        #expect(BudgetStatistic("p(95)")?.name == "p95")
        #expect(BudgetStatistic("p99.9")?.name == "p99.9")
        #expect(BudgetStatistic("median")?.name == "p50")
        #expect(BudgetStatistic("avg")?.name == "mean")
        #expect(BudgetStatistic("gzip_size")?.name == "size_gzip")
        #expect(BudgetStatistic("p100") == nil)
        #expect(BudgetStatistic("p95th") == nil)
        #expect(BudgetStatistic("latency") == nil)
    }

    @Test func directionIsInferredWhenNotWritten() throws {
        #expect(try Self.one(#""endpoint": "/x", "statistic": "p95", "critical": "300 ms""#).direction == .lowerIsBetter)
        #expect(try Self.one(#""endpoint": "/x", "statistic": "throughput", "critical": 100"#).direction == .higherIsBetter)
        #expect(try Self.one(#""metric": "cache.hit_rate", "statistic": "ratio", "critical": "80 %""#).direction == .higherIsBetter)
        #expect(try Self.one(#""metric": "cache.miss_ratio", "statistic": "ratio", "critical": "20 %""#).direction == .lowerIsBetter)
        #expect(try Self.one(#""metric": "x.y", "statistic": "ratio", "critical": "20 %", "direction": "lower""#).direction == .lowerIsBetter)
        // A comparison states the direction: a p95 that must stay above a floor.
        #expect(try Self.one(#""metric": "x.y", "statistic": "p95", "critical": "> 5 ms""#).direction == .higherIsBetter)
        // A line without a comparison allows the limit itself.
        #expect(try Self.one(#""endpoint": "/x", "statistic": "p95", "critical": "300 ms""#).critical?.inclusive == true)
    }

    @Test func derivedIdNamesSelectorAndStatistic() throws {
        let set = try BudgetLoader().parse(#"{"budgets": [{"endpoint": "get /api/v1/app/tasks", "statistic": "P95", "critical": "< 300 ms"}]}"#, file: "b.json")
        #expect(set.budgets.map(\.id) == ["GET /api/v1/app/tasks p95"])
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var message: String
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "malformed JSON", text: "{\n  \"budgets\": [\n", message: "budgets/b.json:3:1: error: invalid JSON: the document ends where a value was expected"),
        BadInput(label: "empty file", text: "", message: "budgets/b.json:1:1: error: invalid JSON: the document ends where a value was expected"),
        BadInput(
            label: "misspelt member",
            text: "{\n  \"budgets\": [\n    {\"endpoint\": \"GET /x\", \"statistic\": \"p95\", \"critcal\": \"< 300 ms\"}\n  ]\n}\n",
            message: "budgets/b.json:3:59: error: /budgets/0/critcal: unknown member 'critcal' in a budget; did you mean 'critical'?"),
        BadInput(
            label: "size unit on a latency",
            text: "{\n  \"budgets\": [\n    {\"endpoint\": \"GET /x\", \"statistic\": \"p95\", \"critical\": \"500 KB\"}\n  ]\n}\n",
            message: "budgets/b.json:3:60: error: /budgets/0/critical: unit 'KB' does not fit the statistic p95 (ns, us, µs, ms, s)"),
        BadInput(
            label: "latency without unit", text: #"{"budgets": [{"endpoint": "/x", "statistic": "p95", "critical": 300}]}"#,
            message: "budgets/b.json:1:65: error: /budgets/0/critical: the critical line '300' has no unit; write it as \"300 ms\" or set \"unit\""),
        BadInput(
            label: "unknown unit", text: #"{"budgets": [{"endpoint": "/x", "statistic": "p95", "critical": "< 300 mss"}]}"#,
            message: "budgets/b.json:1:65: error: /budgets/0/critical: unknown unit 'mss' in '< 300 mss' (ns, us, µs, ms, s, B, KB, kB, KiB, MB, MiB, GB, GiB, %, /s, rps, /min, rpm)"),
        BadInput(
            label: "rate above 1 without unit", text: #"{"budgets": [{"endpoint": "**", "statistic": "rate_5xx", "critical": 5}]}"#,
            message: "budgets/b.json:1:70: error: /budgets/0/critical: the critical line '5' is a rate above 1; write a percentage (\"5 %\") or a fraction 0…1"),
        BadInput(
            label: "unknown statistic", text: #"{"budgets": [{"endpoint": "/x", "statistic": "p95th", "critical": "1 s"}]}"#,
            message: "budgets/b.json:1:46: error: /budgets/0/statistic: unknown statistic 'p95th' (p50, p75, p90, p95, p99, mean, min, max, count, error_rate, rate_5xx, rate_4xx, ratio, throughput, size, size_gzip, or pNN for any percentile); did you mean 'p95'?"),
        BadInput(
            label: "warning beyond critical",
            text: #"{"budgets": [{"endpoint": "/x", "statistic": "p95", "warning": "< 350 ms", "critical": "< 300 ms"}]}"#,
            message: "budgets/b.json:1:64: error: /budgets/0/warning: the warning line '< 350 ms' lies beyond the critical line '< 300 ms'; with lower better, the warning must be lower"),
        BadInput(
            label: "comparison against direction",
            text: #"{"budgets": [{"metric": "cache.hit_rate", "statistic": "ratio", "direction": "lower", "critical": "> 80 %"}]}"#,
            message: "budgets/b.json:1:99: error: /budgets/0/critical: '> 80 %' says higher is better, but 'direction' or the other line says lower"),
        BadInput(
            label: "ratio without a direction", text: #"{"budgets": [{"metric": "compression", "statistic": "ratio", "critical": "50 %"}]}"#,
            message: "budgets/b.json:1:14: error: /budgets/0: say which way is better for 'compression' ratio: \"direction\": \"higher\" or \"lower\" (or write the line as \"> 80 %\")"),
        BadInput(
            label: "no selector", text: #"{"budgets": [{"statistic": "p95", "critical": "1 s"}]}"#,
            message: "budgets/b.json:1:14: error: /budgets/0: a budget needs one of 'endpoint', 'resource' or 'metric' (what it covers)"),
        BadInput(
            label: "two selectors", text: #"{"budgets": [{"endpoint": "/x", "metric": "m", "statistic": "p95", "critical": "1 s"}]}"#,
            message: "budgets/b.json:1:14: error: /budgets/0: a budget covers one thing: 'endpoint' and 'metric' together"),
        BadInput(
            label: "no line", text: #"{"budgets": [{"endpoint": "/x", "statistic": "p95"}]}"#,
            message: "budgets/b.json:1:14: error: /budgets/0: a budget needs a 'critical' line (the budget itself, e.g. \"< 300 ms\") and/or a 'warning' line"),
        BadInput(
            label: "not an HTTP method", text: #"{"budgets": [{"endpoint": "FETCH /x", "statistic": "p95", "critical": "1 s"}]}"#,
            message: "budgets/b.json:1:27: error: /budgets/0/endpoint: 'FETCH' is not an HTTP method; write \"GET /api/v1/app/tasks\" or just the route"),
        BadInput(
            label: "query string in a route", text: #"{"budgets": [{"endpoint": "GET /x?page=1", "statistic": "p95", "critical": "1 s"}]}"#,
            message: "budgets/b.json:1:27: error: /budgets/0/endpoint: the route '/x?page=1' has a query string or fragment; budgets match the path only (queries are ignored when matching)"),
        BadInput(
            label: "version 2", text: #"{"version": 2, "budgets": []}"#,
            message: "budgets/b.json:1:13: error: /version: unsupported version 2; only version 1 exists"),
        BadInput(
            label: "waiver for an unknown budget",
            text: #"{"budgets": [{"id": "tasks-p95", "endpoint": "/x", "statistic": "p95", "critical": "1 s"}], "waivers": [{"budget": "task-p95", "reason": "rewrite", "expires": "2026-12-31"}]}"#,
            message: "budgets/b.json:1:105: error: /waivers/0: waiver for budget 'task-p95', which no loaded budget file defines; did you mean 'tasks-p95'?"),
        BadInput(
            label: "waiver without a reason",
            text: #"{"budgets": [], "waivers": [{"budget": "x", "expires": "2026-12-31"}]}"#,
            message: "budgets/b.json:1:29: error: /waivers/0: waiver without 'reason' (why the budget may be missed for now)"),
        BadInput(
            label: "waiver with a bad date",
            text: #"{"budgets": [], "waivers": [{"budget": "x", "reason": "r", "expires": "2026-02-30"}]}"#,
            message: "budgets/b.json:1:71: error: /waivers/0/expires: '2026-02-30' is not a date (yyyy-mm-dd)"),
        BadInput(
            label: "duplicate id",
            text: #"{"budgets": [{"id": "a", "endpoint": "/x", "statistic": "p95", "critical": "1 s"}, {"id": "a", "endpoint": "/y", "statistic": "p95", "critical": "1 s"}]}"#,
            message: "budgets/b.json:1:84: error: /budgets/1: budget id 'a' is already used at budgets/b.json:1:14; ids must be unique"),
    ]

    @Test(arguments: badInputs)
    func badInputIsRefusedWithOneLocatedLine(_ input: BadInput) throws {
        let error = try #require(Self.error(input.text))
        #expect(error.description == input.message)
        #expect(!error.description.contains("\n"))
    }

    @Test func duplicateIdAcrossFilesAndMissingFiles() throws {
        let files = TestFiles()
        let a = files.write("budgets/a.json", #"{"budgets": [{"id": "x", "endpoint": "/x", "statistic": "p95", "critical": "1 s"}]}"#)
        let b = files.write("budgets/b.json", "{\"budgets\": [\n  {\"id\": \"x\", \"metric\": \"m\", \"statistic\": \"p95\", \"critical\": \"1 s\"}\n]}")
        #expect(throws: BudgetError.duplicateID(id: "x", file: b, pointer: "/budgets/0", line: 2, column: 3, first: a + ":1:14")) {
            try BudgetLoader().load(directory: files.folder + "/budgets")
        }
        #expect(throws: BudgetError.unreadable(file: files.folder + "/none.json", reason: "no such file")) {
            try BudgetLoader().load(files: [files.folder + "/none.json"])
        }
        #expect(throws: BudgetError.unreadable(file: files.folder + "/nowhere", reason: "no such folder")) {
            try BudgetLoader().load(directory: files.folder + "/nowhere")
        }
        #expect(throws: BudgetError.unreadable(file: a, reason: "not a folder")) {
            try BudgetLoader().load(directory: a)
        }
        // A waiver may name a budget of another file.
        let c = files.write("other/c.json", #"{"budgets": [], "waivers": [{"budget": "x", "reason": "r", "expires": "2030-01-01"}]}"#)
        let set = try BudgetLoader().load(files: [a, c])
        #expect(set.waivers.map(\.budget) == ["x"])
    }
}
