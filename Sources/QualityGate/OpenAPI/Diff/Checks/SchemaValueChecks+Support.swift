/// One changed body schema: a media type present with a schema on both sides of a paired
/// operation's request body or of one of its paired responses (same status).
///
/// This is the unit oasdiff's body/property checks iterate over: a media type, status or
/// body that exists on one side only is another group's business (media-type/response
/// existence), and an unchanged schema is skipped before any rule looks at it. Sites are
/// computed once per diff and index their changed schemas by keyword, so a group visits only
/// the schemas where its keyword differs.
final class BodySchemaSite {
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
    let facts: SchemaValueFacts

    init(context: DiffContext, facts: SchemaValueFacts, pair: OperationPair, isRequest: Bool, status: String?,
        mediaType: String, changedMediaTypes: Int, base: Schema, revision: Schema)
    {
        self.context = context
        self.facts = facts
        self.pair = pair
        self.isRequest = isRequest
        self.status = status
        self.mediaType = mediaType
        self.changedMediaTypes = changedMediaTypes
        self.base = base
        self.revision = revision
    }

    /// The body schema itself as a property pair (empty name and path).
    var top: PropertyPair { schemaAndProperties[0] }

    /// The body schema and every modified property or nested subschema below it (memoised walk).
    private(set) lazy var schemaAndProperties: [PropertyPair] = context.schemaAndProperties(base, revision)

    /// Positions in `schemaAndProperties` by keyword whose value differs there.
    /// Built once per body schema pair: operations returning the same schemas share it.
    private lazy var byKeyword: [String: [Int]] = facts.perBody("byKeyword", self) {
        var index: [String: [Int]] = [:]
        for (position, pair) in schemaAndProperties.enumerated() {
            for keyword in facts.differingKeywords(pair) { index[keyword, default: []].append(position) }
        }
        return index
    }

    /// The changed schemas (body first, then the walk's order) where one of `keywords` differs.
    func pairs(changing keywords: String...) -> [PropertyPair] {
        let all = schemaAndProperties
        if keywords.count == 1 { return (byKeyword[keywords[0]] ?? []).map { all[$0] } }
        let positions = Set(keywords.flatMap { byKeyword[$0] ?? [] }).sorted()
        return positions.map { all[$0] }
    }

    /// `pairs(changing:)` without the body schema itself.
    func properties(changing keywords: String...) -> [PropertyPair] {
        let all = schemaAndProperties
        let positions = Set(keywords.flatMap { byKeyword[$0] ?? [] }).subtracting([0]).sorted()
        return positions.map { all[$0] }
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
        if facts.isClaimed(id, node) { return nil }
        var text = message
        if changedMediaTypes > 1 { text += " (media type \(mediaType))" }
        return context.change(
            id, self.pair, text, base: baseNode ?? node.base.node, revision: revisionNode ?? node.revision.node)
    }

    /// Properties removed from (`added == false`) or added to (`added == true`) the body schema
    /// or any modified schema below it, found by comparing the property names of each pair
    /// the walk visits (oasdiff's deleted/added-properties walk).
    ///
    /// The list depends only on the body schema pair, so it is built once per pair and
    /// shared by every operation and status that returns the same schemas.
    func propertyPresence(added: Bool) -> [PropertyPresence] {
        facts.perBody(added ? "presenceAdded" : "presenceRemoved", self) {
            var found: [PropertyPresence] = []
            for holder in pairs(changing: "properties") {
                let names = facts.presence(holder, added: added)
                guard !names.isEmpty else { continue }
                // Usually a short list, and scanning one is cheaper than hashing it into a set.
                let required = added ? holder.revision.required : holder.base.required
                let requiredSet = required.count > 16 ? Set(required) : nil
                let path = holder.fullName
                for property in names {
                    let isRequired = requiredSet?.contains(property.name) ?? required.contains(property.name)
                    found.append(PropertyPresence(path: path, name: property.name, schema: property.schema, holder: holder,
                        isRequired: isRequired))
                }
            }
            return found
        }
    }

    /// `make()`'s changes, built once per body schema pair, status and media-type wording
    /// (all that a body change's text and positions depend on) and stamped with this site's
    /// method and path: operations sharing a response schema repeat the same findings
    /// (Stripe: 100,000+ changes from a few thousand texts). For rules that read nothing
    /// else of the site.
    func sharedChanges(_ rule: String, _ make: () -> [SpecChange]) -> [SpecChange] {
        var changes: [SpecChange] = []
        appendSharedChanges(rule, to: &changes, make)
        return changes
    }

    /// `sharedChanges` appended to `changes` (no intermediate list).
    func appendSharedChanges(_ rule: String, to changes: inout [SpecChange], _ make: () -> [SpecChange]) {
        let wording = "\(rule)/\(status ?? "")/\(changedMediaTypes > 1 ? mediaType : "")"
        let template = facts.perBody(wording, self, make)
        guard !template.isEmpty else { return }
        let method = pair.revision.method.uppercased(), path = pair.revision.path
        for change in template {
            // Made afresh rather than copied and overwritten: the template's own method and
            // path would be retained only to be released again.
            changes.append(SpecChange(id: change.id, level: change.level, method: method, path: path,
                message: change.message, base: change.base, revision: change.revision))
        }
    }

    /// Whether a oneOf wrapping of `holder` moved the base property `name` into an alternative.
    func hasMoved(_ name: String, in holder: PropertyPair) -> Bool {
        facts.oneOfWrapping(holder)?.movedProperties.contains(name) ?? false
    }

    /// Enum values added and removed at `pair` (memoised per schema pair).
    func enumChange(_ pair: PropertyPair) -> EnumChange {
        facts.perPair("enum", pair) { EnumChange(pair, context) }
    }

    /// The list-of-types transition at `pair`, if any (memoised per schema pair).
    func listOfTypesChange(_ pair: PropertyPair) -> ListOfTypesChange? {
        facts.perPair("listOfTypes", pair) { ListOfTypesChange(pair.base, pair.revision) }
    }

    /// Whether the body schema itself was wrapped into a oneOf of object alternatives.
    var isWrappedInOneOf: Bool { facts.oneOfWrapping(top) != nil }
}

/// Per-diff caches of the schema value checks, keyed by (base, revision) schema pair so that
/// a component shared by hundreds of operations is examined once.
final class SchemaValueFacts {
    let context: DiffContext
    private var keywords: [DiffContext.PairKey: [String]] = [:]
    private var presences: [DiffContext.PairKey: (added: [(name: String, schema: Schema)], removed: [(name: String, schema: Schema)])] = [:]
    private var transitions: [DiffContext.PairKey: Set<SchemaTransition>] = [:]
    private var wrappings: [DiffContext.PairKey: OneOfWrapping?] = [:]
    private var perPair: [String: [DiffContext.PairKey: Any]] = [:]
    private var claimers: [String: [SchemaTransition]] = [:]
    private(set) lazy var requestSites: [BodySchemaSite] = context.bodySites(facts: self, requests: true)
    private(set) lazy var responseSites: [BodySchemaSite] = context.bodySites(facts: self, requests: false)

    init(context: DiffContext) {
        self.context = context
    }

    private func key(_ pair: PropertyPair) -> DiffContext.PairKey {
        DiffContext.PairKey(base: pair.base.identity, revision: pair.revision.identity)
    }

    /// The schema keywords whose values differ between the two sides of `pair`.
    func differingKeywords(_ pair: PropertyPair) -> [String] {
        let key = key(pair)
        if let known = keywords[key] { return known }
        let baseEntries = pair.base.node.object?.entries ?? [], revisionObject = pair.revision.node.object
        var found: [String] = []
        for entry in baseEntries where !context.isEquivalent(entry.node, revisionObject?[entry.key]) {
            found.append(entry.key)
        }
        for entry in revisionObject?.entries ?? [] where pair.base.node[entry.key] == nil {
            found.append(entry.key)
        }
        keywords[key] = found
        return found
    }

    func presence(_ holder: PropertyPair, added: Bool) -> [(name: String, schema: Schema)] {
        let key = key(holder)
        if let known = presences[key] { return added ? known.added : known.removed }
        // On the raw members: a `Schema` is made only for the properties on one side.
        let baseObject = holder.base.spec.resolve(holder.base.node["properties"])?.object
        let revisionObject = holder.revision.spec.resolve(holder.revision.node["properties"])?.object
        func onlyIn(_ object: SpecObject?, notIn other: SpecObject?, of spec: APISpec) -> [(name: String, schema: Schema)] {
            (object?.entries ?? []).compactMap { entry in
                other?[entry.key] == nil ? (entry.key, Schema(entry.node, in: spec)) : nil
            }
        }
        let value = (added: onlyIn(revisionObject, notIn: baseObject, of: holder.revision.spec),
            removed: onlyIn(baseObject, notIn: revisionObject, of: holder.base.spec))
        presences[key] = value
        return added ? value.added : value.removed
    }

    /// `compute` for the body schema pair of `site`, once per pair and `namespace`.
    func perBody<T>(_ namespace: String, _ site: BodySchemaSite, _ compute: () -> T) -> T {
        cached(namespace, DiffContext.PairKey(base: site.base.identity, revision: site.revision.identity), compute)
    }

    /// `compute` for `pair`, once per (base, revision) schema pair and `namespace`.
    func perPair<T>(_ namespace: String, _ pair: PropertyPair, _ compute: () -> T) -> T {
        cached(namespace, key(pair), compute)
    }

    private func cached<T>(_ namespace: String, _ key: DiffContext.PairKey, _ compute: () -> T) -> T {
        // Unwrap the dictionary entry first: a missing entry cast to an optional `T` would
        // read as a cached `nil`.
        if let entry = perPair[namespace]?[key], let known = entry as? T { return known }
        let value = compute()
        perPair[namespace, default: [:]][key] = value
        return value
    }

    func oneOfWrapping(_ pair: PropertyPair) -> OneOfWrapping? {
        let key = key(pair)
        if let known = wrappings[key] { return known }
        let value = OneOfWrapping(pair.base, pair.revision)
        wrappings[key] = .some(value)
        return value
    }

    /// Whether a change of rule `id` at `pair` is an echo of a transition there. Unknown rules
    /// are never claimed.
    func isClaimed(_ id: String, _ pair: PropertyPair) -> Bool {
        // The transitions that could claim rule `id`, once per rule: asked for every change
        // of a big diff, rebuilding the transitions' keyword sets each time cost 5% of it.
        let candidates: [SchemaTransition]
        if let known = claimers[id] {
            candidates = known
        } else {
            let kind = CheckCatalog.rule(id)?.kind
            candidates = SchemaTransition.allCases.filter { transition in
                kind.map { transition.claimedKinds.contains($0) } == true && !transition.reporters.contains(id)
            }
            claimers[id] = candidates
        }
        guard !candidates.isEmpty else { return false }
        let key = key(pair)
        let present: Set<SchemaTransition>
        if let known = transitions[key] {
            present = known
        } else {
            present = Set(SchemaTransition.allCases.filter { $0.isPresent(pair.base, pair.revision, context) })
            transitions[key] = present
        }
        return candidates.contains { present.contains($0) }
    }
}

extension DiffContext {
    /// The caches and changed body schemas of the schema value checks, built once per diff.
    var schemaValueFacts: SchemaValueFacts {
        memoised("SchemaValueChecks.facts") { SchemaValueFacts(context: self) }
    }

    /// The changed request-body schemas of every paired operation.
    func requestBodySites() -> [BodySchemaSite] { schemaValueFacts.requestSites }

    /// The changed response schemas of every paired operation, per status present on both sides.
    func responseBodySites() -> [BodySchemaSite] { schemaValueFacts.responseSites }

    fileprivate func bodySites(facts: SchemaValueFacts, requests: Bool) -> [BodySchemaSite] {
        var sites: [BodySchemaSite] = []
        for pair in pairs {
            if requests {
                guard let baseBody = pair.base.requestBody, let revisionBody = pair.revision.requestBody else { continue }
                sites += bodySites(facts, pair, status: nil, baseBody.content, revisionBody.content)
            } else {
                for baseResponse in pair.base.responses {
                    guard let revisionResponse = pair.revision.response(baseResponse.status) else { continue }
                    sites += bodySites(facts, pair, status: baseResponse.status, baseResponse.content, revisionResponse.content)
                }
            }
        }
        return sites
    }

    private func bodySites(
        _ facts: SchemaValueFacts, _ pair: OperationPair, status: String?, _ baseContent: [APIMediaType],
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
            BodySchemaSite(context: self, facts: facts, pair: pair, isRequest: status == nil, status: status,
                mediaType: $0.0, changedMediaTypes: modifiedMediaTypes, base: $0.1, revision: $0.2)
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
    /// Whether the holder on the side that has the property lists it as required.
    let isRequired: Bool

    var fullName: String { path.isEmpty ? name : path + "/" + name }
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
