/// One changed body schema: a media type present with a schema on both sides of a paired
/// operation's request body or of one of its paired responses (same status).
///
/// This is the unit oasdiff's body/property checks iterate over: a media type, status or
/// body that exists on one side only is another group's business (media-type/response
/// existence), and an unchanged schema is skipped before any rule looks at it.
struct BodySchemaSite {
    let context: DiffContext
    let pair: OperationPair
    /// `true` for a request body, `false` for a response.
    let isRequest: Bool
    /// The response status (`200`, `default`); `nil` for a request body.
    let status: String?
    let mediaType: String
    /// How many media types of this body/response changed: messages name the media type
    /// only when there is more than one, as oasdiff does.
    let changedMediaTypes: Int
    let base: Schema
    let revision: Schema

    /// The body schema itself as a property pair (empty name and path).
    var top: PropertyPair {
        PropertyPair(path: "", name: "", base: base, revision: revision, parent: nil)
    }

    /// Every modified property or nested subschema below the body schema (memoised walk).
    var properties: [PropertyPair] {
        context.modifiedProperties(base, revision)
    }

    /// The body schema and every modified property below it.
    var schemaAndProperties: [PropertyPair] {
        context.schemaAndProperties(base, revision)
    }

    /// `" for the status 200"` for responses, empty for requests.
    var statusSuffix: String {
        status.map { " for the status \($0)" } ?? ""
    }

    /// The word used in messages: `request` or `response`.
    var side: String { isRequest ? "request" : "response" }

    /// A change at `at` (the body schema when `nil`), unless a schema transition at that
    /// node explains it (see `SchemaTransition`).
    func change(
        _ id: String, _ message: String, at pair: PropertyPair? = nil, base baseNode: SpecNode? = nil,
        revision revisionNode: SpecNode? = nil
    ) -> SpecChange? {
        let node = pair ?? top
        if SchemaTransition.claims(id, node.base, node.revision, context) { return nil }
        var text = message
        if changedMediaTypes > 1 { text += " (media type \(mediaType))" }
        return context.change(
            id, self.pair, text, base: baseNode ?? node.base.node, revision: revisionNode ?? node.revision.node)
    }
}

extension DiffContext {
    /// The changed request-body schemas of every paired operation.
    func requestBodySites() -> [BodySchemaSite] {
        var sites: [BodySchemaSite] = []
        for pair in pairs {
            guard let baseBody = pair.base.requestBody, let revisionBody = pair.revision.requestBody else { continue }
            sites += bodySites(pair, isRequest: true, status: nil, baseBody.content, revisionBody.content)
        }
        return sites
    }

    /// The changed response schemas of every paired operation, per status present on both sides.
    func responseBodySites() -> [BodySchemaSite] {
        var sites: [BodySchemaSite] = []
        for pair in pairs {
            for baseResponse in pair.base.responses {
                guard let revisionResponse = pair.revision.response(baseResponse.status) else { continue }
                sites += bodySites(pair, isRequest: false, status: baseResponse.status, baseResponse.content,
                    revisionResponse.content)
            }
        }
        return sites
    }

    private func bodySites(
        _ pair: OperationPair, isRequest: Bool, status: String?, _ baseContent: [APIMediaType],
        _ revisionContent: [APIMediaType]
    ) -> [BodySchemaSite] {
        var changed: [(String, Schema, Schema)] = []
        var modifiedMediaTypes = 0
        for baseMedia in baseContent {
            guard let revisionMedia = revisionContent.first(where: { $0.name == baseMedia.name }) else { continue }
            if isEquivalent(baseMedia.node, revisionMedia.node) && isEquivalent(baseMedia.schema, revisionMedia.schema) {
                continue
            }
            modifiedMediaTypes += 1
            guard let baseSchema = baseMedia.schema, let revisionSchema = revisionMedia.schema,
                !isEquivalent(baseSchema, revisionSchema)
            else { continue }
            changed.append((baseMedia.name, Schema(baseSchema, in: base), Schema(revisionSchema, in: revision)))
        }
        return changed.map {
            BodySchemaSite(context: self, pair: pair, isRequest: isRequest, status: status, mediaType: $0.0,
                changedMediaTypes: modifiedMediaTypes, base: $0.1, revision: $0.2)
        }
    }
}

// MARK: Property names

/// A property present on one side only, below a changed body schema.
struct PropertyPresence {
    /// oasdiff's path of the holder (`data/items`), empty at the top.
    let path: String
    let name: String
    /// The property schema on the side that has it.
    let schema: Schema
    /// The holder on both sides.
    let holder: PropertyPair

    var fullName: String { path.isEmpty ? name : path + "/" + name }
}

extension BodySchemaSite {
    /// Properties removed from (`added == false`) or added to (`added == true`) the body schema
    /// or any modified schema below it, found by comparing property names of each pair the
    /// walk visits (oasdiff's deleted/added-properties walk).
    func propertyPresence(added: Bool) -> [PropertyPresence] {
        var found: [PropertyPresence] = []
        for holder in schemaAndProperties {
            let (from, to) = added ? (holder.revision, holder.base) : (holder.base, holder.revision)
            let other = Set(to.properties.map(\.name))
            for (name, schema) in from.properties where !other.contains(name) {
                found.append(PropertyPresence(path: holder.fullName, name: name, schema: schema, holder: holder))
            }
        }
        return found
    }
}

extension PropertyPair {
    /// The property name within its holder, or `nil` for a nested subschema.
    var propertyName: String? { name.isEmpty ? nil : name }

    /// Whether the holder lists this property as required on the given side.
    func isRequired(inBase: Bool) -> Bool {
        guard let parent, !name.isEmpty else { return false }
        return (inBase ? parent.base : parent.revision).required.contains(name)
    }
}

// MARK: Values

extension SpecNode {
    /// A value for messages: strings quoted, everything else as JSON text.
    var messageText: String {
        switch value {
        case .string(let text): return "'\(text)'"
        default: return canonicalText
        }
    }
}

extension Schema {
    /// The raw `type` entries as written, `"null"` included.
    var rawTypes: [String] {
        switch node["type"]?.value {
        case .string(let type): return [type]
        case .array(let items): return items.compactMap(\.string)
        default: return []
        }
    }

    /// Null allowed through a keyword or the type: `nullable: true` (3.0), `x-nullable: true`
    /// (2.0) or `"null"` among the types (3.1). A `oneOf` null branch is a separate
    /// transition (`SchemaTransition.nullableWrapping`).
    var isNullableByKeyword: Bool {
        node["nullable"]?.bool == true || node["x-nullable"]?.bool == true || rawTypes.contains("null")
    }

    /// A numeric keyword (`minimum`, 3.1 `exclusiveMinimum`…), absent when not a number.
    func numberKeyword(_ keyword: String) -> ExactNumber? { node[keyword]?.number }

    var hasComposition: Bool {
        !rawList("oneOf").isEmpty || !rawList("anyOf").isEmpty || !rawList("allOf").isEmpty || node["not"] != nil
    }
}

/// `'a', 'b'` for messages.
func quotedList(_ items: [String]) -> String {
    items.map { "'\($0)'" }.joined(separator: ", ")
}
