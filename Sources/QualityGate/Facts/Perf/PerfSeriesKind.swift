/// What a series measures: the subject budgets are matched against.
public enum PerfSeriesKind: String, Sendable, Hashable, Codable {
    /// An HTTP endpoint or request label (method + path, or a tool's label).
    case endpoint
    /// Every request of the file together (computed from samples, or the tool's own total row).
    case aggregate
    /// A micro-benchmark (Google Benchmark, pytest-benchmark).
    case benchmark
    /// A page resource group (Lighthouse resource-summary: script, image, total…).
    case resource
    /// A Lighthouse audit or category.
    case audit
    /// A named metric that is not an endpoint (a k6 custom trend, `checks`).
    case metric
}
