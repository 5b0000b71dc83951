/// One coverage report with the labels of the input that named it (`flag=backend`).
public struct LabeledCoverage: Sendable {
    public var report: CoverageReport
    public var labels: [String: String]
    /// The configured glob, for metric provenance.
    public var pattern: String

    public init(report: CoverageReport, labels: [String: String], pattern: String) {
        self.report = report
        self.labels = labels
        self.pattern = pattern
    }
}
