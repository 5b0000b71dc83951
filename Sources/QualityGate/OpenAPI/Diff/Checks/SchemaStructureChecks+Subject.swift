/// One changed schema in a request or response body: the body schema itself or a property
/// (or nested subschema) under it, with what a structure rule needs to name the change.
///
/// oasdiff gives every structure rule a "body" ID and a "property" ID
/// (`request-body-one-of-added` / `request-property-one-of-added`) and a request and a
/// response twin; the subject builds the right one from a suffix, so each rule is written once.
struct StructureSubject {
    /// The body it sits in (shared by every subject of that body, so a subject stays small:
    /// a big spec has tens of thousands of modified property pairs).
    let site: StructureSite
    /// oasdiff's property path and name; both empty for the body schema itself.
    let path: String
    let name: String
    let base: Schema
    let revision: Schema

    var context: DiffContext { site.context }
    var pairKey: DiffContext.PairKey { DiffContext.PairKey(base: base.identity, revision: revision.identity) }
    var isRequest: Bool { site.status == nil }
    var isBody: Bool { path.isEmpty && name.isEmpty }

    /// oasdiff's full property name (`data/items/name`, `allOf[#/components/schemas/Pet]`).
    var property: String {
        if path.isEmpty { return name }
        if name.isEmpty { return path }
        return path + "/" + name
    }

    /// `request-body-<suffix>`, `response-property-<suffix>`…
    func id(_ suffix: String) -> String {
        (isRequest ? "request-" : "response-") + (isBody ? "body-" : "property-") + suffix
    }

    /// "the request body", "the request property 'pet/name'"…
    var target: String {
        let side = isRequest ? "request" : "response"
        return isBody ? "the \(side) body" : "the \(side) property '\(property)'"
    }

    /// " for the response status 200", or nothing for a request.
    var statusSuffix: String {
        site.status.map { " for the response status \($0)" } ?? ""
    }

    /// `changes` without those that only echo a transition at this schema (a nullable
    /// wrapping, a oneOf wrapping, a list-of-types change; see `claimedByTransition`).
    func unclaimed(_ changes: [SpecChange]) -> [SpecChange] {
        if changes.isEmpty { return changes }
        return changes.filter { !SchemaStructureChecks.claimedByTransition($0.id, base: base, revision: revision, context) }
    }

    /// A change with ID `<direction>-<body|property>-<suffix>`, located at the given nodes
    /// (default: the schema itself on each side).
    func change(_ suffix: String, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil) -> SpecChange {
        context.change(id(suffix), site.operation, message + statusSuffix,
            base: base ?? self.base.node, revision: revision ?? self.revision.node)
    }
}

/// Where a body sits: the operation pair and, for a response, its status.
final class StructureSite: Sendable {
    let context: DiffContext
    let operation: OperationPair
    /// The response status; `nil` for the request body.
    let status: String?

    init(context: DiffContext, operation: OperationPair, status: String?) {
        self.context = context
        self.operation = operation
        self.status = status
    }
}

/// A request or response body whose schema changed, one media type, with the modified
/// properties under it that carry a structure keyword.
struct StructureBody {
    let top: StructureSubject
    /// Modified properties or nested subschemas (oasdiff's `CheckModifiedPropertiesDiff`
    /// walk, in walk order) where the base or the revision has one of
    /// `SchemaStructureChecks.keywords`.
    let keyed: [StructureSubject]
    /// Keyword → positions in `keyed` of the subjects that have it on either side.
    let byKeyword: [String: [Int]]

    /// The body schema, then the properties where either side has one of `keywords`, in
    /// walk order.
    func subjects(with keywords: Set<String>) -> [StructureSubject] {
        var positions: [Int] = []
        for keyword in keywords { positions += byKeyword[keyword] ?? [] }
        if keywords.count > 1 { positions = Array(Set(positions)).sorted() }
        return [top] + positions.map { keyed[$0] }
    }
}

/// Per-diff memo of the costly structure computations, by (base, revision) schema pair: a
/// component shared by hundreds of bodies is compared once.
final class StructureMemo: @unchecked Sendable {
    struct MemberKey: Hashable {
        var pair: DiffContext.PairKey
        var keyword: String
    }
    var members: [MemberKey: SchemaStructureChecks.MemberDiff] = [:]
    var transitions: [DiffContext.PairKey: SchemaStructureChecks.Transitions] = [:]

    static func of(_ context: DiffContext) -> StructureMemo {
        context.memoised("SchemaStructureChecks.memo") { StructureMemo() }
    }
}

extension SchemaStructureChecks {
    /// Every keyword some structure rule looks at.
    static let keywords: Set<String> = [
        "discriminator", "allOf", "anyOf", "oneOf", "prefixItems", "contains", "minContains", "maxContains",
        "dependentRequired", "dependentSchemas", "if", "then", "else", "propertyNames", "unevaluatedItems",
        "unevaluatedProperties",
    ]

    /// The changed bodies of one side with their keyword-carrying properties, computed once
    /// per diff for all structure groups: a big spec has tens of thousands of modified
    /// property pairs (Stripe: ~79,000 over its response bodies) and only a few carry a
    /// structure keyword.
    static func bodies(_ context: DiffContext, request: Bool) -> [StructureBody] {
        context.memoised(request ? "SchemaStructureChecks.request" : "SchemaStructureChecks.response") {
            (request ? requestBodies(context) : responseBodies(context)).map { top in
                let walk = context.modifiedProperties(top.base, top.revision)
                var keyed: [StructureSubject] = []
                var byKeyword: [String: [Int]] = [:]
                for index in walk.indices {
                    var found: Set<String> = []
                    for entry in walk[index].base.node.members where keywords.contains(entry.key) { found.insert(entry.key) }
                    for entry in walk[index].revision.node.members where keywords.contains(entry.key) { found.insert(entry.key) }
                    guard !found.isEmpty else { continue }
                    for keyword in found { byKeyword[keyword, default: []].append(keyed.count) }
                    let pair = walk[index]
                    keyed.append(StructureSubject(site: top.site, path: pair.path, name: pair.name, base: pair.base,
                        revision: pair.revision))
                }
                return StructureBody(top: top, keyed: keyed, byKeyword: byKeyword)
            }
        }
    }

    /// Request bodies of paired operations whose schema changed, per media type present in
    /// both versions with a schema on both sides (oasdiff's `walkModifiedRequestBodySchemas`).
    private static func requestBodies(_ context: DiffContext) -> [StructureSubject] {
        var bodies: [StructureSubject] = []
        for pair in context.pairs {
            guard let baseBody = pair.base.requestBody, let revisionBody = pair.revision.requestBody else { continue }
            bodies += modifiedMedia(baseBody.content, revisionBody.content, pair, status: nil, context)
        }
        return bodies
    }

    /// Response bodies of paired operations, per status present in both versions and media
    /// type present in both, whose schema changed (oasdiff's `walkModifiedResponseSchemas`).
    private static func responseBodies(_ context: DiffContext) -> [StructureSubject] {
        var bodies: [StructureSubject] = []
        for pair in context.pairs {
            for baseResponse in pair.base.responses {
                guard let revisionResponse = pair.revision.response(baseResponse.status) else { continue }
                bodies += modifiedMedia(baseResponse.content, revisionResponse.content, pair,
                    status: baseResponse.status, context)
            }
        }
        return bodies
    }

    private static func modifiedMedia(
        _ baseContent: [APIMediaType], _ revisionContent: [APIMediaType], _ pair: OperationPair, status: String?,
        _ context: DiffContext
    ) -> [StructureSubject] {
        var bodies: [StructureSubject] = []
        for baseMedia in baseContent {
            guard let baseSchema = baseMedia.schema,
                let revisionSchema = revisionContent.first(where: { $0.name == baseMedia.name })?.schema,
                !context.isEquivalent(baseSchema, revisionSchema)
            else { continue }
            let site = StructureSite(context: context, operation: pair, status: status)
            let top = StructureSubject(site: site, path: "", name: "",
                base: Schema(baseSchema, in: context.base), revision: Schema(revisionSchema, in: context.revision))
            bodies.append(top)
        }
        return bodies
    }

    /// A group that applies `rule` to every changed body schema and every modified property
    /// under it that has one of `keywords`, on the request side or the response side.
    static func perSubject(
        _ name: String, request: Bool, keywords: Set<String>, _ rule: @escaping @Sendable (StructureSubject) -> [SpecChange]
    ) -> CheckGroup {
        CheckGroup(name) { context in
            bodies(context, request: request).flatMap { $0.subjects(with: keywords).flatMap { $0.unclaimed(rule($0)) } }
        }
    }

    /// Quoted, comma-separated names for messages: `'a', 'b'`.
    static func quotedList(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
