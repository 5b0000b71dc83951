/// Compares two versions of a spec and classifies every difference with oasdiff's rules.
public struct SpecDiff: Sendable {
    public let base: APISpec
    public let revision: APISpec
    public let options: DiffOptions

    public init(base: APISpec, revision: APISpec, options: DiffOptions = DiffOptions()) {
        self.base = base
        self.revision = revision
        self.options = options
    }

    /// Every change, deduplicated, in a stable order (path, method, level, rule).
    public func changes() -> [SpecChange] {
        let context = DiffContext(base: base, revision: revision, options: options)
        var seen: Set<SpecChange> = []
        var result: [SpecChange] = []
        for group in CheckRegistry.groups {
            if let wanted = options.groups, !wanted.contains(group.name) { continue }
            for change in group.run(context) {
                guard !options.disabled.contains(change.id), change.level >= options.minimumLevel else { continue }
                if seen.insert(change).inserted { result.append(change) }
            }
        }
        return result.sorted(by: SpecChange.ordered)
    }
}

/// Every check group qgate runs. Each area keeps its groups in its own file.
public enum CheckRegistry {
    public static let groups: [CheckGroup] =
        EndpointChecks.groups + ParameterChecks.groups + BodyResponseChecks.groups
        + SchemaValueChecks.groups + SchemaStructureChecks.groups

    public static var groupNames: [String] { groups.map(\.name) }
}
