/// An operation present in both versions.
///
/// A class: every change and body site of a big diff holds its pair, and an operation is a
/// dozen references (copying the pair by value cost two dozen reference-count operations).
public final class OperationPair: Sendable {
    public let base: APIOperation
    public let revision: APIOperation

    public init(base: APIOperation, revision: APIOperation) {
        self.base = base
        self.revision = revision
    }
}

/// A pair of schemas at the same place in the two versions.
public struct SchemaPair: Sendable {
    public let base: Schema
    public let revision: Schema
}

/// A property (or nested subschema) present in both versions, reached from a body,
/// parameter or header schema; `path` is oasdiff's property path of the parent
/// (`data/items`, `allOf[#/components/schemas/Pet]`), empty at the top.
///
/// A class, for the same reason as `OperationPair`: the walks of a big diff hold hundreds of
/// thousands of these, copied into every list a check builds (10 references each by value).
public final class PropertyPair: Sendable {
    public let path: String
    /// The property name; empty for a nested subschema (an allOf member, `items`…).
    public let name: String
    public let base: Schema
    public let revision: Schema
    /// The schemas that hold it.
    public let parent: SchemaPair?

    public init(path: String, name: String, base: Schema, revision: Schema, parent: SchemaPair?) {
        self.path = path
        self.name = name
        self.base = base
        self.revision = revision
        self.parent = parent
    }

    /// `path/name` as oasdiff prints it.
    public var fullName: String {
        if path.isEmpty { return name }
        if name.isEmpty { return path }
        return path + "/" + name
    }
}
