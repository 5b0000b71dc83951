import Foundation
import Testing

@testable import QualityGate

@Suite("History retention and roll-ups")
struct HistoryRetentionTests {
    let now = HistoryFixtures.time("2026-11-22T15:00:00Z")

    func metrics(_ passRate: Double, _ duration: Double) -> [RecordedMetric] {
        [
            RecordedMetric(name: "tests.pass_rate", labels: ["suite": "unit"], value: passRate),
            RecordedMetric(name: "tests.duration_seconds", value: duration),
        ]
    }

    @Test("keep-days: whole UTC days older than the cutoff roll up into per-branch daily summaries")
    func byAge() throws {
        let store = HistoryFixtures.store()
        // main: three runs on Nov 1, one on Nov 2, one recent; feature: one on Nov 1.
        let old = [
            HistoryFixtures.record("2026-11-01T08:00:00Z", commit: "a1", status: .pass, metrics: metrics(100, 10)),
            HistoryFixtures.record("2026-11-01T12:00:00Z", commit: "a2", status: .fail, metrics: metrics(90, 30)),
            HistoryFixtures.record("2026-11-01T23:59:59.999Z", commit: "a3", status: .pass, metrics: metrics(95, 20)),
            HistoryFixtures.record("2026-11-02T00:00:00Z", commit: "b1", metrics: metrics(97, 12)),
        ]
        let feature = HistoryFixtures.record("2026-11-01T09:00:00Z", branch: "feature/x", commit: "f1", metrics: metrics(50, 5))
        let recent = HistoryFixtures.record("2026-11-20T09:00:00Z", commit: "r1")
        for record in old + [feature, recent] { try HistoryFixtures.append(record, to: store) }

        let report = try store.prune(RetentionPolicy(keepDays: 7), now: now)
        #expect(report.prunedRuns == 5)
        #expect(report.keptRuns == 1)
        #expect(report.rolledUpDays == 3)
        #expect(report.rollupFiles.sorted() == ["rollups/\(SafePathComponent.make("feature/x"))/2026-11.json", "rollups/main/2026-11.json"])
        #expect(report.warnings.isEmpty)

        let scan = try store.scan()
        #expect(scan.source == .index)
        #expect(scan.entries.map(\.id) == [recent.id])

        let rollups = store.rollups()
        #expect(rollups.warnings.isEmpty)
        let main = try #require(rollups.files.first { $0.branch == "main" })
        #expect(main.schema == "qgate.history-rollup/1")
        #expect(main.month == "2026-11")
        #expect(main.days.map(\.date) == ["2026-11-01", "2026-11-02"])
        let first = main.days[0]
        #expect(first.runs == 3)
        #expect(first.runIDs == old.prefix(3).map(\.id))
        #expect(first.statuses == ["pass": 2, "fail": 1])
        #expect(first.firstCommit == "a1")
        #expect(first.lastCommit == "a3")
        let passRate = try #require(first.metrics.first { $0.name == "tests.pass_rate" })
        #expect(passRate.labels == ["suite": "unit"])
        #expect(passRate.n == 3)
        #expect(passRate.min == 90)
        #expect(passRate.max == 100)
        #expect(passRate.median == 95)
        #expect(passRate.mean == 95)
        #expect(passRate.medianExact)
        let duration = try #require(first.metrics.first { $0.name == "tests.duration_seconds" })
        #expect((duration.median, duration.min, duration.max, duration.n) == (20, 10, 30, 3))
        #expect(main.days[1].runs == 1)
        #expect(main.days[1].metrics.first { $0.name == "tests.duration_seconds" }?.median == 12)
        let featureFile = try #require(rollups.files.first { $0.branch == "feature/x" })
        #expect(featureFile.days.map(\.runs) == [1])
    }

    @Test("keep-runs: the newest N per branch stay; a day is never split between records and a summary")
    func byCount() throws {
        let store = HistoryFixtures.store()
        let runs = [
            "2026-11-10T08:00:00Z", "2026-11-10T09:00:00Z", "2026-11-11T08:00:00Z", "2026-11-11T09:00:00Z", "2026-11-12T08:00:00Z",
        ].map { HistoryFixtures.record($0) }
        for record in runs { try HistoryFixtures.append(record, to: store) }
        // Keep 2: Nov 12 and the later Nov 11 run; the earlier Nov 11 run would split its day, so it stays too.
        let report = try store.prune(RetentionPolicy(keepRuns: 2), now: now)
        #expect(report.prunedRuns == 2)
        #expect(try store.scan().entries.map(\.id) == runs.suffix(3).map(\.id))
        let day = try #require(store.rollups().files.first?.days.first)
        #expect(day.date == "2026-11-10")
        #expect(day.runs == 2)

        // Both limits: a run goes only when it is old AND beyond the count.
        let both = try store.prune(RetentionPolicy(keepDays: 30, keepRuns: 1), now: now)
        #expect(both.prunedRuns == 0)
        #expect(try store.scan().entries.count == 3)
    }

    @Test("a prune killed after writing the roll-up and before deleting records does not count them twice")
    func idempotent() throws {
        let store = HistoryFixtures.store()
        let records = ["2026-10-01T08:00:00Z", "2026-10-01T09:00:00Z"].enumerated().map { index, time in
            HistoryFixtures.record(time, metrics: metrics(Double(90 + index), 10))
        }
        let paths = try records.map { try HistoryFixtures.append($0, to: store) }
        let saved = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        _ = try store.prune(RetentionPolicy(keepDays: 7), now: now)
        // Put the records back, as if the deletes never happened.
        for (path, data) in zip(paths, saved) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path))
        }
        let again = try store.prune(RetentionPolicy(keepDays: 7), now: now)
        #expect(again.prunedRuns == 2)
        #expect(again.rolledUpDays == 0)
        let day = try #require(store.rollups().files.first?.days.first)
        #expect(day.runs == 2)
        #expect(day.metrics.first { $0.name == "tests.pass_rate" }?.n == 2)
        #expect(try store.scan().entries.isEmpty)

        // A run of the same day synced in later is merged: exact n, min, max, mean; median marked approximate.
        let late = HistoryFixtures.record("2026-10-01T10:00:00Z", metrics: metrics(99, 10))
        try HistoryFixtures.append(late, to: store)
        let third = try store.prune(RetentionPolicy(keepDays: 7), now: now)
        #expect(third.rolledUpDays == 1)
        let merged = try #require(store.rollups().files.first?.days.first)
        #expect(merged.runs == 3)
        #expect(merged.runIDs.count == 3)
        let rate = try #require(merged.metrics.first { $0.name == "tests.pass_rate" })
        #expect((rate.n, rate.min, rate.max) == (3, 90, 99))
        #expect(abs(rate.mean - (90 + 91 + 99) / 3.0) < 1e-9)
        #expect(!rate.medianExact)
    }

    @Test("a damaged record is never deleted by prune: reported, its file left, the rest pruned")
    func damagedKept() throws {
        let store = HistoryFixtures.store()
        let paths = try ["2026-10-01T08:00:00Z", "2026-10-02T08:00:00Z"].map {
            try HistoryFixtures.append(HistoryFixtures.record($0), to: store)
        }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: paths[1]))
        let report = try store.prune(RetentionPolicy(keepDays: 1), now: now)
        #expect(report.prunedRuns == 1)
        #expect(report.warnings.map(\.file) == [paths[1]])
        #expect(FileManager.default.fileExists(atPath: paths[1]))
        #expect(!FileManager.default.fileExists(atPath: paths[0]))
    }

    @Test("a damaged roll-up stops the prune before anything is deleted")
    func damagedRollup() throws {
        let store = HistoryFixtures.store()
        let path = try HistoryFixtures.append(HistoryFixtures.record("2026-10-01T08:00:00Z"), to: store)
        let rollup = store.root + "/" + HistoryStore.rollupPath(branch: "main", month: "2026-10")
        try FileManager.default.createDirectory(atPath: (rollup as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("{".utf8).write(to: URL(fileURLWithPath: rollup))
        #expect(throws: HistoryError.self) { try store.prune(RetentionPolicy(keepDays: 1), now: now) }
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
