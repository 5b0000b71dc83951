/// A set of rules that run together, named like oasdiff's check group so that oasdiff's
/// tests (which enable one group at a time) can be replayed exactly.
public struct CheckGroup: Sendable {
    public let name: String
    /// Policy groups (the stability policy) run even when `DiffOptions.groups` selects
    /// others, as oasdiff applies them before and around every check.
    public let runsAlways: Bool
    public let run: @Sendable (DiffContext) -> [SpecChange]

    public init(_ name: String, runsAlways: Bool = false, _ run: @escaping @Sendable (DiffContext) -> [SpecChange]) {
        self.name = name
        self.runsAlways = runsAlways
        self.run = run
    }
}
