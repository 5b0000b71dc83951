/// Everything a check group needs: both specs, the options, the operations paired once, and
/// memoised schema comparison shared by all groups.
///
/// Schema work is memoised on node identity: a component used by 300 operations is compared
/// once per (base, revision) pair, and cycles end at the first re-entry (the failure mode that
/// made oasdiff run for hours, oasdiff/oasdiff#1252).
public final class DiffContext: @unchecked Sendable {
    public let base: APISpec
    public let revision: APISpec
    public let options: DiffOptions
    /// Matched operations (and webhook operations) that the checks look at: those whose
    /// `x-stability-level` is below the threshold are left out (see `StabilityPolicy`).
    public let pairs: [OperationPair]
    public let added: [APIOperation]
    /// Removed operations the checks look at (stability threshold applied).
    public let removed: [APIOperation]
    /// Every matched and removed operation, before the stability threshold: what the
    /// stability policy itself reads.
    public let unfilteredPairs: [OperationPair]
    public let unfilteredRemoved: [APIOperation]

    private var fingerprints: [ObjectIdentifier: ContentHash] = [:]
    private var inProgress: Set<ObjectIdentifier> = []
    private var propertyWalks: [PairKey: [PropertyPair]] = [:]
    private var memos: [String: Any] = [:]
    private var pointers: [ObjectIdentifier: String] = [:]
    /// Every message text made so far, each once: a big diff repeats the same messages
    /// across the operations sharing a schema (Stripe: 217,000 changes, 18,000 distinct
    /// texts of ~450 bytes), and sharing them cut the peak memory by a third.
    private var messages: Set<String> = []

    public init(base: APISpec, revision: APISpec, options: DiffOptions) {
        self.base = base
        self.revision = revision
        self.options = options
        let keyOf: (APIOperation) -> String = options.includePathParameterNames
            ? { $0.method + " " + $0.path } : { $0.key }
        var revisionByKey: [String: APIOperation] = [:]
        for operation in revision.operations where revisionByKey[keyOf(operation)] == nil {
            revisionByKey[keyOf(operation)] = operation
        }
        var pairs: [OperationPair] = []
        var removed: [APIOperation] = []
        var matched: Set<String> = []
        for operation in base.operations {
            let key = keyOf(operation)
            if let other = revisionByKey[key], !matched.contains(key) {
                pairs.append(OperationPair(base: operation, revision: other))
                matched.insert(key)
            } else {
                removed.append(operation)
            }
        }
        let policy = StabilityPolicy(options)
        self.unfilteredPairs = pairs
        self.unfilteredRemoved = removed
        self.pairs = pairs.filter(policy.keeps) + Self.webhookPairs(base, revision)
        self.removed = removed.filter(policy.keepsRemoved)
        self.added = revision.operations.filter { !matched.contains(keyOf($0)) }
    }

    /// Webhook operations present in both versions: oasdiff runs every operation rule on them.
    private static func webhookPairs(_ base: APISpec, _ revision: APISpec) -> [OperationPair] {
        guard !base.webhooks.isEmpty, !revision.webhooks.isEmpty else { return [] }
        var revisionByKey: [String: APIOperation] = [:]
        for operation in revision.webhooks { revisionByKey[operation.method + " " + operation.path] = operation }
        return base.webhooks.compactMap { operation in
            revisionByKey[operation.method + " " + operation.path].map { OperationPair(base: operation, revision: $0) }
        }
    }

    /// A value computed once per diff and shared by the check groups that need it (the
    /// modified operations, their parameter pairings…), so that running 100 groups does not
    /// redo the same pairing 100 times. `key` names the value; `make` must not depend on
    /// the calling group.
    public func memoised<T>(_ key: String, _ make: () -> T) -> T {
        if let known = memos[key] as? T { return known }
        let value = make()
        memos[key] = value
        return value
    }

    // MARK: Making changes

    /// A change for `id` with the level from the catalogue (or an override).
    public func change(
        _ id: String, _ operation: APIOperation?, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil
    ) -> SpecChange {
        // The catalogue's own spelling of the ID: a literal, so the many changes of a big
        // diff share it instead of each holding an interpolated copy.
        let rule = CheckCatalog.rule(id)
        return SpecChange(
            id: rule?.id ?? id, level: (options.levelOverrides.isEmpty ? nil : options.levelOverrides[id]) ?? rule?.level ?? .info,
            method: operation.map { $0.method.uppercased() }, path: operation?.path,
            message: messages.insert(message).memberAfterInsert,
            base: base.map(position), revision: revision.map(position))
    }

    /// Where `node` is, with its JSON pointer from the per-diff cache.
    func position(_ node: SpecNode) -> SpecPosition {
        SpecPosition(node, pointer: pointer(node))
    }

    /// `node.pointer`, memoised. A node does not store its own member name, so a pointer
    /// costs a scan of the siblings at every level; a big diff asks for hundreds of
    /// thousands of them, nearly all under the same few components. On a miss, the
    /// pointers of all the node's siblings are filled in with one scan.
    func pointer(_ node: SpecNode) -> String {
        let id = ObjectIdentifier(node)
        if let known = pointers[id] { return known }
        guard let parent = node.parent else {
            pointers[id] = ""
            return ""
        }
        let prefix = pointer(parent) + "/"
        switch parent.value {
        case .array(let items):
            for (index, item) in items.enumerated() { pointers[ObjectIdentifier(item)] = prefix + String(index) }
        case .object(let object):
            for entry in object.entries { pointers[ObjectIdentifier(entry.node)] = prefix + SpecNode.escape(entry.key) }
        default:
            break
        }
        if let known = pointers[id] { return known }
        let computed = node.pointer  // not found among its parent's children: let the node say
        pointers[id] = computed
        return computed
    }

    /// A change about an operation pair, located at `base`/`revision` nodes.
    public func change(
        _ id: String, _ pair: OperationPair, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil
    ) -> SpecChange {
        change(id, pair.revision, message, base: base ?? pair.base.node, revision: revision ?? pair.revision.node)
    }

    // MARK: Lanes

    /// A context for another thread (see `SpecDiff.changes`): the same operations and
    /// options, and a copy of the value memos computed so far (content hashes, property
    /// walks, pointers), so that a lane does not redo them. `memoised` values are not
    /// copied: they may be classes bound to their context.
    func fork() -> DiffContext {
        DiffContext(copying: self)
    }

    private init(copying other: DiffContext) {
        base = other.base
        revision = other.revision
        options = other.options
        pairs = other.pairs
        added = other.added
        removed = other.removed
        unfilteredPairs = other.unfilteredPairs
        unfilteredRemoved = other.unfilteredRemoved
        fingerprints = other.fingerprints
        propertyWalks = other.propertyWalks
        pointers = other.pointers
        messages = other.messages
    }

    /// Hashes one side of every matched operation (the operation and its path-level
    /// parameters), in pair order: what the stability policy and `modifiedPairs` compare
    /// first, and most of the hashing a diff does. The sides share no nodes, so a fork can
    /// hash the revision while this context hashes the base (see `SpecDiff.changes`); each
    /// side is visited in the same order as when the pairs are compared one by one.
    func hashMatchedOperations(revisionSide: Bool) {
        for pair in unfilteredPairs {
            let operation = revisionSide ? pair.revision : pair.base
            _ = fingerprint(operation.node)
            if let parameters = operation.pathItem["parameters"] { _ = fingerprint(parameters) }
        }
    }

    /// Takes over the content hashes `other` (a fork) computed that this context lacks.
    func adoptFingerprints(of other: DiffContext) {
        fingerprints.merge(other.fingerprints) { mine, _ in mine }
    }

    /// Takes over the property walks `other` (a fork) computed that this context lacks.
    func adoptPropertyWalks(of other: DiffContext) {
        for (key, walk) in other.propertyWalks where propertyWalks[key] == nil { propertyWalks[key] = walk }
    }

    /// The distinct (base, revision) schema pairs of the request and response bodies that
    /// changed, in operation order: where the body and property checks start their walks.
    func changedBodySchemas() -> [(base: Schema, revision: Schema)] {
        var seen: Set<PairKey> = []
        var result: [(base: Schema, revision: Schema)] = []
        func add(_ baseContent: [APIMediaType], _ revisionContent: [APIMediaType]) {
            for baseMedia in baseContent {
                guard let revisionMedia = revisionContent.first(where: { $0.name == baseMedia.name }),
                    let baseSchema = baseMedia.schema, let revisionSchema = revisionMedia.schema,
                    !isEquivalent(baseSchema, revisionSchema)
                else { continue }
                let pair = (base: Schema(baseSchema, in: base), revision: Schema(revisionSchema, in: revision))
                if seen.insert(PairKey(base: pair.base.identity, revision: pair.revision.identity)).inserted {
                    result.append(pair)
                }
            }
        }
        for pair in pairs {
            if let baseBody = pair.base.requestBody, let revisionBody = pair.revision.requestBody {
                add(baseBody.content, revisionBody.content)
            }
            for baseResponse in pair.base.responses {
                guard let revisionResponse = pair.revision.response(baseResponse.status) else { continue }
                add(baseResponse.content, revisionResponse.content)
            }
        }
        return result
    }

    // MARK: Equivalence

    /// True when the two nodes mean the same after following `$ref`s (component names and
    /// key order do not matter; a documentation-only edit does).
    public func isEquivalent(_ lhs: SpecNode?, _ rhs: SpecNode?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (let l?, let r?): return fingerprint(l) == fingerprint(r)
        default: return false
        }
    }

    public func isEquivalent(_ lhs: Schema?, _ rhs: Schema?) -> Bool {
        isEquivalent(lhs?.node, rhs?.node)
    }

    /// A 128-bit content hash of `node`, references followed; a reference re-entered while
    /// its own hash is being computed contributes its `$ref` text (cycles terminate).
    ///
    /// A subtree without references has its hash already (made with the node); only the
    /// nodes above a `$ref` are hashed here, with the same combining rules, and memoised.
    func fingerprint(_ raw: SpecNode) -> ContentHash {
        let node = raw.hasReference ? base.resolveIfKnown(raw) ?? revision.resolve(raw) : raw
        if node.isReferenceFree { return node.contentHash }
        let id = ObjectIdentifier(node)
        if let known = fingerprints[id] { return known }
        if inProgress.contains(id) {
            return ContentHash.reference(raw.reference ?? node.pointer)
        }
        inProgress.insert(id)
        defer { inProgress.remove(id) }
        let result: ContentHash
        switch node.value {
        case .array(let items):
            result = ContentHash.array(items.lazy.map { self.fingerprint($0) })
        case .object(let object):
            result = ContentHash.object(object.entries.lazy.map { ($0.key, self.fingerprint($0.node)) })
        default:
            result = node.contentHash
        }
        fingerprints[id] = result
        return result
    }

    // MARK: Subschema pairing

    /// Pairs the members of two `allOf`/`anyOf`/`oneOf` lists the way oasdiff does: same
    /// `$ref` name, then identical content, then inline members with the same `title`, then
    /// the single untitled inline leftover on each side. Returns index pairs and the unpaired
    /// indices of each side.
    public func pairSubschemas(_ baseList: [SpecNode], _ revisionList: [SpecNode])
        -> (matched: [(Int, Int)], deleted: [Int], added: [Int])
    {
        var baseLeft = Array(baseList.indices)
        var revisionLeft = Array(revisionList.indices)
        var matched: [(Int, Int)] = []
        func take(_ predicate: (SpecNode, SpecNode) -> Bool) {
            var i = 0
            while i < baseLeft.count {
                let b = baseLeft[i]
                if let j = revisionLeft.firstIndex(where: { predicate(baseList[b], revisionList[$0]) }) {
                    matched.append((b, revisionLeft[j]))
                    revisionLeft.remove(at: j)
                    baseLeft.remove(at: i)
                } else {
                    i += 1
                }
            }
        }
        take { l, r in
            guard let lr = l.reference, let rr = r.reference else { return false }
            return lr.split(separator: "/").last == rr.split(separator: "/").last
        }
        take { l, r in self.isEquivalent(l, r) }
        // Titles and the single-leftover rule pair inline members only, as oasdiff does.
        take { l, r in
            guard l.reference == nil, r.reference == nil,
                let lt = self.base.resolve(l)["title"]?.string,
                let rt = self.revision.resolve(r)["title"]?.string
            else { return false }
            return lt == rt
        }
        let baseInline = baseLeft.filter { baseList[$0].reference == nil }
        let revisionInline = revisionLeft.filter { revisionList[$0].reference == nil }
        if baseInline.count == 1, revisionInline.count == 1,
            (baseList[baseInline[0]]["title"]?.string ?? "").isEmpty,
            (revisionList[revisionInline[0]]["title"]?.string ?? "").isEmpty
        {
            matched.append((baseInline[0], revisionInline[0]))
            baseLeft.removeAll { $0 == baseInline[0] }
            revisionLeft.removeAll { $0 == revisionInline[0] }
        }
        matched.sort { $0.0 < $1.0 }
        return (matched, baseLeft, revisionLeft)
    }

    // MARK: Property walk

    struct PairKey: Hashable {
        var base: ObjectIdentifier
        var revision: ObjectIdentifier
    }

    /// A schema pair reached by the walk, and whether through an `allOf` member (oasdiff
    /// walks such a pair again outside `allOf`).
    private struct WalkVisit: Hashable {
        var pair: PairKey
        var underAllOf: Bool
    }

    /// Every modified property or nested subschema under a pair of schemas, depth first:
    /// paired `allOf`/`anyOf`/`oneOf`/`prefixItems` members, `items`, properties matched by name (sorted),
    /// `additionalProperties`, `not`, the 2020-12 single subschemas (`contains`,
    /// `if`/`then`/`else`…) and `patternProperties`/`dependentSchemas` entries matched by key
    /// (oasdiff's "modified properties" walk). Unchanged subtrees are skipped. A (base, revision) pair reached through several paths is walked
    /// once, at the first path, as oasdiff does: a change in a shared schema is one change,
    /// recursive schemas terminate, and a schema DAG with many paths (Stripe's expandable
    /// objects) stays linear instead of exploding into millions of paths.
    public func modifiedProperties(_ base: Schema, _ revision: Schema) -> [PropertyPair] {
        let key = PairKey(base: base.identity, revision: revision.identity)
        if let known = propertyWalks[key] { return known }
        var result: [PropertyPair] = []
        var visited: Set<WalkVisit> = []
        walk(path: "", name: "", base: base, revision: revision, parent: nil, underAllOf: false, visited: &visited,
            into: &result)
        propertyWalks[key] = result
        return result
    }

    private func walk(
        path: String, name: String, base: Schema, revision: Schema, parent: SchemaPair?, underAllOf: Bool,
        visited: inout Set<WalkVisit>, into result: inout [PropertyPair]
    ) {
        if isEquivalent(base.node, revision.node) { return }
        let key = WalkVisit(pair: PairKey(base: base.identity, revision: revision.identity), underAllOf: underAllOf)
        guard visited.insert(key).inserted else { return }
        if !name.isEmpty || !path.isEmpty {
            result.append(PropertyPair(path: path, name: name, base: base, revision: revision, parent: parent))
        }
        let here = name.isEmpty ? path : (path.isEmpty ? name : path + "/" + name)
        let pair = SchemaPair(base: base, revision: revision)
        func join(_ segment: String) -> String { here.isEmpty ? segment : here + "/" + segment }
        func visit(_ path: String, _ name: String, _ base: Schema, _ revision: Schema, allOf: Bool = false) {
            walk(path: path, name: name, base: base, revision: revision, parent: pair, underAllOf: underAllOf || allOf,
                visited: &visited, into: &result)
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let baseList = base.rawList(keyword), revisionList = revision.rawList(keyword)
            guard !baseList.isEmpty, !revisionList.isEmpty else { continue }
            let pairing = pairSubschemas(baseList, revisionList)
            for (b, r) in pairing.matched {
                let label = revisionList[r].reference ?? "#\(r)"
                visit(join("\(keyword)[\(label)]"), "", Schema(baseList[b], in: self.base),
                    Schema(revisionList[r], in: self.revision), allOf: keyword == "allOf")
            }
        }
        if let baseItems = base.items, let revisionItems = revision.items {
            visit(join("items"), "", baseItems, revisionItems)
        }
        for (propertyName, baseProperty) in base.properties.sorted(by: { $0.name < $1.name }) {
            guard let revisionProperty = revision.property(propertyName) else { continue }
            visit(here, propertyName, baseProperty, revisionProperty)
        }
        if case .schema(let baseExtra)? = base.additionalProperties,
            case .schema(let revisionExtra)? = revision.additionalProperties
        {
            visit(join("additionalProperties"), "", baseExtra, revisionExtra)
        }
        if let baseNot = base.not, let revisionNot = revision.not {
            visit(join("not"), "", baseNot, revisionNot)
        }
        // JSON Schema 2020-12 subschemas, as oasdiff walks them.
        let basePrefix = base.rawList("prefixItems"), revisionPrefix = revision.rawList("prefixItems")
        if !basePrefix.isEmpty, !revisionPrefix.isEmpty {
            for (b, r) in pairSubschemas(basePrefix, revisionPrefix).matched {
                visit(join("prefixItems[\(revisionPrefix[r].reference ?? "#\(r)")]"), "",
                    Schema(basePrefix[b], in: self.base), Schema(revisionPrefix[r], in: self.revision))
            }
        }
        for keyword in Self.singleSubschemaKeywords {
            guard let baseSub = base.node[keyword], baseSub.object != nil,
                let revisionSub = revision.node[keyword], revisionSub.object != nil
            else { continue }
            visit(join(keyword), "", Schema(baseSub, in: self.base), Schema(revisionSub, in: self.revision))
        }
        for keyword in ["patternProperties", "dependentSchemas"] {
            guard let baseMap = self.base.resolve(base.node[keyword])?.object,
                let revisionMap = self.revision.resolve(revision.node[keyword])?.object
            else { continue }
            for entry in baseMap.entries {
                guard let revisionSub = revisionMap[entry.key] else { continue }
                visit(join("\(keyword)[\(entry.key)]"), "", Schema(entry.node, in: self.base),
                    Schema(revisionSub, in: self.revision))
            }
        }
    }

    /// Keywords holding one subschema that the walk descends into besides `items`,
    /// `additionalProperties` and `not`.
    static let singleSubschemaKeywords = [
        "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "if", "then", "else", "contentSchema",
    ]

    /// The pair itself plus every modified property/subschema pair under it, so that a check
    /// can look at "all schemas that changed" in one loop (`pair.name.isEmpty && pair.path.isEmpty`
    /// is the top-level body/parameter schema).
    public func schemaAndProperties(_ base: Schema, _ revision: Schema) -> [PropertyPair] {
        [PropertyPair(path: "", name: "", base: base, revision: revision, parent: nil)]
            + modifiedProperties(base, revision)
    }
}
