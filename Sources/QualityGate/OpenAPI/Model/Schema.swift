/// A Schema Object read with the dialect differences taken out.
///
/// OpenAPI 3.0 says `nullable: true` and `exclusiveMinimum: true` (a flag on `minimum`);
/// 3.1 says `type: [T, "null"]` and `exclusiveMinimum: 5` (a number); Swagger 2.0 says
/// `x-nullable`. Real "3.1" documents mix both (the OpenAI spec). Rules ask this view, so
/// that a dialect change alone is never reported as a contract change.
public struct Schema: Sendable {
    /// The Schema Object, resolved.
    public let node: SpecNode
    public let spec: APISpec

    public init(_ node: SpecNode, in spec: APISpec) {
        self.node = spec.resolve(node)
        self.spec = spec
    }

    private func child(_ raw: SpecNode?) -> Schema? {
        raw.map { Schema($0, in: spec) }
    }

    // MARK: Type

    /// Declared types without `"null"`, sorted; empty when `type` is absent.
    public var types: [String] {
        switch node["type"]?.value {
        case .string(let type): return type == "null" ? [] : [type]
        case .array(let items): return items.compactMap(\.string).filter { $0 != "null" }.sorted()
        default: return []
        }
    }

    /// The single declared type, when there is exactly one.
    public var type: String? {
        let types = self.types
        return types.count == 1 ? types[0] : nil
    }

    public var format: String? { node["format"]?.string }

    /// Null allowed through any spelling: `nullable: true` (3.0), `x-nullable` (2.0),
    /// `"null"` in a type array or `type: "null"` (3.1), a `null` branch in oneOf/anyOf, or
    /// `null` among the enum values.
    public var isNullable: Bool {
        if node["nullable"]?.bool == true || node["x-nullable"]?.bool == true { return true }
        switch node["type"]?.value {
        case .string(let type) where type == "null": return true
        case .array(let items) where items.contains(where: { $0.string == "null" }): return true
        default: break
        }
        for branch in (oneOf + anyOf) where branch.node["type"]?.string == "null" { return true }
        return false
    }

    // MARK: Objects

    /// Properties in document order (schemas resolved through `Schema`).
    public var properties: [(name: String, schema: Schema)] {
        (spec.resolve(node["properties"])?.members ?? []).map { ($0.key, Schema($0.node, in: spec)) }
    }

    public func property(_ name: String) -> Schema? {
        child(spec.resolve(node["properties"])?[name])
    }

    public var required: [String] {
        node["required"]?.array?.compactMap(\.string) ?? []
    }

    /// `additionalProperties`: `nil` when absent, else `.bool` or `.schema`.
    public enum Additional: Sendable {
        case bool(Bool)
        case schema(Schema)
    }

    public var additionalProperties: Additional? {
        guard let raw = node["additionalProperties"] else { return nil }
        if let flag = raw.bool { return .bool(flag) }
        return .schema(Schema(raw, in: spec))
    }

    // MARK: Arrays and composition

    public var items: Schema? {
        guard let raw = node["items"], raw.array == nil else { return nil }
        return Schema(raw, in: spec)
    }

    public var allOf: [Schema] { list("allOf") }
    public var anyOf: [Schema] { list("anyOf") }
    public var oneOf: [Schema] { list("oneOf") }
    public var not: Schema? { child(node["not"]) }

    /// The raw (unresolved) members of `allOf`/`anyOf`/`oneOf`/`prefixItems`, so that `$ref`
    /// names stay visible for pairing.
    public func rawList(_ keyword: String) -> [SpecNode] {
        node[keyword]?.array ?? []
    }

    private func list(_ keyword: String) -> [Schema] {
        rawList(keyword).map { Schema($0, in: spec) }
    }

    // MARK: Values

    public var enumValues: [SpecNode]? { node["enum"]?.array }
    public var constValue: SpecNode? { node["const"] }
    public var defaultValue: SpecNode? { node["default"] }
    public var pattern: String? { node["pattern"]?.string }

    // MARK: Bounds

    /// A numeric bound with its exclusiveness, from either dialect.
    public struct Bound: Sendable, Hashable {
        public var value: ExactNumber
        public var exclusive: Bool
    }

    /// `minimum` with 3.0 `exclusiveMinimum: true`, or 3.1 `exclusiveMinimum: n` (the
    /// tighter one when both are present).
    public var minimum: Bound? { bound("minimum", "exclusiveMinimum", lower: true) }
    public var maximum: Bound? { bound("maximum", "exclusiveMaximum", lower: false) }

    private func bound(_ inclusiveKey: String, _ exclusiveKey: String, lower: Bool) -> Bound? {
        let inclusive = node[inclusiveKey]?.number
        let exclusiveNode = node[exclusiveKey]
        if let exclusiveNumber = exclusiveNode?.number {
            guard let inclusive else { return Bound(value: exclusiveNumber, exclusive: true) }
            let exclusiveIsTighter = lower ? exclusiveNumber >= inclusive : exclusiveNumber <= inclusive
            return exclusiveIsTighter ? Bound(value: exclusiveNumber, exclusive: true) : Bound(value: inclusive, exclusive: false)
        }
        guard let inclusive else { return nil }
        return Bound(value: inclusive, exclusive: exclusiveNode?.bool ?? false)
    }

    public var minLength: Int? { node["minLength"]?.int }
    public var maxLength: Int? { node["maxLength"]?.int }
    public var minItems: Int? { node["minItems"]?.int }
    public var maxItems: Int? { node["maxItems"]?.int }
    public var minProperties: Int? { node["minProperties"]?.int }
    public var maxProperties: Int? { node["maxProperties"]?.int }
    public var multipleOf: ExactNumber? { node["multipleOf"]?.number }
    public var uniqueItems: Bool { node["uniqueItems"]?.bool ?? false }

    // MARK: Flags

    public var isReadOnly: Bool { node["readOnly"]?.bool ?? false }
    public var isWriteOnly: Bool { node["writeOnly"]?.bool ?? false }
    public var isDeprecated: Bool { node["deprecated"]?.bool ?? false }
    public var title: String? { node["title"]?.string }
    public var description: String? { node["description"]?.string }

    /// Identity of the resolved node: two views of one component are the same schema.
    public var identity: ObjectIdentifier { ObjectIdentifier(node) }
}
