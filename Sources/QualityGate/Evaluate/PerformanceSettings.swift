/// The `performance:` section of `qgate.yml`: where the budget files are. The measured
/// results themselves are ordinary `inputs:` (k6, JMeter, Locust… files are recognised by
/// content), so one run can hold tests, coverage and latency to their targets together.
public struct PerformanceSettings: Sendable, Hashable {
    /// Budget files, folders of `*.json` budget files, or globs, relative to the config's folder.
    public var budgets: [String]
    /// Map concrete request paths to the `openapi.spec`'s path templates before matching
    /// budgets (default on when an `openapi:` section exists).
    public var useOpenAPIRoutes = true
    /// Line of the section in the config, for messages.
    public var line: Int?

    public init(budgets: [String]) {
        self.budgets = budgets
    }
}
