/// What one input file turned out to hold.
public enum Artifact: Sendable {
    case tests(TestRun)
    case coverage(CoverageReport)
    /// Load-test, benchmark or Lighthouse results, normalised (`PerfResult`).
    case performance(PerfResult)
}
