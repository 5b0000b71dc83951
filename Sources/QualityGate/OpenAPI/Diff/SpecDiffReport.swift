/// The result of comparing two spec versions: what `qgate diff-spec` prints and what the
/// verdict carries under `openapi.diff`.
public struct SpecDiffReport: Sendable, Hashable, Codable {
    /// One side of the comparison.
    public struct Side: Sendable, Hashable, Codable {
        /// The spec as named on the command line or in the config (`git:REF:PATH` kept).
        public var spec: String
        /// `2.0`, `3.0` or `3.1`.
        public var dialect: String
        /// The `openapi`/`swagger` field as written.
        public var openapi: String
        /// `info.version`.
        public var version: String?
        public var operations: Int
    }

    /// Identifies the document shape for scripts: `qgate.spec-diff/1`.
    public var schema = "qgate.spec-diff/1"
    public var base: Side
    public var revision: Side
    /// Changes per level.
    public var counts: [String: Int]
    /// Every change in a stable order (path, method, level, rule).
    public var changes: [SpecChange]
    /// Notes about either document (duplicate endpoints, mixed dialects).
    public var warnings: [Diagnostic]

    public init(base: APISpec, baseName: String, revision: APISpec, revisionName: String, changes: [SpecChange]) {
        func side(_ spec: APISpec, _ name: String) -> Side {
            Side(spec: name, dialect: spec.dialect.rawValue, openapi: spec.versionText, version: spec.apiVersion,
                operations: spec.operations.count)
        }
        self.base = side(base, baseName)
        self.revision = side(revision, revisionName)
        var counts: [String: Int] = [:]
        for level in ChangeLevel.allCases { counts[level.rawValue] = 0 }
        for index in changes.indices { counts[changes[index].level.rawValue, default: 0] += 1 }
        self.counts = counts
        self.changes = changes
        self.warnings = base.warnings + revision.warnings
    }

    public func count(_ level: ChangeLevel) -> Int { counts[level.rawValue] ?? 0 }

    /// Changes grouped by endpoint (`GET /pets`), endpoints in path order; document-level
    /// changes (components, security schemes) under the empty key, first.
    public var byEndpoint: [(endpoint: String, changes: [SpecChange])] {
        var order: [String] = []
        var groups: [String: [SpecChange]] = [:]
        for change in changes {
            let key = change.path.map { "\(change.method ?? "") \($0)".trimmingCharacters(in: .whitespaces) } ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(change)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
