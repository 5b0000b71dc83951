/// The tests of this run against the history: what changed since the baseline run, which
/// tests are flaky over time, and which failures are quarantined.
///
/// Ids are `TestCase.id` (`classname::name`). Records list failing and skipped tests by id
/// (capped at `HistoryRecord.maxListedTests`), so "fixed" means "failing in the baseline and
/// neither failing nor skipped now" (a removed failing test counts as fixed); when both runs
/// carry the hashed set of all test identities (`tests.ids`), added and removed tests are counted.
public struct TestHistory: Sendable, Hashable, Codable {
    /// A test judged flaky, and on what evidence.
    public struct FlakyTest: Sendable, Hashable, Codable {
        public var id: String
        /// `same-commit` (failed and passed on one commit) or `flip-rate` (over the window).
        public var evidence: String
        /// Outcome changes between consecutive runs in the window (flip-rate evidence).
        public var flips: Int?
        public var runs: Int?
    }

    /// A failing test that a `quarantine:` entry covers: reported, not blocking.
    public struct Quarantined: Sendable, Hashable, Codable {
        public var id: String
        public var owner: String
        public var reason: String
        public var expires: String
    }

    /// The baseline run compared with; nil when there is none (the lists below are then empty).
    public var baseline: String?
    /// Failing now, not in the baseline run, not quarantined.
    public var newFailures: [String] = []
    public var fixed: [String] = []
    public var stillFailing: [String] = []
    public var newlySkipped: [String] = []
    /// Counted when both runs carry their test id sets.
    public var added: Int?
    public var removed: Int?
    public var flaky: [FlakyTest] = []
    public var quarantined: [Quarantined] = []
    /// Failing tests not covered by an active quarantine entry.
    public var blockingFailures: Int = 0
    /// Quarantine entries past their date: they no longer apply.
    public var expiredQuarantine: [QuarantineEntry] = []

    enum CodingKeys: String, CodingKey {
        case baseline, fixed, added, removed, flaky, quarantined
        case newFailures = "new_failures"
        case stillFailing = "still_failing"
        case newlySkipped = "newly_skipped"
        case blockingFailures = "blocking_failures"
        case expiredQuarantine = "expired_quarantine"
    }

    public init() {}

    /// - Parameters:
    ///   - current: this run's tests.
    ///   - commit: this run's commit, for same-commit flakiness.
    ///   - baseline: the baseline run, if one was chosen.
    ///   - window: recent runs of the baseline branch, oldest first (flip rate).
    ///   - reruns: other records of this commit (same-commit pass and fail).
    public init(
        current: RecordedTests, baseline: HistoryRecord?, window: [HistoryRecord], reruns: [HistoryRecord],
        quarantine: [QuarantineEntry], flakySettings: FlakySettings, today: String
    ) {
        let active = quarantine.filter { !$0.isExpired(today: today) }
        expiredQuarantine = quarantine.filter { $0.isExpired(today: today) }
        var blocking = Set<String>()
        for id in current.failing {
            if let entry = active.first(where: { $0.matches(id) }) {
                quarantined.append(Quarantined(id: id, owner: entry.owner, reason: entry.reason, expires: entry.expires))
            } else {
                blocking.insert(id)
            }
        }
        blockingFailures = blocking.count + (current.omitted > 0 && current.failing.count >= HistoryRecord.maxListedTests ? current.omitted : 0)
        if let baseline {
            self.baseline = baseline.id
            let before = Set(baseline.tests.failing)
            let skippedBefore = Set(baseline.tests.skipped)
            let now = Set(current.failing)
            let skippedNow = Set(current.skipped)
            let idsBefore = baseline.tests.ids?.set
            let idsNow = current.ids?.set
            newFailures = current.failing.filter { !before.contains($0) && blocking.contains($0) }
            stillFailing = current.failing.filter { before.contains($0) }
            fixed = baseline.tests.failing.filter { id in
                !now.contains(id) && !skippedNow.contains(id)
            }
            newlySkipped = current.skipped.filter { !skippedBefore.contains($0) }
            if let idsBefore, let idsNow {
                added = idsNow.subtracting(idsBefore).count
                removed = idsBefore.subtracting(idsNow).count
            }
        }
        flaky = Self.flaky(current: current, window: window, reruns: reruns, settings: flakySettings)
    }

    static func flaky(current: RecordedTests, window: [HistoryRecord], reruns: [HistoryRecord], settings: FlakySettings) -> [FlakyTest] {
        var found: [String: FlakyTest] = [:]
        // Same commit: failed in one record and passed (ran, not failing, not skipped) in another.
        let sameCommit = [current] + reruns.map(\.tests)
        if sameCommit.count > 1 {
            let candidates = Set(sameCommit.flatMap(\.failing))
            for id in candidates.sorted() {
                let outcomes = sameCommit.compactMap { $0.outcome(of: id) }
                if outcomes.contains(true) && outcomes.contains(false) {
                    found[id] = FlakyTest(id: id, evidence: "same-commit")
                }
            }
        }
        // Flip rate over the window of base-branch runs (and this run last).
        let series = Array(window.suffix(settings.window)).map(\.tests) + [current]
        if series.count > 2 {
            for id in Set(series.flatMap(\.failing)).sorted() where found[id] == nil {
                let outcomes = series.compactMap { $0.outcome(of: id) }
                guard outcomes.count > 1 else { continue }
                let flips = zip(outcomes, outcomes.dropFirst()).filter { $0 != $1 }.count
                let rate = Double(flips) / Double(outcomes.count - 1)
                if flips >= settings.minFlips && rate >= settings.maxFlipRate {
                    found[id] = FlakyTest(id: id, evidence: "flip-rate", flips: flips, runs: outcomes.count)
                }
            }
        }
        return found.values.sorted { $0.id < $1.id }
    }

    /// The metrics KPIs can use; the baseline ones only when there was a baseline run.
    public var metrics: [Metric] {
        var metrics = [
            Metric(name: "tests.flaky_over_time", value: Double(flaky.count), source: "history"),
            Metric(name: "tests.quarantined", value: Double(quarantined.count), source: "quarantine"),
            Metric(name: "tests.blocking_failures", value: Double(blockingFailures), source: "quarantine"),
        ]
        guard let baseline else { return metrics }
        let source = "baseline run \(baseline)"
        metrics += [
            Metric(name: "tests.new_failures", value: Double(newFailures.count), source: source),
            Metric(name: "tests.fixed", value: Double(fixed.count), source: source),
            Metric(name: "tests.still_failing", value: Double(stillFailing.count), source: source),
            Metric(name: "tests.newly_skipped", value: Double(newlySkipped.count), source: source),
        ]
        if let added { metrics.append(Metric(name: "tests.added", value: Double(added), source: source)) }
        if let removed { metrics.append(Metric(name: "tests.removed", value: Double(removed), source: source)) }
        return metrics
    }
}

extension RecordedTests {
    /// True passed (ran, not failing), false failed, nil skipped.
    func outcome(of id: String) -> Bool? {
        if failing.contains(id) { return false }
        if skipped.contains(id) { return nil }
        return true
    }
}
