/// One test and how long it took, for the "slowest tests" list a history record keeps.
///
/// Only the slowest few per report are kept (see `JUnitReader.Limits.slowestTests`), so that
/// per-test duration trends are possible without storing every passing test.
public struct TestTiming: Sendable, Hashable, Codable {
    /// The test's identity across runs (`TestCase.id`: classname or suite, `::`, name).
    public var id: String
    public var seconds: Double

    public init(id: String, seconds: Double) {
        self.id = id
        self.seconds = seconds
    }
}
