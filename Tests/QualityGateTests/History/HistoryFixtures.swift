import Foundation

@testable import QualityGate

/// Synthetic history records with fixed dates, and a store in a temporary folder.
enum HistoryFixtures {
    static func store() -> HistoryStore {
        HistoryStore(root: TestFiles().folder + "/history")
    }

    static func time(_ text: String) -> UTCTime {
        guard let time = UTCTime(parsing: text) else { fatalError("bad fixture time \(text)") }
        return time
    }

    static let environment = EnvironmentFingerprint(
        os: "linux", osVersion: nil, arch: "x86_64", cpuCount: 2, cpuModel: "Test CPU", qgateVersion: "test")

    static func record(
        _ when: String, branch: String? = "main", commit: String? = "c0ffee", status: Verdict.Status = .pass,
        metrics: [RecordedMetric] = [RecordedMetric(name: "tests.pass_rate", value: 100)]
    ) -> HistoryRecord {
        let at = time(when)
        return HistoryRecord(
            id: HistoryStore.newID(at: at), recordedAt: at, context: RunContext(commit: commit, branch: branch), config: "qgate.yml",
            environment: environment,
            verdict: RecordedVerdict(
                status: status, exitCode: status == .fail ? 1 : 0, summary: "synthetic",
                results: [RecordedKPI(id: "pass-rate", value: metrics.first?.value, status: .onTrack, severity: .high, blocking: false)]),
            metrics: metrics,
            tests: RecordedTests(
                counts: TestCounts(total: 3, passed: 2, failed: 1), durationSeconds: 1.5, failing: ["Cart::removes"],
                slowest: [TestTiming(id: "Cart::totals", seconds: 0.75)]))
    }

    /// Appends and returns the record's path.
    @discardableResult
    static func append(_ record: HistoryRecord, to store: HistoryStore) throws -> String {
        try store.append(record).path
    }
}
