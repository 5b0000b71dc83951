/// The `openapi:` section of `qgate.yml`: the spec to hold to the API-contract KPIs, what to
/// compare it with, and the recorded traffic to check it against.
public struct OpenAPISettings: Sendable, Hashable {
    /// A rule exemption with an owner's reason and an end date; an expired waiver no longer
    /// exempts anything and is itself reported as a problem.
    public struct Waiver: Sendable, Hashable, Codable {
        /// The rule ID (`request-parameter-removed`) or `*`.
        public var rule: String
        /// `METHOD /path` (path-parameter names ignored), or nil for every endpoint.
        public var endpoint: String?
        public var reason: String
        /// `yyyy-MM-dd`, inclusive.
        public var expires: String
        public var line: Int?

        public init(rule: String, endpoint: String?, reason: String, expires: String, line: Int? = nil) {
            self.rule = rule
            self.endpoint = endpoint
            self.reason = reason
            self.expires = expires
            self.line = line
        }

        /// Whether this waiver covers `change`.
        public func covers(_ change: SpecChange) -> Bool {
            guard rule == "*" || rule == change.id else { return false }
            guard let endpoint else { return true }
            let parts = endpoint.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let method = change.method, let path = change.path else { return false }
            return parts[0].uppercased() == method
                && APIOperation.erasedPath(parts[1]) == APIOperation.erasedPath(path)
        }
    }

    /// The spec (revision): a path relative to the config's folder, or `git:REF:PATH`.
    public var spec: String
    /// The spec to compare with for breaking changes; nil: `--base REF` if given (the same
    /// file at the merge base), else no comparison.
    public var base: String?
    /// Recorded traffic (HAR, NDJSON exchange logs, access logs): globs relative to the
    /// config's folder.
    public var traffic: [String] = []
    /// A path prefix the gateway adds in front of the spec's paths (`/api`), stripped from
    /// recorded URLs before matching; the spec's own `servers`/`basePath` are used too.
    public var serverPrefix: String?
    public var stabilityLevel: String?
    public var deprecationDaysBeta = 31
    public var deprecationDaysStable = 180
    /// Rule ID → level (`err`, `warn`, `info`) or disabled (`none`).
    public var levelOverrides: [String: ChangeLevel] = [:]
    public var disabledRules: Set<String> = []
    public var waivers: [Waiver] = []
    /// Line of the section in the config, for messages.
    public var line: Int?

    public init(spec: String) {
        self.spec = spec
    }
}
