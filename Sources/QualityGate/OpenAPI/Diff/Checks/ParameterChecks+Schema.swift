/// Rules on the values a parameter's schema accepts: enums, nullability, defaults,
/// patterns, `x-extensible-enum`.
extension ParameterChecks {
    /// A parameter whose schema changed, with both schema views.
    struct SchemaChange {
        let operation: OperationPair
        let parameter: Pair
        let base: Schema
        let revision: Schema
    }

    static func schemaChanges(_ context: DiffContext) -> [SchemaChange] {
        context.memoised("ParameterChecks.schemaChanges") {
            changedParameters(context).compactMap { operation, parameter in
                guard let base = parameter.base.schema, let revision = parameter.revision.schema,
                    !context.isEquivalent(base, revision)
                else { return nil }
                return SchemaChange(operation: operation, parameter: parameter, base: context.base.schema(base),
                    revision: context.revision.schema(revision))
            }
        }
    }

    /// Changed named properties under a parameter's schema (object parameters).
    static func changedProperties(_ context: DiffContext, _ change: SchemaChange) -> [PropertyPair] {
        context.modifiedProperties(change.base, change.revision).filter { !$0.name.isEmpty }
    }

    static let schemaGroups: [CheckGroup] = [becameEnum, becameNullable, enumValueUpdated, defaultValueChanged, patternUpdated,
        extensibleEnumValueRemoved]

    static let becameEnum = CheckGroup("RequestParameterBecameEnumCheck") { context in
        schemaChanges(context).compactMap { change in
            guard change.base.enumValues == nil, change.revision.enumValues != nil else { return nil }
            return context.change("request-parameter-became-enum", change.operation,
                "the \(change.parameter.label) was restricted to a list of enum values",
                base: change.base.node, revision: change.revision.node["enum"])
        }
    }

    static let becameNullable = CheckGroup("RequestParameterBecameNullableCheck") { context in
        var result: [SpecChange] = []
        for change in schemaChanges(context) {
            if change.base.isNullable != change.revision.isNullable {
                let nullable = change.revision.isNullable
                result.append(context.change(nullable ? "request-parameter-became-nullable" : "request-parameter-became-not-nullable",
                    change.operation, "the \(change.parameter.label) became \(nullable ? "nullable" : "not nullable")",
                    base: change.base.node, revision: change.revision.node))
            }
            for property in changedProperties(context, change) where property.base.isNullable != property.revision.isNullable {
                let nullable = property.revision.isNullable
                result.append(context.change(
                    nullable ? "request-parameter-property-became-nullable" : "request-parameter-property-became-not-nullable",
                    change.operation,
                    "the '\(property.fullName)' property of the \(change.parameter.label) became \(nullable ? "nullable" : "not nullable")",
                    base: property.base.node, revision: property.revision.node))
            }
        }
        return result
    }

    /// Values in `base` missing from `revision` (by value, not spelling).
    static func missingValues(_ base: [SpecNode], from revision: [SpecNode]) -> [SpecNode] {
        let known = Set(revision.map(\.canonicalText))
        return base.filter { !known.contains($0.canonicalText) }
    }

    static let enumValueUpdated = CheckGroup("RequestParameterEnumValueUpdatedCheck") { context in
        var result: [SpecChange] = []
        func compare(_ base: Schema, _ revision: Schema, removedId: String, addedId: String, _ change: SchemaChange,
            where place: String)
        {
            let from = base.enumValues ?? [], to = revision.enumValues ?? []
            // Dropping the enum altogether accepts every value: nothing was removed.
            if revision.enumValues != nil {
                for value in missingValues(from, from: to) {
                    result.append(context.change(removedId, change.operation,
                        "removed the enum value \(value.displayText) from \(place)", base: value, revision: revision.node["enum"]))
                }
            }
            for value in missingValues(to, from: from) {
                result.append(context.change(addedId, change.operation,
                    "added the new enum value \(value.displayText) to \(place)", base: base.node["enum"] ?? base.node, revision: value))
            }
        }
        for change in schemaChanges(context) {
            compare(change.base, change.revision, removedId: "request-parameter-enum-value-removed",
                addedId: "request-parameter-enum-value-added", change, where: "the \(change.parameter.label)")
            for property in changedProperties(context, change) {
                compare(property.base, property.revision, removedId: "request-parameter-property-enum-value-removed",
                    addedId: "request-parameter-property-enum-value-added", change,
                    where: "the property '\(property.fullName)' of the \(change.parameter.label)")
            }
        }
        return result
    }

    /// A default an optional parameter falls back to is part of the contract.
    static let defaultValueChanged = CheckGroup("RequestParameterDefaultValueChangedCheck") { context in
        schemaChanges(context).compactMap { change in
            let parameter = change.parameter
            guard parameter.base.node["required"]?.bool != true, parameter.revision.node["required"]?.bool != true else { return nil }
            let from = change.base.defaultValue, to = change.revision.defaultValue
            let place = "the \(parameter.label)"
            switch (from, to) {
            case (nil, let to?):
                return context.change("request-parameter-default-value-added", change.operation,
                    "for \(place), default value \(to.displayText) was added", base: change.base.node, revision: to)
            case (let from?, nil):
                return context.change("request-parameter-default-value-removed", change.operation,
                    "for \(place), default value \(from.displayText) was removed", base: from, revision: change.revision.node)
            case (let from?, let to?) where !from.isEqual(to: to):
                return context.change("request-parameter-default-value-changed", change.operation,
                    "for \(place), default value was changed from \(from.displayText) to \(to.displayText)", base: from, revision: to)
            default:
                return nil
            }
        }
    }

    static let patternUpdated = CheckGroup("RequestParameterPatternAddedOrChangedCheck") { context in
        schemaChanges(context).compactMap { change in
            let from = change.base.pattern ?? "", to = change.revision.pattern ?? ""
            guard from != to else { return nil }
            let place = "the \(change.parameter.label)"
            let base = change.base.node["pattern"] ?? change.base.node, revision = change.revision.node["pattern"] ?? change.revision.node
            if from.isEmpty {
                return context.change("request-parameter-pattern-added", change.operation,
                    "added the pattern '\(to)' to \(place)", base: base, revision: revision)
            }
            if to.isEmpty {
                return context.change("request-parameter-pattern-removed", change.operation,
                    "removed the pattern '\(from)' from \(place)", base: base, revision: revision)
            }
            if to == ".*" {
                return context.change("request-parameter-pattern-generalized", change.operation,
                    "changed the pattern of \(place) from '\(from)' to a more general pattern '\(to)'", base: base, revision: revision)
            }
            return context.change("request-parameter-pattern-changed", change.operation,
                "changed the pattern of \(place) from '\(from)' to '\(to)'", base: base, revision: revision)
        }
    }

    static let extensibleEnumValueRemoved = CheckGroup("RequestParameterXExtensibleEnumValueRemovedCheck") { context in
        schemaChanges(context).flatMap { change -> [SpecChange] in
            guard let from = change.base.node["x-extensible-enum"]?.array, let to = change.revision.node["x-extensible-enum"]?.array
            else { return [] }
            return missingValues(from, from: to).map { value in
                context.change("request-parameter-x-extensible-enum-value-removed", change.operation,
                    "removed the x-extensible-enum value \(value.displayText) from the \(change.parameter.label)",
                    base: value, revision: change.revision.node["x-extensible-enum"])
            }
        }
    }
}
