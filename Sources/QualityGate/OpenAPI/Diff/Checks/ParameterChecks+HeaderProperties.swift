/// Rules on object-valued request headers: properties that became required or restricted
/// to an enum, and new required properties.
extension ParameterChecks {
    static let headerPropertyGroups: [CheckGroup] = [newRequiredHeaderProperty, headerPropertyBecameRequired, headerPropertyBecameEnum]

    private static func headerSchemaChanges(_ context: DiffContext) -> [SchemaChange] {
        schemaChanges(context).filter { $0.parameter.location == "header" }
    }

    private static func join(_ parent: String, _ name: String) -> String {
        parent.isEmpty ? name : parent + "/" + name
    }

    static let newRequiredHeaderProperty = CheckGroup("NewRequiredRequestHeaderPropertyCheck") { context in
        var result: [SpecChange] = []
        for change in headerSchemaChanges(context) {
            for pair in context.schemaAndProperties(change.base, change.revision) {
                let required = Set(pair.revision.required)
                for (name, property) in pair.revision.properties
                where required.contains(name) && !property.isReadOnly && pair.base.property(name) == nil {
                    result.append(context.change("new-required-request-header-property", change.operation,
                        "added the new required property '\(join(pair.fullName, name))' to the \(change.parameter.name) request header",
                        base: pair.base.node, revision: property.node))
                }
            }
        }
        return result
    }

    static let headerPropertyBecameRequired = CheckGroup("RequestHeaderPropertyBecameRequiredCheck") { context in
        var result: [SpecChange] = []
        for change in headerSchemaChanges(context) {
            for pair in context.schemaAndProperties(change.base, change.revision) {
                let before = Set(pair.base.required)
                for name in pair.revision.required where !before.contains(name) {
                    guard let property = pair.revision.property(name), !property.isReadOnly, pair.base.property(name) != nil else {
                        continue
                    }
                    result.append(context.change("request-header-property-became-required", change.operation,
                        "the property '\(join(pair.fullName, name))' of the \(change.parameter.name) request header became required",
                        base: pair.base.node["required"] ?? pair.base.node, revision: pair.revision.node["required"]))
                }
            }
        }
        return result
    }

    static let headerPropertyBecameEnum = CheckGroup("RequestHeaderPropertyBecameEnumCheck") { context in
        var result: [SpecChange] = []
        for change in headerSchemaChanges(context) {
            for pair in context.schemaAndProperties(change.base, change.revision)
            where pair.base.enumValues == nil && pair.revision.enumValues != nil {
                let subject = pair.fullName.isEmpty
                    ? "the \(change.parameter.name) request header"
                    : "the property '\(pair.fullName)' of the \(change.parameter.name) request header"
                result.append(context.change("request-header-property-became-enum", change.operation,
                    "\(subject) was restricted to a list of enum values",
                    base: pair.base.node, revision: pair.revision.node["enum"]))
            }
        }
        return result
    }
}
