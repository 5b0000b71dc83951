import Foundation
import Testing

/// Performance budgets in `qgate check`, through the built binary: results read from a real
/// load-test format, budgets held to them, the verdict's exit code, JSON and markdown.
@Suite("Performance budgets through the qgate binary")
struct PerformanceGateTests {
    let runner = QGateBinaryTests()

    /// A Locust `--csv` stats file: GET /tasks p95 620 ms (budget 300: more than 2x, escalated),
    /// GET /projects p95 260 ms (warning line 250: at risk), POST /tasks/{id}/move p95 90 ms.
    static let locust = """
        Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
        GET,/api/v1/app/tasks,1000,2,300,320.5,40,900,512,20.1,0.04,300,350,400,450,550,620,700,800,880,900,900
        GET,/api/v1/app/projects,800,0,120,130.2,30,400,256,16.0,0.0,120,140,160,180,220,260,300,350,390,400,400
        POST,/api/v1/app/tasks/77/move,300,0,50,55.0,20,150,64,6.0,0.0,50,60,65,70,80,90,110,130,150,150,150
        ,Aggregated,2100,2,150,200.0,20,900,300,42.1,0.04,150,200,250,300,450,560,650,750,850,900,900
        """

    static let budgets = """
        {"version": 1, "budgets": [
          {"id": "tasks-p95", "endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "critical": "< 300 ms"},
          {"id": "projects-p95", "endpoint": "GET /api/v1/app/projects", "statistic": "p95",
           "warning": "< 250 ms", "critical": "< 300 ms"},
          {"id": "move-p95", "endpoint": "POST /api/v1/app/tasks/{id}/move", "statistic": "p95", "critical": "< 200 ms"},
          {"id": "documents-p95", "endpoint": "GET /api/v1/app/documents", "statistic": "p95", "critical": "< 300 ms"}
        ]}
        """

    func setUp(budgets: String = budgets, extraKPI: String = "") -> String {
        let folder = runner.temporaryFolder()
        runner.write(Self.locust, to: folder + "/perf/run_stats.csv")
        runner.write(budgets, to: folder + "/budgets/api.json")
        runner.write("""
            inputs:
              - path: perf/run_stats.csv
            performance:
              budgets: budgets
            kpis:\(extraKPI.isEmpty ? " []" : "\n" + extraKPI)
            """, to: folder + "/qgate.yml")
        return folder
    }

    @Test func aBudgetMoreThanTwicePastItsLimitFailsAsCritical() throws {
        let folder = setUp()
        let run = try runner.qgate(["check", "--config", folder + "/qgate.yml", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(verdict["results"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["budget.tasks-p95"]?["status"] as? String == "OFF_TRACK")
        #expect(byID["budget.tasks-p95"]?["severity"] as? String == "critical")
        #expect(byID["budget.tasks-p95"]?["value"] as? Double == 620)
        #expect(byID["budget.tasks-p95"]?["blocking"] as? Bool == true)
        #expect(byID["budget.projects-p95"]?["status"] as? String == "AT_RISK")
        // The concrete URL /api/v1/app/tasks/77/move falls under the templated budget.
        #expect(byID["budget.move-p95"]?["status"] as? String == "ON_TRACK")
        #expect(byID["budget.move-p95"]?["value"] as? Double == 90)
        let performance = try #require(verdict["performance"] as? [String: Any])
        let rows = try #require(performance["budgets"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["tasks-p95", "projects-p95", "documents-p95", "move-p95"])
        #expect(rows.first?["tier"] as? String == "escalated")
        #expect(rows[2]["tier"] as? String == "no_data")
        // Metrics for KPIs written without a budget file.
        let metrics = try #require(verdict["metrics"] as? [[String: Any]])
        let p95 = metrics.first {
            $0["name"] as? String == "latency.p95_ms" && ($0["labels"] as? [String: String])?["endpoint"] == "GET /api/v1/app/tasks"
        }
        #expect(p95?["value"] as? Double == 620)
    }

    @Test func markdownListsBudgetsWorstFirst() throws {
        let folder = setUp()
        let run = try runner.qgate(["check", "--config", folder + "/qgate.yml", "--format", "markdown"])
        #expect(run.status == 1)
        let section = try #require(run.stdout.range(of: "### ⏱️ Performance budgets"))
        let table = String(run.stdout[section.upperBound...])
        let tasks = try #require(table.range(of: #"tasks\-p95"#))  // markdown-escaped
        let projects = try #require(table.range(of: #"projects\-p95"#))
        #expect(tasks.lowerBound < projects.lowerBound)
        #expect(table.contains("| 620 ms | &lt; 300 ms | 2.07× |"))
        #expect(table.contains("**violated ×2 (critical)**"))
    }

    @Test func aWaiverHoldsUntilItExpiresAndThenFails() throws {
        let waived = Self.budgets.replacingOccurrences(of: "\n]}", with: """
            ],
            "waivers": [{"budget": "tasks-p95", "reason": "pagination rewrite (PERF-7)", "expires": "2999-12-31"}]}
            """)
        let folder = setUp(budgets: waived)
        let run = try runner.qgate(["check", "--config", folder + "/qgate.yml"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let expired = waived.replacingOccurrences(of: "2999-12-31", with: "2020-01-31")
        let folder2 = setUp(budgets: expired)
        let failed = try runner.qgate(["check", "--config", folder2 + "/qgate.yml"])
        #expect(failed.status == 1)
        #expect((failed.stdout + failed.stderr).contains("2020-01-31"))
    }

    @Test func aBrokenBudgetFileIsAnInputErrorNamingItsLine() throws {
        let folder = setUp(budgets: "{\"version\": 1, \"budgets\": [\n  {\"id\": \"x\", \"endpoint\": \"GET /a\", \"statistic\": \"p95\", \"critical\": \"< 3 parsecs\"}\n]}")
        let run = try runner.qgate(["check", "--config", folder + "/qgate.yml"])
        #expect(run.status == 3, "\(run.stdout)")
        #expect((run.stdout + run.stderr).contains("api.json:2:"))
    }
}
