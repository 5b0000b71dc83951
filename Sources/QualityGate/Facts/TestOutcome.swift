/// The final outcome of one test in one run, after retries are folded in.
///
/// Failure (an assertion did not hold) and error (the test could not run to its assertions)
/// stay apart, because teams triage them differently.
public enum TestOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case passed
    case failed
    case errored
    case skipped

    /// Larger is worse; used where one case holds several result elements.
    var severityRank: Int {
        switch self {
        case .skipped: 0
        case .passed: 1
        case .failed: 2
        case .errored: 3
        }
    }
}

/// Why a test did not run, kept apart so that a weekly review can tell "disabled on purpose"
/// from "expected to fail".
public enum SkipKind: String, Sendable, Hashable, Codable {
    /// `<skipped/>` or `status="skipped"`.
    case skipped
    /// `status="disabled"`, `status="ignored"` (googletest, NUnit-style converters).
    case disabled
    /// `status="notrun"` and similar: the runner never reached the test.
    case notRun = "not-run"
    /// pytest's expected failure (`<skipped type="pytest.xfail">`).
    case expectedFailure = "xfail"
}
