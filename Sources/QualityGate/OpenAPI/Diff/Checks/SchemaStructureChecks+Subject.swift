/// One changed schema in a request or response body: the body schema itself or a property
/// (or nested subschema) under it, with what a structure rule needs to name the change.
///
/// oasdiff gives every structure rule a "body" ID and a "property" ID
/// (`request-body-one-of-added` / `request-property-one-of-added`) and a request and a
/// response twin; the subject builds the right one from a suffix, so each rule is written once.
struct StructureSubject {
    let context: DiffContext
    let operation: OperationPair
    /// The response status; `nil` for the request body.
    let status: String?
    /// oasdiff's full property name (`data/items/name`, `allOf[#/components/schemas/Pet]`);
    /// empty for the body schema itself.
    let property: String
    let base: Schema
    let revision: Schema

    var isRequest: Bool { status == nil }
    var isBody: Bool { property.isEmpty }

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
        status.map { " for the response status \($0)" } ?? ""
    }

    /// A change with ID `<direction>-<body|property>-<suffix>`, located at the given nodes
    /// (default: the schema itself on each side).
    func change(_ suffix: String, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil) -> SpecChange {
        context.change(id(suffix), operation, message + statusSuffix,
            base: base ?? self.base.node, revision: revision ?? self.revision.node)
    }
}

/// A request or response body whose schema changed, one media type.
struct StructureBody {
    let top: StructureSubject

    /// Every modified property or nested subschema under the body (oasdiff's
    /// `CheckModifiedPropertiesDiff` walk), memoised by the context.
    var properties: [StructureSubject] {
        top.context.modifiedProperties(top.base, top.revision).map {
            StructureSubject(context: top.context, operation: top.operation, status: top.status,
                property: $0.fullName, base: $0.base, revision: $0.revision)
        }
    }

    /// The body schema first, then every modified property under it.
    var subjects: [StructureSubject] { [top] + properties }
}

extension SchemaStructureChecks {
    /// Request bodies of paired operations whose schema changed, per media type present in
    /// both versions with a schema on both sides (oasdiff's `walkModifiedRequestBodySchemas`).
    static func requestBodies(_ context: DiffContext) -> [StructureBody] {
        var bodies: [StructureBody] = []
        for pair in context.pairs {
            guard let baseBody = pair.base.requestBody, let revisionBody = pair.revision.requestBody else { continue }
            bodies += modifiedMedia(baseBody.content, revisionBody.content, pair, status: nil, context)
        }
        return bodies
    }

    /// Response bodies of paired operations, per status present in both versions and media
    /// type present in both, whose schema changed (oasdiff's `walkModifiedResponseSchemas`).
    static func responseBodies(_ context: DiffContext) -> [StructureBody] {
        var bodies: [StructureBody] = []
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
    ) -> [StructureBody] {
        var bodies: [StructureBody] = []
        for baseMedia in baseContent {
            guard let baseSchema = baseMedia.schema,
                let revisionSchema = revisionContent.first(where: { $0.name == baseMedia.name })?.schema,
                !context.isEquivalent(baseSchema, revisionSchema)
            else { continue }
            let top = StructureSubject(context: context, operation: pair, status: status, property: "",
                base: Schema(baseSchema, in: context.base), revision: Schema(revisionSchema, in: context.revision))
            bodies.append(StructureBody(top: top))
        }
        return bodies
    }

    /// A group that applies `rule` to every changed body schema and every modified property
    /// under it, on the request side or the response side.
    static func perSubject(
        _ name: String, request: Bool, _ rule: @escaping @Sendable (StructureSubject) -> [SpecChange]
    ) -> CheckGroup {
        CheckGroup(name) { context in
            let bodies = request ? requestBodies(context) : responseBodies(context)
            return bodies.flatMap { $0.subjects.flatMap(rule) }
        }
    }

    /// Quoted, comma-separated names for messages: `'a', 'b'`.
    static func quotedList(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
