/// Where one report path landed in the repository, or why it did not.
///
/// Unmatched paths are the top reason patch coverage shows "no lines with coverage
/// information", so every mapping carries the method or the reason and, for an ambiguous
/// suffix, the candidates, for a table the user can act on.
public struct PathMapping: Sendable, Hashable, Codable {
    /// The path exactly as the report wrote it.
    public var reportPath: String
    /// The repository-relative path, nil when unmatched.
    public var repositoryPath: String?
    public var method: PathMatchMethod?
    /// The rewrite rule applied first, if any.
    public var rule: PathRewriteRule?
    /// Why the path is unmatched.
    public var reason: String?
    /// Tracked files an ambiguous suffix could mean (sorted, capped at 10).
    public var candidates: [String]

    public init(
        reportPath: String, repositoryPath: String? = nil, method: PathMatchMethod? = nil, rule: PathRewriteRule? = nil,
        reason: String? = nil, candidates: [String] = []
    ) {
        self.reportPath = reportPath
        self.repositoryPath = repositoryPath
        self.method = method
        self.rule = rule
        self.reason = reason
        self.candidates = candidates
    }

    public var isMatched: Bool { repositoryPath != nil }
}
