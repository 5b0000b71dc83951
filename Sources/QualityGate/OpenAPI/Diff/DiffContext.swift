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
    public let pairs: [OperationPair]
    public let added: [APIOperation]
    public let removed: [APIOperation]

    private var fingerprints: [ObjectIdentifier: Fingerprint] = [:]
    private var inProgress: Set<ObjectIdentifier> = []
    private var propertyWalks: [PairKey: [PropertyPair]] = [:]
    private var groupMemo: [String: Any] = [:]

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
        self.pairs = pairs
        self.removed = removed
        self.added = revision.operations.filter { !matched.contains(keyOf($0)) }
    }

    // MARK: Making changes

    /// A change for `id` with the level from the catalogue (or an override).
    public func change(
        _ id: String, _ operation: APIOperation?, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil
    ) -> SpecChange {
        SpecChange(
            id: id, level: options.levelOverrides[id] ?? CheckCatalog.level(id),
            method: operation.map { $0.method.uppercased() }, path: operation?.path, message: message,
            base: base.map(SpecPosition.init), revision: revision.map(SpecPosition.init))
    }

    /// A change about an operation pair, located at `base`/`revision` nodes.
    public func change(
        _ id: String, _ pair: OperationPair, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil
    ) -> SpecChange {
        change(id, pair.revision, message, base: base ?? pair.base.node, revision: revision ?? pair.revision.node)
    }

    // MARK: Shared results

    /// A value computed once per diff and shared by the check groups that ask for it under
    /// the same `key` (e.g. the changed body schemas, walked once rather than once per
    /// group). Groups run one after another, so no locking is needed.
    public func memoised<T>(_ key: String, _ compute: () -> T) -> T {
        if let entry = groupMemo[key], let known = entry as? T { return known }
        let value = compute()
        groupMemo[key] = value
        return value
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

    struct Fingerprint: Hashable {
        var a: UInt64
        var b: UInt64
    }

    /// A 128-bit content hash of `node`, references followed; a reference re-entered while
    /// its own hash is being computed contributes its `$ref` text (cycles terminate).
    func fingerprint(_ raw: SpecNode) -> Fingerprint {
        let node = raw.reference == nil ? raw : base.document.resolveIfKnown(raw) ?? revision.document.resolve(raw)
        let id = ObjectIdentifier(node)
        if let known = fingerprints[id] { return known }
        if inProgress.contains(id) {
            return Self.hash(string: "$ref:" + (raw.reference ?? node.pointer))
        }
        inProgress.insert(id)
        defer { inProgress.remove(id) }
        var hasher = FingerprintHasher()
        switch node.value {
        case .null: hasher.mix("n")
        case .bool(let flag): hasher.mix(flag ? "t" : "f")
        case .number(let text): hasher.mix("#" + (ExactNumber(text)?.canonical ?? text))
        case .string(let text): hasher.mix("s" + text)
        case .array(let items):
            hasher.mix("[")
            for item in items { hasher.mix(fingerprint(item)) }
            hasher.mix("]")
        case .object(let object):
            // Order-independent: combine member hashes commutatively.
            var sumA: UInt64 = 0, sumB: UInt64 = 0
            for entry in object.entries where entry.key != "$ref" {
                var member = FingerprintHasher()
                member.mix("k" + entry.key)
                member.mix(fingerprint(entry.node))
                sumA = sumA &+ member.a
                sumB = sumB &+ member.b
            }
            hasher.mix("{")
            hasher.mix(Fingerprint(a: sumA, b: sumB))
        }
        let result = Fingerprint(a: hasher.a, b: hasher.b)
        fingerprints[id] = result
        return result
    }

    static func hash(string: String) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.mix(string)
        return Fingerprint(a: hasher.a, b: hasher.b)
    }

    // MARK: Subschema pairing

    /// Pairs the members of two `allOf`/`anyOf`/`oneOf` lists the way oasdiff does: same
    /// `$ref` name, then identical content, then same `title`, then a single leftover on each
    /// side. Returns index pairs and the unpaired indices of each side.
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
        take { l, r in
            guard let lt = self.base.document.resolve(l)["title"]?.string,
                let rt = self.revision.document.resolve(r)["title"]?.string
            else { return false }
            return lt == rt
        }
        if baseLeft.count == 1, revisionLeft.count == 1,
            baseList[baseLeft[0]].reference == nil, revisionList[revisionLeft[0]].reference == nil
        {
            matched.append((baseLeft[0], revisionLeft[0]))
            baseLeft.removeAll()
            revisionLeft.removeAll()
        }
        matched.sort { $0.0 < $1.0 }
        return (matched, baseLeft, revisionLeft)
    }

    // MARK: Property walk

    struct PairKey: Hashable {
        var base: ObjectIdentifier
        var revision: ObjectIdentifier
    }

    /// Every modified property or nested subschema under a pair of schemas, depth first:
    /// properties matched by name, `items`, `additionalProperties`, `not`, paired
    /// `allOf`/`anyOf`/`oneOf`/`prefixItems` members, the 2020-12 single subschemas
    /// (`contains`, `if`/`then`/`else`…) and `patternProperties`/`dependentSchemas` entries
    /// matched by key (oasdiff's "modified properties" walk). Unchanged subtrees are
    /// skipped; each (base, revision) pair is expanded once per walk (the first path that
    /// reaches it names its subtree) and never inside itself, so shared and recursive
    /// schemas cost time linear in the number of changed pairs.
    public func modifiedProperties(_ base: Schema, _ revision: Schema) -> [PropertyPair] {
        let key = PairKey(base: base.identity, revision: revision.identity)
        if let known = propertyWalks[key] { return known }
        var result: [PropertyPair] = []
        var stack: Set<PairKey> = [], expanded: Set<PairKey> = []
        walk(path: "", name: "", base: base, revision: revision, parent: nil, stack: &stack, expanded: &expanded,
            into: &result)
        propertyWalks[key] = result
        return result
    }

    private func walk(
        path: String, name: String, base: Schema, revision: Schema, parent: SchemaPair?,
        stack: inout Set<PairKey>, expanded: inout Set<PairKey>, into result: inout [PropertyPair]
    ) {
        if isEquivalent(base.node, revision.node) { return }
        let key = PairKey(base: base.identity, revision: revision.identity)
        if stack.contains(key) { return }  // a cycle back to an enclosing pair
        if !name.isEmpty || !path.isEmpty {
            result.append(PropertyPair(path: path, name: name, base: base, revision: revision, parent: parent))
        }
        // A pair reached again through another path (a component used in several places) is
        // listed there too, but its subtree only once: enumerating every path is exponential
        // on real specs (Stripe: 40,000 pairs for one response).
        guard expanded.insert(key).inserted else { return }
        stack.insert(key)
        defer { stack.remove(key) }
        let here = name.isEmpty ? path : (path.isEmpty ? name : path + "/" + name)
        let pair = SchemaPair(base: base, revision: revision)
        func join(_ segment: String) -> String { here.isEmpty ? segment : here + "/" + segment }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let baseList = base.rawList(keyword), revisionList = revision.rawList(keyword)
            guard !baseList.isEmpty, !revisionList.isEmpty else { continue }
            let pairing = pairSubschemas(baseList, revisionList)
            for (b, r) in pairing.matched {
                let label = revisionList[r].reference ?? "#\(r)"
                walk(path: join("\(keyword)[\(label)]"), name: "", base: Schema(baseList[b], in: self.base),
                    revision: Schema(revisionList[r], in: self.revision), parent: pair, stack: &stack, expanded: &expanded, into: &result)
            }
        }
        if let baseItems = base.items, let revisionItems = revision.items {
            walk(path: join("items"), name: "", base: baseItems, revision: revisionItems, parent: pair,
                stack: &stack, expanded: &expanded, into: &result)
        }
        if case .schema(let baseExtra)? = base.additionalProperties,
            case .schema(let revisionExtra)? = revision.additionalProperties
        {
            walk(path: join("additionalProperties"), name: "", base: baseExtra, revision: revisionExtra, parent: pair,
                stack: &stack, expanded: &expanded, into: &result)
        }
        if let baseNot = base.not, let revisionNot = revision.not {
            walk(path: join("not"), name: "", base: baseNot, revision: revisionNot, parent: pair, stack: &stack, expanded: &expanded, into: &result)
        }
        // JSON Schema 2020-12 subschemas, as oasdiff walks them.
        let basePrefix = base.rawList("prefixItems"), revisionPrefix = revision.rawList("prefixItems")
        if !basePrefix.isEmpty, !revisionPrefix.isEmpty {
            for (b, r) in pairSubschemas(basePrefix, revisionPrefix).matched {
                walk(path: join("prefixItems[\(revisionPrefix[r].reference ?? "#\(r)")]"), name: "",
                    base: Schema(basePrefix[b], in: self.base), revision: Schema(revisionPrefix[r], in: self.revision),
                    parent: pair, stack: &stack, expanded: &expanded, into: &result)
            }
        }
        for keyword in Self.singleSubschemaKeywords {
            guard let baseSub = base.node[keyword], baseSub.object != nil,
                let revisionSub = revision.node[keyword], revisionSub.object != nil
            else { continue }
            walk(path: join(keyword), name: "", base: Schema(baseSub, in: self.base),
                revision: Schema(revisionSub, in: self.revision), parent: pair, stack: &stack, expanded: &expanded, into: &result)
        }
        for keyword in ["patternProperties", "dependentSchemas"] {
            guard let baseMap = self.base.document.resolve(base.node[keyword])?.object,
                let revisionMap = self.revision.document.resolve(revision.node[keyword])?.object
            else { continue }
            for entry in baseMap.entries {
                guard let revisionSub = revisionMap[entry.key] else { continue }
                walk(path: join("\(keyword)[\(entry.key)]"), name: "", base: Schema(entry.node, in: self.base),
                    revision: Schema(revisionSub, in: self.revision), parent: pair, stack: &stack, expanded: &expanded, into: &result)
            }
        }
        let revisionProperties = revision.properties
        for (propertyName, baseProperty) in base.properties {
            guard let revisionProperty = revisionProperties.first(where: { $0.name == propertyName })?.schema else { continue }
            walk(path: here, name: propertyName, base: baseProperty, revision: revisionProperty, parent: pair,
                stack: &stack, expanded: &expanded, into: &result)
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

/// Two independent 64-bit FNV-1a style streams; enough to make accidental collisions of
/// spec fragments practically impossible.
struct FingerprintHasher {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func mix(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(UInt8(0xFF))
    }

    mutating func mix(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9E37_79B9_7F4A_7C15
    }

    mutating func mix(_ value: DiffContext.Fingerprint) {
        for shift in stride(from: 0, to: 64, by: 8) {
            mix(UInt8(truncatingIfNeeded: value.a >> UInt64(shift)))
            mix(UInt8(truncatingIfNeeded: value.b >> UInt64(shift)))
        }
    }
}
