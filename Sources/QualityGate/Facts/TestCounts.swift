/// Counts of distinct tests by final outcome.
///
/// `passed` includes flaky tests (they passed in the end); `flaky` says how many of them
/// needed a retry. So `passed + failed + errors + skipped == total` always holds.
public struct TestCounts: Sendable, Hashable, Codable {
    public var total: Int = 0
    public var passed: Int = 0
    public var failed: Int = 0
    public var errors: Int = 0
    public var skipped: Int = 0
    public var flaky: Int = 0

    public init(total: Int = 0, passed: Int = 0, failed: Int = 0, errors: Int = 0, skipped: Int = 0, flaky: Int = 0) {
        self.total = total
        self.passed = passed
        self.failed = failed
        self.errors = errors
        self.skipped = skipped
        self.flaky = flaky
    }

    /// Adds tests that passed or were skipped and were not flaky.
    mutating func add(passed: Int, skipped: Int) {
        total += passed + skipped
        self.passed += passed
        self.skipped += skipped
    }

    mutating func record(_ outcome: TestOutcome, flaky isFlaky: Bool) {
        total += 1
        switch outcome {
        case .passed: passed += 1
        case .failed: failed += 1
        case .errored: errors += 1
        case .skipped: skipped += 1
        }
        if isFlaky { flaky += 1 }
    }

    public static func + (lhs: TestCounts, rhs: TestCounts) -> TestCounts {
        TestCounts(
            total: lhs.total + rhs.total, passed: lhs.passed + rhs.passed, failed: lhs.failed + rhs.failed,
            errors: lhs.errors + rhs.errors, skipped: lhs.skipped + rhs.skipped, flaky: lhs.flaky + rhs.flaky)
    }

    /// Passed (flaky included) over executed (total minus skipped), in percent; nil when
    /// nothing ran, so that "no tests" can never read as "100 % passing".
    public var passRate: Double? {
        let executed = total - skipped
        guard executed > 0 else { return nil }
        return Double(passed) * 100 / Double(executed)
    }
}

/// Counts a report *claims* in its `tests`/`failures`/`errors`/`skipped` attributes.
///
/// Kept beside the observed counts because they disagree in real files (pytest teardown
/// errors, stripped summary-only suites) and a gate should say so instead of guessing.
public struct DeclaredCounts: Sendable, Hashable, Codable {
    public var tests: Int?
    public var failures: Int?
    public var errors: Int?
    public var skipped: Int?

    public init(tests: Int? = nil, failures: Int? = nil, errors: Int? = nil, skipped: Int? = nil) {
        self.tests = tests
        self.failures = failures
        self.errors = errors
        self.skipped = skipped
    }

    public var isEmpty: Bool { tests == nil && failures == nil && errors == nil && skipped == nil }

    static func sum(_ lhs: Int?, _ rhs: Int?) -> Int? {
        switch (lhs, rhs) {
        case (nil, nil): nil
        default: (lhs ?? 0) + (rhs ?? 0)
        }
    }

    static func + (lhs: DeclaredCounts, rhs: DeclaredCounts) -> DeclaredCounts {
        DeclaredCounts(
            tests: sum(lhs.tests, rhs.tests), failures: sum(lhs.failures, rhs.failures),
            errors: sum(lhs.errors, rhs.errors), skipped: sum(lhs.skipped, rhs.skipped))
    }
}
