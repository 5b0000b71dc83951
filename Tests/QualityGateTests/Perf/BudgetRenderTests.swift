import Foundation
import Testing

@testable import QualityGate

/// The budget table: sorted by headroom with violations first, then at risk; the markdown
/// and text renderings of its rows.
@Suite struct BudgetRenderTests {
    static func evaluation() throws -> BudgetEvaluation {
        let json = #"""
            {"budgets": [
              {"id": "a-ok", "endpoint": "/a", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "b-violated", "endpoint": "/b", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "c-escalated", "endpoint": "/c", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "d-risk", "endpoint": "/d", "statistic": "p95", "warning": "< 250 ms", "critical": "< 300 ms"},
              {"id": "e-nodata", "endpoint": "/e", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "f-waived", "endpoint": "/f", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "g-ok", "endpoint": "/g", "statistic": "p95", "critical": "< 300 ms"},
              {"id": "h-5xx", "endpoint": "**", "statistic": "rate_5xx", "critical": "< 0.1 %"}
            ],
            "waivers": [{"budget": "f-waived", "reason": "known slow", "expires": "2026-12-31"}]}
            """#
        let budgets = try BudgetLoader().parse(json, file: "budgets/test.json")
        let values: [(String, Double)] = [("/a", 150), ("/b", 360), ("/c", 750), ("/d", 270), ("/f", 400), ("/g", 270), ("/x", 10)]
        var observations = values.map {
            BudgetObservation(subject: .endpoint(method: "GET", path: $0.0), statistic: "p95", value: $0.1, samples: 100, source: "k6.json")
        }
        observations.append(BudgetObservation(subject: .endpoint(method: "GET", path: "/a"), statistic: "rate_5xx", value: 0.0005, samples: 2000, source: "k6.json"))
        return BudgetEvaluation(observations: observations, budgets: budgets, today: "2026-11-22")
    }

    @Test func tableIsSortedViolationsFirstThenAtRiskThenByHeadroom() throws {
        let evaluation = try Self.evaluation()
        #expect(evaluation.table.map(\.budget.id) == ["c-escalated", "b-violated", "d-risk", "e-nodata", "f-waived", "g-ok", "a-ok", "h-5xx"])
        #expect(evaluation.table.map(\.tier) == [.escalated, .violated, .atRisk, .noData, .waived, .ok, .ok, .ok])
        #expect(evaluation.results.map(\.budget.id) == ["a-ok", "b-violated", "c-escalated", "d-risk", "e-nodata", "f-waived", "g-ok", "h-5xx"])
        #expect(evaluation.failed)
    }

    @Test func markdownRowsCarryValueLimitRatioHeadroomAndTier() throws {
        let markdown = MarkdownRenderer().budgetSection(try Self.evaluation())
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "### ⏱️ Performance budgets")
        #expect(lines[2] == "**Budgets:** 1 violated ×2, 1 violated, 1 at risk, 1 no data, 1 waived, 3 ok.")
        #expect(lines[4] == "| | Budget | Value | Limit | Ratio | Headroom | Tier | Based on |")
        #expect(lines[6] == "| 🔥 | c\\-escalated\\: /c p95<br><sub>more than 2× the limit\\: escalated to critical</sub> | 750 ms | &lt; 300 ms | 2.5× | −150 % | **violated ×2 (critical)** | 1 obs, 100 samples |")
        #expect(lines[7] == "| ❌ | b\\-violated\\: /b p95 | 360 ms | &lt; 300 ms | 1.2× | −20 % | **violated (high)** | 1 obs, 100 samples |")
        #expect(lines[8] == "| ⚠️ | d\\-risk\\: /d p95 | 270 ms | &lt; 300 ms \\(warn &lt; 250 ms\\) | 0.9× | +10 % | at risk | 1 obs, 100 samples |")
        #expect(lines[9] == "| ❔ | e\\-nodata\\: /e p95<br><sub>no measurement matches /e</sub> | no data | &lt; 300 ms | – | – | no data | – |")
        #expect(lines[13] == "| ✅ | h\\-5xx\\: \\*\\* rate\\_5xx | 0\\.05 % | &lt; 0\\.1 % | 0.5× | +50 % | ok | 1 obs, 2000 samples |")
        #expect(!markdown.contains("matched no measurement"))  // the no-data row says why; no second list
        #expect(markdown.contains("<details><summary>1 measured endpoint without a latency budget</summary>"))
        #expect(markdown.contains("- `GET /x` (p95, 100 samples)"))
    }

    @Test func textTableIsAlignedAndInTheSameOrder() throws {
        let lines = TextRenderer().budgetLines(try Self.evaluation())
        #expect(lines[0] == "Performance budgets: 1 violated ×2, 1 violated, 1 at risk, 1 no data, 1 waived, 3 ok")
        #expect(lines[1] == "  Budget               Value    Limit                     Ratio  Headroom  Tier")
        #expect(lines[2] == "  c-escalated: /c p95  750 ms   < 300 ms                  2.5×   −150 %    violated ×2 (critical)")
        #expect(lines[3] == "      more than 2× the limit: escalated to critical")
        #expect(lines.last == "  no latency budget: GET /x (p95)")
    }

    @Test func boundedValuesShowTheirBound() throws {
        let json = #"{"budgets": [{"id": "move", "endpoint": "POST /t/{id}/move", "statistic": "p95", "critical": "< 200 ms"}]}"#
        let evaluation = BudgetEvaluation(
            observations: [
                BudgetObservation(subject: .endpoint(method: "POST", path: "/t/1/move"), statistic: "p95", value: 120.4, source: "a"),
                BudgetObservation(subject: .endpoint(method: "POST", path: "/t/2/move"), statistic: "p95", value: 180.26, source: "a"),
            ], budgets: try BudgetLoader().parse(json, file: "b.json"), today: "2026-11-22")
        #expect(BudgetFormat.value(evaluation.results[0]) == "≤ 180.3 ms")  // one decimal from 100 up, as KPI values
        #expect(BudgetFormat.quantity(0.00012, unit: BudgetUnit("%")) == "0.012 %")
        #expect(BudgetFormat.quantity(487_300, unit: BudgetUnit("KB")) == "487.3 KB")
        #expect(BudgetFormat.quantity(2_500, unit: BudgetUnit("s")) == "2.5 s")
    }
}
