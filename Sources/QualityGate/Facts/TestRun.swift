/// Everything qgate read from one test-result file, in a format-independent shape.
public struct TestRun: Sendable, Hashable, Codable {
    /// Path of the report, as given.
    public var report: String
    /// `junit` today; other test-result formats plug in here.
    public var format: String
    /// The tool that most likely wrote the file, and why qgate thinks so.
    public var dialect: Dialect
    /// Distinct tests by final outcome as the test cases say (retries folded in).
    public var observed: TestCounts
    /// The counts the metrics use: `observed`, or the declared attributes for a
    /// summary-only file (see `summaryOnly`).
    public var counts: TestCounts
    /// Number of `<testcase>` elements, before duplicates were folded; this is what
    /// the declared `tests` attribute should equal.
    public var caseElements: Int
    /// What the file's attributes claim (root `<testsuites>`, else the sum of top-level suites).
    public var declared: DeclaredCounts
    /// True when the file holds no test cases, only suite attributes, and `counts` therefore
    /// comes from `declared`.
    public var summaryOnly: Bool
    /// Leaf `<testsuite>` elements (suites that hold cases or no other suite).
    public var suites: Int
    public var durationSeconds: Double
    /// Which attribute the duration came from: `testsuites`, `testsuite`, `testcase`.
    public var durationSource: String
    /// Failed, errored and flaky tests in document order (capped; see `omittedCases`).
    public var cases: [TestCase]
    /// Notable tests beyond the detail cap: counted, not stored.
    public var omittedCases: Int
    /// Ids (`TestCase.id`) of skipped tests, in document order, capped like `cases`.
    public var skippedTests: [String] = []
    /// The slowest test elements, slowest first (capped; ties keep document order).
    public var slowestTests: [TestTiming] = []
    /// `TestIDSet.hash` of every test's id (`TestCase.id`), for added and removed tests over
    /// time; nil when the reader did not collect them (too many tests, or another format).
    public var testIDs: [UInt64]? = nil
    /// Suite-level properties (first ones only), e.g. `go.version`.
    public var properties: [Property]
    public var diagnostics: [Diagnostic]
}

/// The writer of a report, as far as its shape tells.
public struct Dialect: Sendable, Hashable, Codable {
    /// A short identifier: `surefire`, `pytest`, `jest-junit`, `go-junit-report`, `junit`...
    public var name: String
    /// The evidence, e.g. `root <testsuites name="jest tests">`.
    public var evidence: String

    public init(name: String, evidence: String) {
        self.name = name
        self.evidence = evidence
    }
}
