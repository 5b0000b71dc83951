/// One test that a reader keeps in detail: a failure, an error or a flaky pass.
///
/// Passing tests are only counted, never stored, so that memory stays flat however large
/// the report; the details kept here are capped (see `JUnitReader.Limits`).
public struct TestCase: Sendable, Hashable, Codable {
    /// The enclosing suites, outermost first, joined with " › ".
    public var suite: String
    public var classname: String?
    public var name: String
    public var outcome: TestOutcome
    /// True when the test failed at least once and then passed in the same run.
    public var flaky: Bool
    /// How many times the test ran in this report (retries, reruns, duplicates).
    public var attempts: Int
    public var durationSeconds: Double?
    /// `type` of the failure or error element, e.g. `java.lang.AssertionError`.
    public var failureType: String?
    /// The `message` attribute, capped.
    public var message: String?
    /// The body of the failure, error or skipped element (stack trace, output), capped.
    public var details: String?
    public var file: String?
    public var line: Int?
    public var properties: [Property]
    /// The report this test came from.
    public var report: String

    public init(
        suite: String, classname: String?, name: String, outcome: TestOutcome, flaky: Bool = false, attempts: Int = 1,
        durationSeconds: Double? = nil, failureType: String? = nil, message: String? = nil, details: String? = nil,
        file: String? = nil, line: Int? = nil, properties: [Property] = [], report: String
    ) {
        self.suite = suite
        self.classname = classname
        self.name = name
        self.outcome = outcome
        self.flaky = flaky
        self.attempts = attempts
        self.durationSeconds = durationSeconds
        self.failureType = failureType
        self.message = message
        self.details = details
        self.file = file
        self.line = line
        self.properties = properties
        self.report = report
    }

    /// A stable identity across runs: classname (or suite when a dialect has none) and name.
    public var id: String {
        "\(classname ?? suite)::\(name)"
    }
}

/// A `<property name value>` pair (or text-valued property).
public struct Property: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
