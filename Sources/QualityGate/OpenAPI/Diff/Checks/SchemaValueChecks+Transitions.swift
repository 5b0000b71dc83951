/// A schema change that reads as several raw differences but is one edit, recognised so that
/// its echoes are not reported as separate findings (oasdiff's "transitions").
///
/// Making a schema nullable by wrapping it in `oneOf: [{type: "null"}, X]` shows up as a type
/// change, enum values removed and a oneOf added; only "became nullable" is true. Each
/// transition names the rule kinds it explains (`claims`) and the rules that report it
/// (`reporters`, never suppressed). A change is dropped when a transition present at the
/// same schema node claims the kind of its rule.
enum SchemaTransition: CaseIterable {
    /// `X` became `oneOf: [{type: "null"}, X']` with `X'` equivalent to `X`, or back.
    case nullableWrapping
    /// A concrete object became a `oneOf` of object alternatives holding its properties.
    case oneOfWrapping
    /// A single type became a `oneOf`/`anyOf` of single-type schemas, or back.
    case listOfTypes
    /// Only `"null"` was added to or removed from the type list.
    case nullOnlyTypeChange

    var claimedKinds: Set<String> {
        switch self {
        case .nullableWrapping: ["type", "values", "constraints", "structure"]
        case .oneOfWrapping, .listOfTypes: ["type", "structure"]
        case .nullOnlyTypeChange: ["type"]
        }
    }

    var reporters: Set<String> {
        switch self {
        case .nullableWrapping:
            ["request-body-became-nullable", "request-property-became-nullable", "response-body-became-nullable",
                "response-property-became-nullable", "request-parameter-list-of-types-widened"]
        case .oneOfWrapping:
            ["request-body-wrapped-in-one-of", "response-body-wrapped-in-one-of", "request-property-one-of-added",
                "response-property-one-of-added"]
        case .listOfTypes:
            ["request-body-list-of-types-widened", "request-body-list-of-types-narrowed",
                "request-property-list-of-types-widened", "request-property-list-of-types-narrowed",
                "response-body-list-of-types-widened", "response-body-list-of-types-narrowed",
                "response-property-list-of-types-widened", "response-property-list-of-types-narrowed",
                "request-parameter-list-of-types-widened", "request-parameter-list-of-types-narrowed",
                "request-parameter-property-list-of-types-widened", "request-parameter-property-list-of-types-narrowed"]
        case .nullOnlyTypeChange:
            ["request-body-became-nullable", "request-body-became-not-nullable", "request-property-became-nullable",
                "request-property-became-not-nullable", "response-body-became-nullable",
                "response-property-became-nullable"]
        }
    }

    func isPresent(_ base: Schema, _ revision: Schema, _ context: DiffContext) -> Bool {
        switch self {
        case .nullableWrapping: NullableWrapping(base, revision, context) != nil
        case .oneOfWrapping: OneOfWrapping(base, revision) != nil
        case .listOfTypes: ListOfTypesChange(base, revision) != nil
        case .nullOnlyTypeChange:
            base.format == revision.format && Set(base.rawTypes) != Set(revision.rawTypes)
                && Set(base.rawTypes).symmetricDifference(revision.rawTypes) == ["null"]
        }
    }
}

/// `X` ⇄ `oneOf: [{type: "null"}, X']`: the OpenAPI 3.1 way to make a `$ref`'d schema
/// nullable. Recognised only when the wrapper holds nothing but the two branches and `X'`
/// is equivalent to `X` up to annotations.
struct NullableWrapping {
    /// `true`: the revision wraps the base; `false`: the base was the wrapper.
    let nullabilityAdded: Bool

    init?(_ base: Schema, _ revision: Schema, _ context: DiffContext) {
        if Self.wraps(plain: base, wrapper: revision, context) {
            nullabilityAdded = true
        } else if Self.wraps(plain: revision, wrapper: base, context) {
            nullabilityAdded = false
        } else {
            return nil
        }
    }

    private static func wraps(plain: Schema, wrapper: Schema, _ context: DiffContext) -> Bool {
        guard !plain.hasComposition, !plain.isNullableByKeyword else { return false }
        let branches = wrapper.rawList("oneOf")
        guard branches.count == 2 else { return false }
        let others = (wrapper.node.object?.entries ?? []).filter { !annotationKeywords.contains($0.key) && $0.key != "oneOf" }
        guard others.isEmpty else { return false }
        let resolved = branches.map { Schema($0, in: wrapper.spec) }
        let nullBranches = resolved.filter(isBareNull)
        guard nullBranches.count == 1, let payload = resolved.first(where: { !isBareNull($0) }) else { return false }
        return validationEquivalent(plain, payload, context)
    }

    private static func isBareNull(_ schema: Schema) -> Bool {
        guard schema.rawTypes == ["null"] else { return false }
        return (schema.node.object?.entries ?? []).allSatisfy { $0.key == "type" || annotationKeywords.contains($0.key) }
    }
}

/// Keywords that document a schema without constraining it.
let annotationKeywords: Set<String> = [
    "title", "description", "example", "examples", "externalDocs", "$comment", "deprecated", "xml",
]

/// Equal for validation: the same content once top-level annotations are set aside.
func validationEquivalent(_ lhs: Schema, _ rhs: Schema, _ context: DiffContext) -> Bool {
    if context.isEquivalent(lhs.node, rhs.node) { return true }
    let left = (lhs.node.object?.entries ?? []).filter { !annotationKeywords.contains($0.key) }
    let right = (rhs.node.object?.entries ?? []).filter { !annotationKeywords.contains($0.key) }
    guard left.count == right.count else { return false }
    for entry in left {
        guard let match = right.first(where: { $0.key == entry.key }), context.isEquivalent(entry.node, match.node)
        else { return false }
    }
    return true
}

/// A concrete object (properties, no `oneOf`) became a `oneOf` wrapper with no type or
/// properties of its own whose alternatives hold some of the base properties.
struct OneOfWrapping {
    /// Base properties found in at least one alternative: moved, not removed.
    let movedProperties: Set<String>

    init?(_ base: Schema, _ revision: Schema) {
        guard base.rawList("oneOf").isEmpty, !base.properties.isEmpty else { return nil }
        let alternatives = revision.oneOf
        guard !alternatives.isEmpty, revision.properties.isEmpty, revision.rawTypes.isEmpty else { return nil }
        let names = alternatives.reduce(into: Set<String>()) { $0.formUnion($1.properties.map(\.name)) }
        let moved = Set(base.properties.map(\.name)).intersection(names)
        guard !moved.isEmpty else { return nil }
        movedProperties = moved
    }
}

/// The "list of types" pattern: `type: T` versus `oneOf`/`anyOf` of single-type schemas.
struct ListOfTypesChange {
    let added: [String]
    let deleted: [String]

    init?(_ base: Schema, _ revision: Schema) {
        guard let basePattern = Self.pattern(base), let revisionPattern = Self.pattern(revision),
            basePattern.isList || revisionPattern.isList, Set(basePattern.types) != Set(revisionPattern.types)
        else { return nil }
        added = revisionPattern.types.filter { !basePattern.types.contains($0) }.uniqued()
        deleted = basePattern.types.filter { !revisionPattern.types.contains($0) }.uniqued()
        if added.isEmpty && deleted.isEmpty { return nil }
    }

    private static func pattern(_ schema: Schema) -> (types: [String], isList: Bool)? {
        if schema.node["not"] != nil || !schema.rawList("allOf").isEmpty || !schema.properties.isEmpty { return nil }
        if let first = schema.rawTypes.first { return ([first], false) }
        for keyword in ["oneOf", "anyOf"] {
            if let types = singleTypes(schema.rawList(keyword).map { Schema($0, in: schema.spec) }) {
                return (types, true)
            }
        }
        return nil
    }

    /// The types of a non-empty list whose members each declare exactly one type and
    /// nothing structural; `nil` otherwise.
    private static func singleTypes(_ members: [Schema]) -> [String]? {
        guard !members.isEmpty else { return nil }
        var types: [String] = []
        for member in members {
            guard member.rawTypes.count == 1, member.properties.isEmpty, member.rawList("oneOf").isEmpty,
                member.rawList("anyOf").isEmpty, member.rawList("allOf").isEmpty
            else { return nil }
            types.append(member.rawTypes[0])
        }
        return types
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
