/// The schema predicates behind the structure rules' refinements: validation equivalence
/// (annotations ignored), annotation-only subschemas, oasdiff's "list of types" pattern and
/// its "oneOf wrapping" pattern.
extension SchemaStructureChecks {
    /// Keywords that document a schema without constraining instances.
    static let annotationKeywords: Set<String> = [
        "title", "description", "default", "example", "examples", "externalDocs", "$comment", "$id", "$schema", "$anchor",
    ]

    /// Keywords whose value `false` (or `0`) is the same as leaving them out.
    private static let falseByDefault: Set<String> = [
        "nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum",
        "x-nullable",
    ]
    private static let zeroByDefault: Set<String> = ["minLength", "minItems", "minProperties"]

    /// The keywords of a schema object that constrain instances (annotations and no-op
    /// defaults left out).
    static func constrainingMembers(_ node: SpecNode) -> [SpecObject.Entry] {
        node.members.filter { entry in
            if entry.key == "$ref" || annotationKeywords.contains(entry.key) { return false }
            if falseByDefault.contains(entry.key), entry.node.bool == false { return false }
            if zeroByDefault.contains(entry.key), entry.node.number?.isZero == true { return false }
            return true
        }
    }

    /// True when `raw` (resolved in `spec`) accepts every instance: only annotations, like
    /// `{title: "Pet", description: "…"}` (oasdiff: validation-equivalent to `{}`).
    static func isAnnotationOnly(_ raw: SpecNode, in spec: APISpec) -> Bool {
        let node = spec.resolve(raw)
        if let flag = node.bool { return flag }
        guard node.object != nil else { return false }
        return constrainingMembers(node).isEmpty
    }

    // MARK: Validation equivalence

    /// Keywords whose value is one schema, a list of schemas, or a map of schemas: compared
    /// as schemas (annotations inside ignored); every other keyword is compared by value.
    private static let schemaKeywords: Set<String> = [
        "items", "not", "additionalProperties", "contains", "propertyNames", "unevaluatedItems",
        "unevaluatedProperties", "if", "then", "else", "contentSchema", "additionalItems",
    ]
    private static let schemaListKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    private static let schemaMapKeywords: Set<String> = ["properties", "patternProperties", "dependentSchemas", "$defs"]

    /// True when the base-side schema `base` and the revision-side schema `revision` accept
    /// the same instances as far as their text shows: equal after `$ref`s are followed and
    /// annotation keywords are dropped, at every depth. An absent schema is the empty schema.
    static func validationEquivalent(_ base: SpecNode?, _ revision: SpecNode?, _ context: DiffContext) -> Bool {
        var assumed: Set<DiffContext.PairKey> = []
        return equivalent(base, revision, context, &assumed)
    }

    private static func equivalent(
        _ base: SpecNode?, _ revision: SpecNode?, _ context: DiffContext, _ assumed: inout Set<DiffContext.PairKey>
    ) -> Bool {
        if context.isEquivalent(base, revision) { return true }
        guard let base, let revision else {
            if let only = base { return isAnnotationOnly(only, in: context.base) }
            if let only = revision { return isAnnotationOnly(only, in: context.revision) }
            return true
        }
        let left = context.base.resolve(base), right = context.revision.resolve(revision)
        guard left.object != nil, right.object != nil else { return context.isEquivalent(left, right) }
        let key = DiffContext.PairKey(base: ObjectIdentifier(left), revision: ObjectIdentifier(right))
        // A cycle re-entered: equal so far means equal.
        guard assumed.insert(key).inserted else { return true }
        let leftMembers = constrainingMembers(left), rightMembers = constrainingMembers(right)
        guard leftMembers.count == rightMembers.count else { return false }
        for entry in leftMembers {
            guard let other = rightMembers.first(where: { $0.key == entry.key })?.node else { return false }
            let same: Bool
            if schemaKeywords.contains(entry.key) {
                same = equivalent(entry.node, other, context, &assumed)
            } else if schemaListKeywords.contains(entry.key) {
                let a = entry.node.array ?? [], b = other.array ?? []
                same = a.count == b.count && zip(a, b).allSatisfy { equivalent($0, $1, context, &assumed) }
            } else if schemaMapKeywords.contains(entry.key) {
                let a = context.base.resolve(entry.node).members
                let b = context.revision.resolve(other).members
                same = a.count == b.count && a.allSatisfy { member in
                    guard let match = b.first(where: { $0.key == member.key }) else { return false }
                    return equivalent(member.node, match.node, context, &assumed)
                }
            } else {
                same = context.isEquivalent(entry.node, other)
            }
            if !same { return false }
        }
        return true
    }

    // MARK: List of types

    /// The types a schema allows in oasdiff's "list of types" reading: a single `type`, or a
    /// `oneOf`/`anyOf` whose members are all plain one-type schemas. `nil` when the schema is
    /// not of that shape (it has properties, `allOf`, `not`, or a complex member).
    private static func typePattern(_ schema: Schema) -> (types: Set<String>, isList: Bool)? {
        let node = schema.node
        if node["not"] != nil || !schema.rawList("allOf").isEmpty || !(node["properties"]?.members.isEmpty ?? true) {
            return nil
        }
        if let first = rawTypes(node).first { return ([first], false) }
        for keyword in ["oneOf", "anyOf"] {
            if let types = plainTypes(schema.rawList(keyword), in: schema.spec) { return (types, true) }
        }
        return nil
    }

    /// The types of a `oneOf`/`anyOf` list whose members all are plain one-type schemas
    /// (no properties, no nested composition); `nil` otherwise.
    private static func plainTypes(_ members: [SpecNode], in spec: APISpec) -> Set<String>? {
        guard !members.isEmpty else { return nil }
        var types: Set<String> = []
        for member in members {
            let resolved = spec.resolve(member)
            let memberTypes = rawTypes(resolved)
            guard memberTypes.count == 1, resolved["properties"]?.members.isEmpty ?? true,
                ["oneOf", "anyOf", "allOf"].allSatisfy({ resolved[$0]?.array?.isEmpty ?? true })
            else { return nil }
            types.insert(memberTypes[0])
        }
        return types
    }

    /// `type` as written, `null` included (a string or an array of strings).
    private static func rawTypes(_ node: SpecNode) -> [String] {
        if let single = node["type"]?.string { return [single] }
        return node["type"]?.array?.compactMap(\.string) ?? []
    }

    /// True when the change from `base` to `revision` is a list-of-types
    /// change (types added to or removed from `type: T` ↔ `oneOf`/`anyOf` of plain types);
    /// the list-of-types rules report it, so the `oneOf`/`anyOf` rules stay silent.
    static func listOfTypesChanged(base: Schema, revision: Schema) -> Bool {
        guard let base = typePattern(base), let revision = typePattern(revision) else { return false }
        guard base.isList || revision.isList else { return false }
        return base.types != revision.types
    }

    // MARK: oneOf wrapping

    /// oasdiff's "oneOf wrapping" (oasdiff#702): the base is an object with properties and no
    /// `oneOf`; the revision has no `type` and no properties but a `oneOf` of alternatives into
    /// which at least one base property moved. The properties did not disappear, so the
    /// property rules must not report them removed; the change is reported once as
    /// `*-body-wrapped-in-one-of`.
    struct OneOfWrapping: Sendable {
        /// Base properties found in at least one alternative.
        var movedProperties: [String]
        /// Base-required properties not required in every alternative.
        var requiredBecameOptional: [String]
        var alternatives: Int
    }

    static func oneOfWrapping(base: Schema, revision: Schema) -> OneOfWrapping? {
        let baseProperties = base.properties.map(\.name)
        guard base.rawList("oneOf").isEmpty, !baseProperties.isEmpty else { return nil }
        let alternatives = revision.oneOf
        guard !alternatives.isEmpty, revision.properties.isEmpty, rawTypes(revision.node).isEmpty else { return nil }
        let alternativeProperties = alternatives.map { Set($0.properties.map(\.name)) }
        let moved = baseProperties.filter { name in alternativeProperties.contains { $0.contains(name) } }.sorted()
        guard !moved.isEmpty else { return nil }
        var requiredEverywhere = Set(alternatives[0].required)
        for alternative in alternatives.dropFirst() { requiredEverywhere.formIntersection(alternative.required) }
        let becameOptional = base.required.filter { moved.contains($0) && !requiredEverywhere.contains($0) }.sorted()
        return OneOfWrapping(movedProperties: moved, requiredBecameOptional: becameOptional, alternatives: alternatives.count)
    }

    // MARK: Nullable wrapping

    /// oasdiff's "nullable wrapping" (oasdiff#1088): `plain` became
    /// `oneOf: [{type: "null"}, plain]` (or the reverse), the 3.1 idiom for making a `$ref`'d
    /// schema nullable. `plain` must be free of compositions and reject null; the wrapper must
    /// constrain nothing beside its two branches, one of them exactly `{type: "null"}`, the
    /// other validation-equivalent to `plain`. Returns `true` for a wrap, `false` for an
    /// unwrap, `nil` when neither applies.
    static func nullableWrapping(base: Schema, revision: Schema, _ context: DiffContext) -> Bool? {
        if isNullableWrap(plain: base, wrapped: revision, plainIsBase: true, context) { return true }
        if isNullableWrap(plain: revision, wrapped: base, plainIsBase: false, context) { return false }
        return nil
    }

    private static func isNullableWrap(plain: Schema, wrapped: Schema, plainIsBase: Bool, _ context: DiffContext) -> Bool {
        let branches = wrapped.rawList("oneOf")
        guard branches.count == 2,
            ["oneOf", "anyOf", "allOf"].allSatisfy({ plain.rawList($0).isEmpty }), plain.node["not"] == nil,
            !plain.isNullable,
            constrainingMembers(wrapped.node).allSatisfy({ $0.key == "oneOf" })
        else { return false }
        let isNull = branches.map { branch in
            let node = wrapped.spec.resolve(branch)
            return rawTypes(node) == ["null"] && constrainingMembers(node).allSatisfy { $0.key == "type" }
        }
        guard isNull.filter({ $0 }).count == 1, let payload = zip(branches, isNull).first(where: { !$0.1 })?.0 else {
            return false
        }
        // validationEquivalent takes the base-side schema first.
        return plainIsBase
            ? validationEquivalent(plain.node, payload, context) : validationEquivalent(payload, plain.node, context)
    }

    // MARK: Transition claims

    /// oasdiff's transition claims (`checker/transition_claims.go`): where one edit shows up
    /// as several raw diffs — a nullable wrapping, a oneOf wrapping, a list-of-types change —
    /// the raw findings of the kinds the transition explains are dropped at that schema, and
    /// only the transition's own reporters speak. Returns true when the change `id` at
    /// (`base`, `revision`) is such an echo.
    static func claimedByTransition(_ id: String, base: Schema, revision: Schema, _ context: DiffContext) -> Bool {
        guard let kind = CheckCatalog.rule(id)?.kind else { return false }
        let isTypeOrStructure = kind == "type" || kind == "structure"
        guard isTypeOrStructure || kind == "values" || kind == "constraints" else { return false }
        let present = transitions(base: base, revision: revision, context)
        if present.nullableWrapping, !id.hasSuffix("-became-nullable"), !id.hasSuffix("-became-not-nullable") {
            return true
        }
        guard isTypeOrStructure else { return false }
        if present.oneOfWrapping, !id.hasSuffix("-wrapped-in-one-of"), !id.hasSuffix("-property-one-of-added") {
            return true
        }
        return present.listOfTypes && !id.contains("-list-of-types-")
    }

    /// The transitions present at a schema pair.
    struct Transitions: Sendable {
        var nullableWrapping: Bool
        var oneOfWrapping: Bool
        var listOfTypes: Bool
    }

    /// The transitions at (`base`, `revision`), memoised per pair for the whole diff.
    static func transitions(base: Schema, revision: Schema, _ context: DiffContext) -> Transitions {
        let memo = StructureMemo.of(context)
        let key = DiffContext.PairKey(base: base.identity, revision: revision.identity)
        if let known = memo.transitions[key] { return known }
        let found = Transitions(
            nullableWrapping: nullableWrapping(base: base, revision: revision, context) != nil,
            oneOfWrapping: oneOfWrapping(base: base, revision: revision) != nil,
            listOfTypes: listOfTypesChanged(base: base, revision: revision))
        memo.transitions[key] = found
        return found
    }
}
