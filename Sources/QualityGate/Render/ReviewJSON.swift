/// `qgate report --format json`: the review as `JSONRenderer` writes it (`JSONEncoder`,
/// pretty, sorted keys, snake_case), byte for byte, through `PrettyJSONWriter`.
///
/// Why: a month of runs carries a point per run and KPI (40,000+ for 4,000 runs), and
/// `JSONEncoder` spent three quarters of the report's time on them. `ReviewJSONTests` holds the
/// two outputs equal on every review the tests build.
enum ReviewJSON {
    static func render(_ review: WeeklyReview) -> String {
        var output: [UInt8] = []
        var json = PrettyJSONWriter { output += $0 }
        json.object([
            ("budgets_at_risk", { json in json.array(review.budgetsAtRisk, budget) }),
            ("coverage", { json in json.array(review.coverage, movement) }),
            ("flaky_tests", { json in json.array(review.flakyTests, flaky) }),
            ("kpis", { json in json.array(review.kpis, kpi) }),
            ("regressions", { json in regressions(review.regressions, &json) }),
            ("runs", { json in runs(review.runs, &json) }),
            ("schema", { json in json.string(review.schema) }),
            ("slowest_tests", { json in json.array(review.slowestTests, slow) }),
            ("spec_drift", { json in json.array(review.specDrift, drift) }),
            ("tolerance_percent", { json in json.double(review.tolerancePercent) }),
            ("warnings", { json in json.array(review.warnings) { text, json in json.string(text) } }),
            ("window", { json in window(review.window, &json) }),
        ])
        json.finish()
        return String(decoding: output, as: UTF8.self)
    }

    static func window(_ window: WeeklyReview.Window, _ json: inout PrettyJSONWriter) {
        json.object([
            ("branch", window.branch.map { branch in { $0.string(branch) } }),
            ("since", { $0.string(window.since.description) }),
            ("until", { $0.string(window.until.description) }),
        ])
    }

    static func runs(_ runs: WeeklyReview.Runs, _ json: inout PrettyJSONWriter) {
        json.object([
            ("error", { $0.int(runs.error) }),
            ("fail", { $0.int(runs.fail) }),
            ("first_commit", runs.firstCommit.map { commit in { $0.string(commit) } }),
            ("last_commit", runs.lastCommit.map { commit in { $0.string(commit) } }),
            ("pass", { $0.int(runs.pass) }),
            ("total", { $0.int(runs.total) }),
            ("warn", { $0.int(runs.warn) }),
        ])
    }

    static func kpi(_ kpi: WeeklyReview.KPITrend, _ json: inout PrettyJSONWriter) {
        json.object([
            ("id", { $0.string(kpi.id) }),
            ("latest_status", { $0.string(kpi.latestStatus.rawValue) }),
            ("points", { json in json.array(kpi.points, point) }),
            ("sparkline", { $0.string(kpi.sparkline) }),
            ("status_counts", { json in
                json.object(kpi.statusCounts.sorted { $0.key < $1.key }.map { entry -> (String, ((inout PrettyJSONWriter) -> Void)?) in
                    (entry.key, { $0.int(entry.value) })
                })
            }),
            ("trend", kpi.trend.map { trend in { json in self.trend(trend, &json) } }),
            ("unit", kpi.unit.map { unit in { $0.string(unit) } }),
        ])
    }

    /// The hot path (a point per run and KPI): members written directly, in sorted order.
    static func point(_ point: WeeklyReview.KPIPoint, _ json: inout PrettyJSONWriter) {
        json.beginObject()
        json.member("commit", point.commit)
        json.member("recorded_at", point.recordedAt.description)
        json.member("run", point.run)
        json.member("status", point.status.rawValue)
        if let value = point.value {
            json.key("value")
            json.double(value)
        }
        json.endObject()
    }

    static func trend(_ trend: Trend, _ json: inout PrettyJSONWriter) {
        json.object([
            ("change", { $0.double(trend.change) }),
            ("change_percent", trend.changePercent.map { value in { $0.double(value) } }),
            ("count", { $0.int(trend.count) }),
            ("direction", { $0.string(trend.direction.rawValue) }),
            ("first", { $0.double(trend.first) }),
            ("last", { $0.double(trend.last) }),
            ("max", { $0.double(trend.max) }),
            ("min", { $0.double(trend.min) }),
        ])
    }

    static func budget(_ budget: WeeklyReview.BudgetAtRisk, _ json: inout PrettyJSONWriter) {
        json.object([
            ("commit", budget.commit.map { commit in { $0.string(commit) } }),
            ("id", { $0.string(budget.id) }),
            ("margin", { $0.double(budget.margin) }),
            ("recorded_at", { $0.string(budget.recordedAt.description) }),
            ("run", { $0.string(budget.run) }),
            ("status", { $0.string(budget.status.rawValue) }),
            ("unit", budget.unit.map { unit in { $0.string(unit) } }),
            ("value", budget.value.map { value in { $0.double(value) } }),
        ])
    }

    static func regressions(_ regressions: WeeklyReview.Regressions, _ json: inout PrettyJSONWriter) {
        json.object([
            ("available", { $0.bool(regressions.available) }),
            ("items", { json in json.array(regressions.items, regression) }),
            ("note", regressions.note.map { note in { $0.string(note) } }),
        ])
    }

    static func regression(_ item: WeeklyReview.Regression, _ json: inout PrettyJSONWriter) {
        json.object([
            ("after", { $0.double(item.after) }),
            ("baseline_runs", { $0.int(item.baselineRuns) }),
            ("before", { $0.double(item.before) }),
            ("change_percent", item.changePercent.map { value in { $0.double(value) } }),
            ("current_runs", { $0.int(item.currentRuns) }),
            ("from_commit", item.fromCommit.map { commit in { $0.string(commit) } }),
            ("method", { $0.string(item.method) }),
            ("run", { $0.string(item.run) }),
            ("series", { $0.string(item.series) }),
            ("since", { $0.string(item.since.description) }),
            ("to_commit", item.toCommit.map { commit in { $0.string(commit) } }),
        ])
    }

    static func flaky(_ test: WeeklyReview.FlakyTest, _ json: inout PrettyJSONWriter) {
        json.object([
            ("evidence", { json in json.array(test.evidence) { text, json in json.string(text) } }),
            ("flips", { $0.int(test.flips) }),
            ("id", { $0.string(test.id) }),
            ("last_seen", { $0.string(test.lastSeen.description) }),
            ("outcomes", { $0.int(test.outcomes) }),
            ("runs", { $0.int(test.runs) }),
            ("same_commit", { $0.int(test.sameCommit) }),
        ])
    }

    static func slow(_ test: WeeklyReview.SlowTest, _ json: inout PrettyJSONWriter) {
        json.object([
            ("id", { $0.string(test.id) }),
            ("latest_seconds", { $0.double(test.latestSeconds) }),
            ("max_seconds", { $0.double(test.maxSeconds) }),
            ("runs", { $0.int(test.runs) }),
        ])
    }

    static func movement(_ movement: WeeklyReview.Movement, _ json: inout PrettyJSONWriter) {
        json.object([
            ("change", { $0.double(movement.change) }),
            ("first", { $0.double(movement.first) }),
            ("last", { $0.double(movement.last) }),
            ("series", { $0.string(movement.series) }),
            ("sparkline", { $0.string(movement.sparkline) }),
        ])
    }

    static func drift(_ drift: WeeklyReview.SpecDrift, _ json: inout PrettyJSONWriter) {
        json.object([
            ("commit", drift.commit.map { commit in { $0.string(commit) } }),
            ("from", drift.from.map { value in { $0.double(value) } }),
            ("recorded_at", { $0.string(drift.recordedAt.description) }),
            ("run", { $0.string(drift.run) }),
            ("series", { $0.string(drift.series) }),
            ("to", drift.to.map { value in { $0.double(value) } }),
        ])
    }
}

extension PrettyJSONWriter {
    /// An object of the members with a value (nil: left out, as `encodeIfPresent`); callers
    /// list them in the sorted key order `JSONEncoder` uses (the tests compare the bytes).
    mutating func object(_ members: [(String, ((inout PrettyJSONWriter) -> Void)?)]) {
        beginObject()
        for (name, write) in members {
            guard let write else { continue }
            key(name)
            write(&self)
        }
        endObject()
    }

    mutating func array<T>(_ items: [T], _ write: (T, inout PrettyJSONWriter) -> Void) {
        beginArray()
        for item in items { write(item, &self) }
        endArray()
    }
}
