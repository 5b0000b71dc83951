/// Reads one artifact file into facts, choosing the reader by the configured format or by content.
///
/// Only JUnit XML exists today; coverage, OpenAPI and performance readers plug in here, each
/// producing its own kind of facts.
public struct ArtifactReader: Sendable {
    public init() {}

    public func readTests(path: String, format: String?, timeUnit: JUnitReader.TimeUnit) throws(InputError) -> TestRun {
        try JUnitReader(timeUnit: timeUnit).read(path: path)
    }
}
