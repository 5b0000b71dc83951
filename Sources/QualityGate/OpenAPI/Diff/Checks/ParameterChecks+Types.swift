/// Type and format changes of parameter schemas (and the list-of-types pattern,
/// `oneOf: [{type: string}, {type: integer}]`), with oasdiff's compatibility lattice:
/// integer fits in number, int32 in int64, date in date-time, and on the wire a query,
/// path, header or cookie value is text, so widening to string is safe.
struct TypeChange: Sendable {
    let baseTypes: [String]
    let revisionTypes: [String]
    let baseFormat: String
    let revisionFormat: String

    /// Types only in the revision / only in the base (`null` aside: nullability has its own rules).
    var added: [String] { revisionTypes.filter { !baseTypes.contains($0) } }
    var deleted: [String] { baseTypes.filter { !revisionTypes.contains($0) } }
    var typeChanged: Bool { baseTypes != revisionTypes }
    var formatChanged: Bool { baseFormat != revisionFormat }

    /// `nil` when neither the type nor the format changed.
    init?(_ base: Schema, _ revision: Schema) {
        baseTypes = base.types
        revisionTypes = revision.types
        baseFormat = base.format ?? ""
        revisionFormat = revision.format ?? ""
        guard baseTypes != revisionTypes || baseFormat != revisionFormat else { return nil }
    }

    /// `type`, `format` or `type/format`: what moved, for messages.
    var dimension: String {
        switch (typeChanged, formatChanged) {
        case (true, true): "type/format"
        case (true, false): "type"
        default: "format"
        }
    }

    var baseText: String { Self.text(baseTypes, baseFormat) }
    var revisionText: String { Self.text(revisionTypes, revisionFormat) }

    private static func text(_ types: [String], _ format: String) -> String {
        let type = types.isEmpty ? "any" : types.joined(separator: "|")
        return format.isEmpty ? type : "\(type)/\(format)"
    }

    // MARK: Request side (toward the revision)

    /// A request change that may reject values the base accepted.
    func requestBreaking(stronglyTyped: Bool) -> Bool {
        let typeBreaking = typeChanged && !TypeLattice.isTypeContained(to: added, from: deleted, stronglyTyped: stronglyTyped)
        let formatBreaking = formatChanged && !TypeLattice.isFormatContained(types: revisionTypes, to: revisionFormat, from: baseFormat)
        return typeBreaking || formatBreaking
    }

    // MARK: Response side (toward the base)

    /// The returned type set only narrowed (every revision type was possible before).
    var isNarrowing: Bool { typeChanged && TypeLattice.isSubset(revisionTypes, of: baseTypes) }
    var isWidening: Bool { typeChanged && TypeLattice.isSubset(baseTypes, of: revisionTypes) }

    /// A response change that may return values a base client does not expect.
    func responseBreaking(stronglyTyped: Bool) -> Bool {
        let typeMoved = typeChanged && !isNarrowing
        if typeMoved, baseTypes.isEmpty { return false }
        let typeBreaking = typeMoved && !TypeLattice.isTypeContained(to: deleted, from: added, stronglyTyped: stronglyTyped)
        let formatBreaking = formatChanged && !TypeLattice.isFormatContained(types: baseTypes, to: baseFormat, from: revisionFormat)
        return typeBreaking || formatBreaking
    }
}

extension ParameterChecks {
    static let typeGroups: [CheckGroup] = [typeChanged, listOfTypesChanged]

    static let typeChanged = CheckGroup("RequestParameterTypeChangedCheck") { context in
        var result: [SpecChange] = []
        for change in schemaChanges(context) {
            let label = change.parameter.label
            if let type = TypeChange(change.base, change.revision) {
                let breaking = type.requestBreaking(stronglyTyped: false)
                    && !isScalarToFormExplodeArray(change, type)
                result.append(context.change(breaking ? "request-parameter-type-changed" : "request-parameter-type-generalized",
                    change.operation,
                    "for the \(label), the \(type.dimension) was \(breaking ? "changed" : "widened") from \(type.baseText) to \(type.revisionText)",
                    base: change.base.node, revision: change.revision.node))
            }
            for property in changedProperties(context, change) {
                guard let type = TypeChange(property.base, property.revision) else { continue }
                // An object parameter's serialization is unknown: if it matters, only warn.
                let strict = type.requestBreaking(stronglyTyped: true), loose = type.requestBreaking(stronglyTyped: false)
                let (id, verb) =
                    strict != loose
                    ? ("request-parameter-property-type-changed", "changed")
                    : strict ? ("request-parameter-property-type-specialized", "narrowed")
                    : ("request-parameter-property-type-generalized", "widened")
                result.append(context.change(id, change.operation,
                    "for the \(label), the \(type.dimension) of property '\(property.fullName)' was \(verb) from \(type.baseText) to \(type.revisionText)",
                    base: property.base.node, revision: property.revision.node))
            }
        }
        return result
    }

    /// A scalar query/cookie parameter becoming a form-exploded array whose items accept every
    /// old value: `?color=red` is still a valid one-element array, so nothing breaks.
    private static func isScalarToFormExplodeArray(_ change: SchemaChange, _ type: TypeChange) -> Bool {
        guard type.added == ["array"], !type.baseTypes.isEmpty, !type.baseTypes.contains("array"),
            let items = change.revision.items
        else { return false }
        let parameter = change.parameter.revision
        let style = parameter.style ?? (["query", "cookie"].contains(parameter.location) ? "form" : "simple")
        guard style == "form", parameter.explode ?? true else { return false }
        guard TypeLattice.isTypeContained(to: items.types, from: type.baseTypes, stronglyTyped: false)
            || Set(type.baseTypes).isSubset(of: Set(items.types))
        else { return false }
        // The items must not constrain values more than the scalar did.
        let ignored: Set<String> = ["type", "nullable", "description", "title", "example", "examples", "items"]
        let baseRest = change.base.node.members.filter { !ignored.contains($0.key) && !$0.key.hasPrefix("x-") }
        let itemRest = items.node.members.filter { !ignored.contains($0.key) && !$0.key.hasPrefix("x-") }
        guard baseRest.count == itemRest.count else { return false }
        return baseRest.allSatisfy { entry in itemRest.first { $0.key == entry.key }.map { $0.node.isEqual(to: entry.node) } ?? false }
    }

    /// The list-of-types pattern: a single type, or `oneOf`/`anyOf` of single-type schemas.
    static func listOfTypes(_ schema: Schema) -> (types: [String], isList: Bool)? {
        let node = schema.node
        if node["not"] != nil || !(node["allOf"]?.array ?? []).isEmpty || !(schema.node["properties"]?.members ?? []).isEmpty {
            return nil
        }
        if let first = rawTypes(node).first { return ([first], false) }
        for keyword in ["oneOf", "anyOf"] {
            let members = schema.rawList(keyword).map { Schema($0, in: schema.spec) }
            guard !members.isEmpty else { continue }
            var types: [String] = []
            var simple = true
            for member in members {
                let memberTypes = rawTypes(member.node)
                let complex = !(member.node["properties"]?.members ?? []).isEmpty
                    || ["oneOf", "anyOf", "allOf"].contains { !(member.node[$0]?.array ?? []).isEmpty }
                guard memberTypes.count == 1, !complex else {
                    simple = false
                    break
                }
                types.append(memberTypes[0])
            }
            if simple { return (types, true) }
        }
        return nil
    }

    private static func rawTypes(_ node: SpecNode) -> [String] {
        if let single = node["type"]?.string { return [single] }
        return node["type"]?.array?.compactMap(\.string) ?? []
    }

    /// Types added and removed by a list-of-types change; `nil` when the pattern does not apply.
    static func listOfTypesDiff(_ base: Schema, _ revision: Schema) -> (added: [String], removed: [String])? {
        guard let from = listOfTypes(base), let to = listOfTypes(revision), from.isList || to.isList else { return nil }
        let added = to.types.filter { !from.types.contains($0) }, removed = from.types.filter { !to.types.contains($0) }
        guard !added.isEmpty || !removed.isEmpty else { return nil }
        return (added, removed)
    }

    static func joinedTypes(_ types: [String]) -> String {
        guard types.count > 1 else { return types.first ?? "" }
        return types.dropLast().joined(separator: ", ") + " and " + types[types.count - 1]
    }

    static let listOfTypesChanged = CheckGroup("RequestParameterListOfTypesChangedCheck") { context in
        var result: [SpecChange] = []
        func report(_ base: Schema, _ revision: Schema, stem: String, subject: String, _ operation: OperationPair) {
            guard let diff = listOfTypesDiff(base, revision) else { return }
            let narrowed = !diff.removed.isEmpty
            result.append(context.change("\(stem)-list-of-types-\(narrowed ? "narrowed" : "widened")", operation,
                narrowed
                    ? "\(subject) list-of-types was narrowed by removing types \(joinedTypes(diff.removed))"
                    : "\(subject) list-of-types was widened by adding types \(joinedTypes(diff.added))",
                base: base.node, revision: revision.node))
        }
        for change in schemaChanges(context) {
            let label = change.parameter.label
            report(change.base, change.revision, stem: "request-parameter", subject: "the \(label)", change.operation)
            for property in changedProperties(context, change) {
                report(property.base, property.revision, stem: "request-parameter-property",
                    subject: "the property '\(property.fullName)' of the \(label)", change.operation)
            }
        }
        return result
    }
}
