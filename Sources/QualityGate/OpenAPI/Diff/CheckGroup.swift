/// A set of rules that run together, named like oasdiff's check group so that oasdiff's
/// tests (which enable one group at a time) can be replayed exactly.
public struct CheckGroup: Sendable {
    public let name: String
    public let run: @Sendable (DiffContext) -> [SpecChange]

    public init(_ name: String, _ run: @escaping @Sendable (DiffContext) -> [SpecChange]) {
        self.name = name
        self.run = run
    }
}
