/// The tests of a recorded run, by id (`TestCase.id`), for flaky detection and test trends.
public struct RecordedTests: Sendable, Hashable, Codable {
    public var counts: TestCounts
    public var durationSeconds: Double
    /// Failed and errored tests (distinct ids, capped at `HistoryRecord.maxListedTests`).
    public var failing: [String]
    /// Tests that failed and then passed in this run.
    public var flaky: [String]
    public var skipped: [String]
    /// The slowest test elements over all reports, slowest first.
    public var slowest: [TestTiming]
    /// Tests not listed because of the caps (here or in the readers).
    public var omitted: Int
    /// Every test id of the run, hashed (added and removed tests); nil when the readers could
    /// not list them all or the record predates it (`qgate.history-record/1`).
    public var ids: TestIDSet?

    enum CodingKeys: String, CodingKey {
        case counts, failing, flaky, skipped, slowest, omitted, ids
        case durationSeconds = "duration_seconds"
    }

    public init(
        counts: TestCounts, durationSeconds: Double, failing: [String] = [], flaky: [String] = [],
        skipped: [String] = [], slowest: [TestTiming] = [], omitted: Int = 0
    ) {
        self.counts = counts
        self.durationSeconds = durationSeconds
        self.failing = failing
        self.flaky = flaky
        self.skipped = skipped
        self.slowest = slowest
        self.omitted = omitted
    }

    /// Failing and flaky ids come from the reports' detailed cases (which the verdict caps
    /// further), skipped and slowest from the readers' lists.
    public init(_ summary: TestSummary, runs: [TestRun]) {
        var omitted = runs.reduce(0) { $0 + $1.omittedCases }
        var failing = IDList()
        var flaky = IDList()
        var skipped = IDList()
        for run in runs {
            for test in run.cases {
                if test.outcome == .failed || test.outcome == .errored {
                    failing.add(test.id)
                } else if test.flaky {
                    flaky.add(test.id)
                }
            }
            for id in run.skippedTests { skipped.add(id) }
        }
        omitted += failing.dropped + flaky.dropped + skipped.dropped
        var slowest: [String: Double] = [:]
        for timing in runs.flatMap(\.slowestTests) where timing.seconds > slowest[timing.id] ?? -1 {
            slowest[timing.id] = timing.seconds
        }
        let ranked = slowest.map { TestTiming(id: $0.key, seconds: $0.value) }
            .sorted { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.id < $1.id }
        self.init(
            counts: summary.counts, durationSeconds: summary.durationSeconds.isFinite ? summary.durationSeconds : 0,
            failing: failing.ids, flaky: flaky.ids, skipped: skipped.ids,
            slowest: Array(ranked.prefix(HistoryRecord.maxSlowestTests)), omitted: omitted)
        if !runs.isEmpty, runs.allSatisfy({ $0.testIDs != nil }) {
            ids = TestIDSet(hashes: runs.flatMap { $0.testIDs ?? [] })
        }
    }

    /// Distinct ids in first-seen order, capped.
    struct IDList {
        var ids: [String] = []
        var seen: Set<String> = []
        var dropped = 0

        mutating func add(_ id: String) {
            guard seen.insert(id).inserted else { return }
            guard ids.count < HistoryRecord.maxListedTests else {
                dropped += 1
                return
            }
            ids.append(id)
        }
    }
}
