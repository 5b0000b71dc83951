/// An operation present in both versions.
public struct OperationPair: Sendable {
    public let base: APIOperation
    public let revision: APIOperation
}

/// A pair of schemas at the same place in the two versions.
public struct SchemaPair: Sendable {
    public let base: Schema
    public let revision: Schema
}

/// A property (or nested subschema) present in both versions, reached from a body,
/// parameter or header schema; `path` is oasdiff's property path of the parent
/// (`data/items`, `allOf[#/components/schemas/Pet]`), empty at the top.
public struct PropertyPair: Sendable {
    public let path: String
    /// The property name; empty for a nested subschema (an allOf member, `items`…).
    public let name: String
    public let base: Schema
    public let revision: Schema
    /// The schemas that hold it.
    public let parent: SchemaPair?

    /// `path/name` as oasdiff prints it.
    public var fullName: String {
        if path.isEmpty { return name }
        if name.isEmpty { return path }
        return path + "/" + name
    }
}
