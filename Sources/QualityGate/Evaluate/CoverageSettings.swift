/// The `coverage:` section of `qgate.yml`: how report paths meet the repository, which path
/// groups get their own metrics, and where patch coverage gets its changed lines.
public struct CoverageSettings: Sendable, Hashable {
    /// A named set of repository paths with its own metrics (`coverage.lines.percent{group="ingest"}`).
    public struct Group: Sendable, Hashable {
        public var name: String
        /// Globs over repository-relative paths.
        public var patterns: [String]

        public init(name: String, patterns: [String]) {
            self.name = name
            self.patterns = patterns
        }
    }

    /// The repository root, relative to the config's folder; nil: git's top level (or the config's folder).
    public var root: String?
    /// `before::after` prefix rewrites for report paths, tried in order before any matching.
    public var rewrites: [PathRewriteRule] = []
    public var groups: [Group] = []
    /// Repository paths left out of every coverage figure. Default: build output that is never source.
    public var exclude: [String] = CoverageSettings.defaultExclude
    /// The base ref for patch coverage (merge-base diff); `--base` overrides.
    public var patchBase: String?
    /// A unified diff file for patch coverage instead of git; `--diff` overrides.
    public var patchDiff: String?
    /// Whether a changed line that ran with an untaken branch counts as covered (default: no).
    public var partialLinesCovered = false
    /// Changed files listed in the markdown table (all are counted).
    public var maxListedFiles = 25

    public static let defaultExclude = [".build/**", "**/*.derived/**"]

    public init() {}
}
