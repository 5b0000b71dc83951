/// What one gate run produced: the verdict, and the test runs it was built from.
///
/// The verdict lists failing and flaky tests (capped) for people; the runs also carry the
/// skipped and slowest tests that the history record keeps for trends and flaky detection.
public struct GateOutcome: Sendable {
    public var verdict: Verdict
    public var runs: [TestRun]

    public init(verdict: Verdict, runs: [TestRun]) {
        self.verdict = verdict
        self.runs = runs
    }
}
