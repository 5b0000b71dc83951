import Foundation
import Testing

@testable import QualityGate

/// Budget evaluation: tiers, 2× escalation, higher-is-better, waivers, unmatched budgets,
/// uncovered endpoints, most-specific claiming and how observations combine.
@Suite struct BudgetEvaluationTests {
    static func budgets(_ json: String) throws -> BudgetSet {
        try BudgetLoader().parse(json, file: "budgets/test.json")
    }

    static func endpoint(_ method: String?, _ path: String, _ statistic: String, _ value: Double, samples: Int? = nil, source: String = "k6.json") -> BudgetObservation {
        BudgetObservation(subject: .endpoint(method: method, path: path), statistic: statistic, value: value, samples: samples, source: source)
    }

    static func evaluate(_ json: String, _ observations: [BudgetObservation], today: String = "2026-11-22", templater: RouteTemplater? = nil) throws -> BudgetEvaluation {
        BudgetEvaluation(observations: observations, budgets: try budgets(json), today: today, templater: templater)
    }

    static let tasks = #"{"budgets": [{"id": "tasks", "endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "warning": "< 250 ms", "critical": "< 300 ms", "severity": "medium"}]}"#

    @Test(arguments: [
        (200.0, BudgetTier.ok, Severity.medium),
        (249.0, .ok, .medium),
        (250.0, .atRisk, .medium),
        (299.9, .atRisk, .medium),
        (300.0, .violated, .medium),
        (600.0, .violated, .medium),
        (600.5, .escalated, .critical),
    ])
    func tiersLowerIsBetter(_ value: Double, _ tier: BudgetTier, _ severity: Severity) throws {
        let evaluation = try Self.evaluate(Self.tasks, [Self.endpoint("GET", "/api/v1/app/tasks", "p95", value, samples: 1000)])
        let result = try #require(evaluation.results.first)
        #expect(result.tier == tier)
        #expect(result.measuredTier == tier)
        #expect(result.severity == severity)
        #expect(result.value == value)
        #expect(abs(result.ratio! - value / 300) < 1e-12)
        #expect(abs(result.headroom! - (300 - value) / 300) < 1e-12)
        #expect(result.observations == 1)
        #expect(result.samples == 1000)
        #expect(!result.isBound)
        #expect(evaluation.failed == tier.fails)
    }

    @Test func escalationSaysSo() throws {
        let evaluation = try Self.evaluate(Self.tasks, [Self.endpoint("GET", "/api/v1/app/tasks", "p95", 750)])
        let result = evaluation.results[0]
        #expect(result.tier == .escalated)
        #expect(result.ratio == 2.5)
        #expect(result.headroom == -1.5)
        #expect(result.message == "more than 2× the limit: escalated to critical")
    }

    @Test func inclusiveLimitAllowsTheLimitItself() throws {
        let json = #"{"budgets": [{"endpoint": "/x", "statistic": "p95", "critical": "300 ms"}]}"#
        #expect(try Self.evaluate(json, [Self.endpoint(nil, "/x", "p95", 300)]).results[0].tier == .ok)
        #expect(try Self.evaluate(json, [Self.endpoint(nil, "/x", "p95", 300.01)]).results[0].tier == .violated)
    }

    @Test(arguments: [
        (0.90, BudgetTier.ok),
        (0.85, .ok),
        (0.82, .atRisk),
        (0.80, .violated),
        (0.40, .violated),
        (0.39, .escalated),
    ])
    func tiersHigherIsBetter(_ value: Double, _ tier: BudgetTier) throws {
        let json = #"{"budgets": [{"id": "cache", "metric": "cache.hit_rate", "statistic": "ratio", "warning": "85 %", "critical": "> 80 %"}]}"#
        let observation = BudgetObservation(subject: .metric("cache.hit_rate"), statistic: "ratio", value: value, samples: nil, source: "app.prom")
        let result = try Self.evaluate(json, [observation]).results[0]
        #expect(result.budget.direction == .higherIsBetter)
        #expect(result.tier == tier)
        #expect(abs(result.headroom! - (value - 0.8) / 0.8) < 1e-12)
        #expect(result.severity == (tier == .escalated ? .critical : .high))
        if tier == .escalated { #expect(result.message == "below half the limit: escalated to critical") }
    }

    static let waived = #"""
        {"budgets": [{"id": "tasks", "endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "critical": "< 300 ms"}],
         "waivers": [{"budget": "tasks", "reason": "pagination rewrite in progress", "expires": "2026-12-31", "ticket": "PERF-123"}]}
        """#

    @Test func activeWaiverWaivesThroughItsLastDay() throws {
        for today in ["2026-11-22", "2026-12-31"] {
            let evaluation = try Self.evaluate(Self.waived, [Self.endpoint("GET", "/api/v1/app/tasks", "p95", 420)], today: today)
            let result = evaluation.results[0]
            #expect(result.tier == .waived)
            #expect(result.measuredTier == .violated)
            #expect(result.waiver?.ticket == "PERF-123")
            #expect(result.message == "waived until 2026-12-31: pagination rewrite in progress")
            #expect(!evaluation.failed)
            #expect(evaluation.problems.isEmpty)
        }
    }

    @Test func expiredWaiverFailsAndSaysSo() throws {
        for value in [420.0, 100.0] {
            let evaluation = try Self.evaluate(Self.waived, [Self.endpoint("GET", "/api/v1/app/tasks", "p95", value)], today: "2027-01-01")
            let result = evaluation.results[0]
            #expect(result.tier == .waiverExpired)
            #expect(result.measuredTier == (value > 300 ? .violated : .ok))
            #expect(result.message == "the waiver expired on 2026-12-31 (pagination rewrite in progress); renew it or remove it")
            #expect(evaluation.failed)
            #expect(evaluation.problems.map(\.description) == [
                "budgets/test.json:2:14: error: budget 'tasks': waiver expired on 2026-12-31 (pagination rewrite in progress)"
            ])
        }
    }

    @Test func unmatchedBudgetsSayWhy() throws {
        let json = #"""
            {"budgets": [
              {"id": "documents", "endpoint": "GET /api/v1/app/documents", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "tasks", "endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "critical": "< 300 ms"}
            ]}
            """#
        // autocannon reports p50, p90, p99 but no p95.
        let observations = ["p50": 80.0, "p90": 120, "p99": 310].map { Self.endpoint("GET", "/api/v1/app/tasks", $0.key, $0.value, source: "autocannon.json") }
            .sorted { $0.statistic < $1.statistic }
        let evaluation = try Self.evaluate(json, observations)
        #expect(evaluation.unmatched.map(\.budget.id) == ["documents", "tasks"])
        #expect(evaluation.results.allSatisfy { $0.tier == .noData && $0.value == nil && $0.observations == 0 })
        #expect(evaluation.results[0].message == "no measurement matches GET /api/v1/app/documents")
        #expect(evaluation.results[1].message == "GET /api/v1/app/tasks is measured (p50, p90, p99) but no input reports p95 (autocannon.json); qgate does not guess it")
        #expect(!evaluation.failed)
    }

    @Test func uncoveredEndpointsAreThoseWithoutALatencyBudget() throws {
        let json = #"""
            {"budgets": [
              {"endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "critical": "< 300 ms"},
              {"endpoint": "/api/v1/admin/*", "statistic": "p95", "critical": "< 500 ms"},
              {"endpoint": "**", "statistic": "rate_5xx", "critical": "< 0.1 %"}
            ]}
            """#
        let evaluation = try Self.evaluate(json, [
            Self.endpoint("GET", "/api/v1/app/tasks?page=2", "p95", 120, samples: 500),
            Self.endpoint("GET", "/api/v1/admin/users", "p95", 320, samples: 40),
            Self.endpoint("GET", "/api/v1/admin/users/7", "p95", 90, samples: 12),
            Self.endpoint("GET", "/api/v1/admin/users/7", "rate_5xx", 0, samples: 12),
            Self.endpoint("POST", "/api/v1/app/tasks", "p95", 210, samples: 80),
        ])
        #expect(evaluation.uncovered == [
            UncoveredEndpoint(endpoint: "GET /api/v1/admin/users/7", statistics: ["p95", "rate_5xx"], samples: 12),
            UncoveredEndpoint(endpoint: "POST /api/v1/app/tasks", statistics: ["p95"], samples: 80),
        ])
    }

    @Test func percentilesOfSeveralURLsAreBoundedNotAveraged() throws {
        let json = #"{"budgets": [{"id": "move", "endpoint": "POST /api/v1/app/tasks/{id}/move", "statistic": "p95", "critical": "< 200 ms"}]}"#
        let evaluation = try Self.evaluate(json, [
            Self.endpoint("POST", "/api/v1/app/tasks/1/move", "p95", 120, samples: 50),
            Self.endpoint("POST", "http://localhost:8080/api/v1/app/tasks/2/move?undo=false", "p95", 180, samples: 40),
            Self.endpoint("GET", "/api/v1/app/tasks/3/move", "p95", 900, samples: 5),
        ])
        let result = evaluation.results[0]
        #expect(result.value == 180)
        #expect(result.isBound)
        #expect(result.worst == "POST /api/v1/app/tasks/2/move")
        #expect(result.observations == 2)
        #expect(result.samples == 90)
        #expect(result.subjects == ["POST /api/v1/app/tasks/1/move", "POST /api/v1/app/tasks/2/move"])
        #expect(result.tier == .ok)
        #expect(result.message == "worst of 2 p95 values (POST /api/v1/app/tasks/2/move); an upper bound — percentiles are not averaged")

        // With the templates applied first, the route is one subject.
        let templater = RouteTemplater(templates: ["/api/v1/app/tasks/{id}/move"])
        let templated = try Self.evaluate(json, [Self.endpoint("POST", "/api/v1/app/tasks/1/move", "p95", 120)], templater: templater)
        #expect(templated.results[0].subjects == ["POST /api/v1/app/tasks/{id}/move"])
        #expect(!templated.results[0].isBound)
    }

    @Test func ratesAreWeightedBySamplesOrBoundedWithout() throws {
        let json = #"{"budgets": [{"id": "5xx", "endpoint": "**", "statistic": "rate_5xx", "critical": "< 0.1 %"}]}"#
        let weighted = try Self.evaluate(json, [
            Self.endpoint("GET", "/a", "rate_5xx", 0.002, samples: 1000),
            Self.endpoint("GET", "/b", "rate_5xx", 0, samples: 3000),
        ]).results[0]
        #expect(abs(weighted.value! - 0.0005) < 1e-15)
        #expect(!weighted.isBound)
        #expect(weighted.tier == .ok)
        #expect(abs(weighted.ratio! - 0.5) < 1e-9)

        let unknown = try Self.evaluate(json, [
            Self.endpoint("GET", "/a", "rate_5xx", 0.002),
            Self.endpoint("GET", "/b", "rate_5xx", 0, samples: 3000),
        ]).results[0]
        #expect(unknown.value == 0.002)
        #expect(unknown.isBound)
        #expect(unknown.tier == .violated)
    }

    @Test func mostSpecificBudgetClaimsAnEndpoint() throws {
        let json = #"""
            {"budgets": [
              {"id": "default", "endpoint": "**", "statistic": "p95", "critical": "< 1 s"},
              {"id": "any-tasks", "endpoint": "/api/v1/app/tasks", "statistic": "p95", "critical": "< 400 ms"},
              {"id": "get-tasks", "endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "admin", "endpoint": "/api/v1/admin/*", "statistic": "p95", "critical": "< 500 ms"},
              {"id": "admin-users", "endpoint": "/api/v1/admin/users", "statistic": "p95", "critical": "< 200 ms"}
            ]}
            """#
        let evaluation = try Self.evaluate(json, [
            Self.endpoint(nil, "GET /api/v1/app/tasks", "p95", 310),
            Self.endpoint("POST", "/api/v1/app/tasks", "p95", 350),
            Self.endpoint("GET", "/api/v1/admin/users", "p95", 150),
            Self.endpoint("GET", "/api/v1/admin/roles", "p95", 450),
            Self.endpoint("GET", "/health", "p95", 20),
            Self.endpoint("GET", "/api/v1/app/tasks", "p50", 90),
        ])
        let byID = Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.budget.id, $0) })
        #expect(byID["get-tasks"]?.value == 310)
        #expect(byID["get-tasks"]?.tier == .violated)
        #expect(byID["any-tasks"]?.value == 350)
        #expect(byID["any-tasks"]?.subjects == ["POST /api/v1/app/tasks"])
        #expect(byID["admin-users"]?.value == 150)
        #expect(byID["admin"]?.value == 450)
        #expect(byID["admin"]?.observations == 1)
        #expect(byID["default"]?.subjects == ["GET /health"])
        #expect(byID["default"]?.value == 20)
        #expect(evaluation.uncovered.isEmpty)
    }

    @Test func sizesAddUpOverMatchingResources() throws {
        let json = #"{"budgets": [{"id": "main", "resource": "main*.js", "statistic": "size_gzip", "critical": "< 500 KB"}]}"#
        func size(_ name: String, _ bytes: Double, source: String = "size.json") -> BudgetObservation {
            BudgetObservation(subject: .resource(name), statistic: "size_gzip", value: bytes, samples: nil, source: source)
        }
        let one = try Self.evaluate(json, [size("dist/main.3f2a.js", 400_000), size("dist/vendor.js", 900_000)]).results[0]
        #expect(one.value == 400_000)
        #expect(one.tier == .ok)
        #expect(one.ratio == 0.8)
        // Two chunks count together; the same chunk read twice (two tools) counts once, at its largest.
        let two = try Self.evaluate(json, [
            size("main.a.js", 300_000), size("main.b.js", 250_000), size("main.b.js", 240_000, source: "lighthouse.json"),
        ]).results[0]
        #expect(two.value == 550_000)
        #expect(two.tier == .violated)
        #expect(abs(two.ratio! - 1.1) < 1e-12)
        #expect(!two.isBound)
    }

    @Test func countsAndMaximaCombineExactly() throws {
        let json = #"""
            {"budgets": [
              {"id": "max", "endpoint": "/api/**", "statistic": "max", "critical": "2 s"},
              {"id": "count", "endpoint": "/api/**", "statistic": "count", "critical": "> 100"},
              {"id": "mean", "endpoint": "/api/**", "statistic": "avg", "critical": "100 ms"}
            ]}
            """#
        let evaluation = try Self.evaluate(json, [
            Self.endpoint("GET", "/api/a", "max", 1500, samples: 10), Self.endpoint("GET", "/api/b", "max", 2500, samples: 30),
            Self.endpoint("GET", "/api/a", "count", 10), Self.endpoint("GET", "/api/b", "count", 30),
            Self.endpoint("GET", "/api/a", "mean", 50, samples: 10), Self.endpoint("GET", "/api/b", "mean", 150, samples: 30),
        ])
        #expect(evaluation.results.map(\.value) == [2500, 40, 125])
        #expect(evaluation.results.map(\.tier) == [.violated, .escalated, .violated])  // 40 is below half of 100
        #expect(evaluation.results.map(\.isBound) == [false, false, false])
        #expect(evaluation.results[1].budget.direction == .higherIsBetter)
    }

    @Test func observationStatisticAliasesAndLabelsAreNormalised() throws {
        let json = #"{"budgets": [{"id": "median", "endpoint": "GET /api/v1/app/projects", "statistic": "p50", "critical": "< 100 ms"}]}"#
        let result = try Self.evaluate(json, [Self.endpoint(nil, "GET https://app.example.com/api/v1/app/projects?limit=20", "median", 42)]).results[0]
        #expect(result.value == 42)
        #expect(result.subjects == ["GET /api/v1/app/projects"])
    }
}

/// The example budgets in `budgets/` against one realistic run: every team target is met,
/// missed or reported as unmeasured exactly as the plan reads.
@Suite struct BudgetExampleRunTests {
    @Test func teamTargetsOverOneRun() throws {
        let budgets = try BudgetLoader().load(directory: BudgetLoaderTests.repository + "/budgets")
        func endpoint(_ method: String, _ path: String, _ statistic: String, _ value: Double, _ samples: Int) -> BudgetObservation {
            BudgetObservation(subject: .endpoint(method: method, path: path), statistic: statistic, value: value, samples: samples, source: "k6-summary.json")
        }
        var observations = [
            endpoint("GET", "/api/v1/app/projects", "p95", 212, 1200),
            endpoint("GET", "/api/v1/app/tasks?page=1", "p95", 287, 2400),
            endpoint("GET", "/api/v1/app/dashboard", "p95", 1_040, 600),
            endpoint("POST", "/api/v1/app/tasks/41/move", "p95", 150, 300),
            endpoint("POST", "/api/v1/app/tasks/42/move", "p95", 231, 280),
            endpoint("GET", "/api/v1/admin/users", "p95", 480, 90),
            endpoint("GET", "/api/v1/admin/audit", "p95", 350, 60),
            endpoint("GET", "/api/v1/app/search", "p95", 95, 400),
        ]
        for (path, samples) in [("/api/v1/app/projects", 1200), ("/api/v1/app/tasks", 2400), ("/api/v1/app/dashboard", 600)] {
            observations.append(endpoint("GET", path, "rate_5xx", path.hasSuffix("dashboard") ? 0.005 : 0, samples))
            observations.append(endpoint("GET", path, "rate_4xx", 0.004, samples))
        }
        observations.append(BudgetObservation(subject: .metric("cache.hit_rate"), statistic: "ratio", value: 0.83, source: "app.prom"))
        observations.append(BudgetObservation(subject: .resource("dist/main.8c1f2e.js"), statistic: "size", value: 512_400, source: "size-limit.json"))

        let evaluation = BudgetEvaluation(observations: observations, budgets: budgets, today: "2026-11-22")
        let tiers = Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.budget.id, $0.tier) })
        #expect(tiers == [
            "projects-list-p95": .ok, "tasks-list-p95": .ok, "documents-list-p95": .noData, "dashboard-p95": .escalated,
            "task-move-p95": .violated, "admin-p95": .ok, "http-5xx-rate": .ok, "http-4xx-rate": .ok,
            "main-bundle-gzip": .violated, "cache-hit-rate": .ok, "ws-delivery-p95": .noData,
        ])
        let byID = Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.budget.id, $0) })
        // 5xx: the dashboard's 0.5 % of 600 requests is 3 of 4200 overall = 0.071 %, within 0.1 %.
        #expect(abs(byID["http-5xx-rate"]!.value! - 3.0 / 4200) < 1e-15)
        #expect(byID["task-move-p95"]!.isBound)
        #expect(byID["task-move-p95"]!.value == 231)
        #expect(byID["admin-p95"]!.value == 480)
        #expect(abs(byID["main-bundle-gzip"]!.ratio! - 1.0248) < 1e-12)
        #expect(evaluation.uncovered.map(\.endpoint) == ["GET /api/v1/app/search"])
        #expect(evaluation.table.prefix(3).map(\.budget.id) == ["dashboard-p95", "task-move-p95", "main-bundle-gzip"])
        #expect(evaluation.failed)
    }
}

@Suite struct PerfMeasuresTests {
    @Test func metricsNameEndpointsClassesAndCacheHits() {
        let observations = [
            BudgetObservation(subject: .endpoint(method: "GET", path: "/api/v1/app/tasks"), statistic: "p95", value: 210, samples: 400, source: "a.jtl"),
            BudgetObservation(subject: .endpoint(method: "GET", path: "/api/v1/app/tasks"), statistic: "rate_5xx", value: 0.01, samples: 400, source: "a.jtl"),
            BudgetObservation(subject: .endpoint(method: "POST", path: "/api/v1/app/tasks"), statistic: "rate_5xx", value: 0, samples: 600, source: "a.jtl"),
            BudgetObservation(subject: .endpoint(method: "GET", path: "/api/v1/app/tasks"), statistic: "count", value: 400, samples: 400, source: "a.jtl"),
            BudgetObservation(subject: .metric("cache_hit"), statistic: "ratio", value: 0.83, source: "k6.json"),
            BudgetObservation(subject: .resource("main.js"), statistic: "size_gzip", value: 480_000, source: "size.json"),
        ]
        let metrics = Dictionary(uniqueKeysWithValues: PerfMeasures.metrics(observations).map { ($0.seriesName, $0.value) })
        #expect(metrics[#"latency.p95_ms{endpoint="GET /api/v1/app/tasks"}"#] == 210)
        #expect(metrics[#"http.requests{endpoint="GET /api/v1/app/tasks"}"#] == 400)
        // 4 failed of 1000 requests, from counts, not the mean of two rates.
        #expect(abs((metrics[#"http.error_rate{class="5xx"}"#] ?? 0) - 0.4) < 1e-9)
        #expect(metrics["cache.hit_rate"] == 83)
        #expect(metrics[#"size.gzip_kb{resource="main.js"}"#] == 480)
    }
}
