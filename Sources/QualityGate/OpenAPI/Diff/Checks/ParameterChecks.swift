/// Request-parameter rules: parameters added, removed, deprecated, sunset, made required,
/// and every change of a parameter's schema (oasdiff's `check_request_parameter*`,
/// `check_new_request_*`, `check_request_header_property_*`).
///
/// Parameters are compared with path-level ones merged in (a parameter moved between the
/// path item and the operation is no change); path parameters pair by position, so renaming
/// `{id}` to `{petId}` is the same parameter; header names compare case-insensitively unless
/// `DiffOptions.caseSensitiveHeaders`.
enum ParameterChecks {
    static let groups: [CheckGroup] =
        [newPathParameter, newNonPathParameter, newPathItemParameter, parameterRemoved, parameterDeprecation,
            parameterSunsetChanged, requiredUpdated]
        + schemaGroups + boundGroups + typeGroups + headerPropertyGroups

    /// A parameter present in both versions of an operation.
    struct Pair: Sendable {
        let base: APIParameter
        let revision: APIParameter

        var location: String { revision.location }
        var name: String { revision.name }
        /// `query request parameter 'limit'`, for messages.
        var label: String { "\(location) request parameter '\(name)'" }
    }

    /// How the parameters of an operation changed.
    struct Diff: Sendable {
        var matched: [Pair] = []
        var added: [APIParameter] = []
        var removed: [APIParameter] = []
    }

    static func diff(_ pair: OperationPair, _ options: DiffOptions) -> Diff {
        let basePositions = pathParameterPositions(pair.base.path)
        let revisionPositions = pathParameterPositions(pair.revision.path)
        func same(_ base: APIParameter, _ revision: APIParameter) -> Bool {
            guard base.location == revision.location else { return false }
            if base.location == "path", let position = basePositions[base.name], let other = revisionPositions[revision.name] {
                return position == other
            }
            if base.location == "header", !options.caseSensitiveHeaders {
                return base.name.lowercased() == revision.name.lowercased()
            }
            return base.name == revision.name
        }
        var result = Diff()
        var used = Array(repeating: false, count: pair.revision.parameters.count)
        for parameter in pair.base.parameters {
            if let index = pair.revision.parameters.indices.first(where: { !used[$0] && same(parameter, pair.revision.parameters[$0]) }) {
                used[index] = true
                result.matched.append(Pair(base: parameter, revision: pair.revision.parameters[index]))
            } else {
                result.removed.append(parameter)
            }
        }
        result.added = pair.revision.parameters.indices.filter { !used[$0] }.map { pair.revision.parameters[$0] }
        return result
    }

    /// `{name}` → its index among the path's template variables.
    static func pathParameterPositions(_ path: String) -> [String: Int] {
        var positions: [String: Int] = [:]
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                positions[name] = positions[name] ?? positions.count
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return positions
    }

    /// Every operation pair that changed, with its parameter diff.
    static func modified(_ context: DiffContext) -> [(OperationPair, Diff)] {
        context.memoised("ParameterChecks.modified") { context.modifiedPairs.map { ($0, diff($0, context.options)) } }
    }

    /// Every changed parameter present on both sides.
    static func changedParameters(_ context: DiffContext) -> [(OperationPair, Pair)] {
        context.memoised("ParameterChecks.changedParameters") {
            modified(context).flatMap { operation, diff in
                diff.matched.filter { !context.isEquivalent($0.base.node, $0.revision.node) }.map { (operation, $0) }
            }
        }
    }

    // MARK: Existence

    static let newPathParameter = CheckGroup("NewRequestPathParameterCheck") { context in
        modified(context).flatMap { pair, diff in
            diff.added.filter { $0.location == "path" }.map {
                context.change("new-request-path-parameter", pair, "added the new path request parameter '\($0.name)'",
                    base: pair.base.node, revision: $0.node)
            }
        }
    }

    /// New operation-level query/header/cookie parameters (new path-level ones are reported
    /// once per path by `newPathItemParameter`).
    static let newNonPathParameter = CheckGroup("NewRequestNonPathParameterCheck") { context in
        modified(context).flatMap { pair, diff in
            diff.added.filter { $0.location != "path" && !$0.isPathLevel }.map { parameter in
                let required = parameter.node["required"]?.bool ?? false
                return context.change(required ? "new-required-request-parameter" : "new-optional-request-parameter", pair,
                    "added the new \(required ? "required" : "optional") \(parameter.location) request parameter '\(parameter.name)'",
                    base: pair.base.node, revision: parameter.node)
            }
        }
    }

    /// A parameter added to a Path Item applies to all its operations.
    static let newPathItemParameter = CheckGroup("NewRequestNonPathDefaultParameterCheck") { context in
        var basePathItems: [String: SpecNode] = [:]
        for entry in context.base.resolve(context.base.root["paths"])?.members ?? [] {
            basePathItems[EndpointChecks.pathKey(entry.key, context.options)] = context.base.resolve(entry.node)
        }
        var byPath: [String: [APIOperation]] = [:]
        var order: [String] = []
        for operation in context.revision.operations {
            if byPath[operation.path] == nil { order.append(operation.path) }
            byPath[operation.path, default: []].append(operation)
        }
        var baseOperations: [String: APIOperation] = [:]
        for pair in context.unfilteredPairs { baseOperations[pair.revision.method + " " + pair.revision.path] = pair.base }
        var result: [SpecChange] = []
        for path in order {
            guard let operations = byPath[path], let first = operations.first,
                let basePathItem = basePathItems[EndpointChecks.pathKey(path, context.options)]
            else { continue }
            let baseParameters = pathItemParameters(basePathItem, context.base.document)
            for parameter in pathItemParameters(first.pathItem, context.revision.document) where parameter.location != "path" {
                let known = baseParameters.contains {
                    $0.location == parameter.location
                        && (parameter.location == "header" && !context.options.caseSensitiveHeaders
                            ? $0.name.lowercased() == parameter.name.lowercased() : $0.name == parameter.name)
                }
                guard !known else { continue }
                let required = parameter.node["required"]?.bool ?? false
                // An operation that already had the parameter on its own gains nothing.
                for operation in operations
                where baseOperations[operation.method + " " + operation.path]?.parameter(parameter.name, in: parameter.location) == nil {
                    result.append(context.change(
                        required ? "new-required-request-default-parameter-to-existing-path"
                            : "new-optional-request-default-parameter-to-existing-path", operation,
                        "added the new \(required ? "required" : "optional") \(parameter.location) request parameter '\(parameter.name)' to all path's operations",
                        revision: parameter.node))
                }
            }
        }
        return result
    }

    private static func pathItemParameters(_ pathItem: SpecNode, _ document: SpecDocument)
        -> [(name: String, location: String, node: SpecNode)]
    {
        (pathItem["parameters"]?.array ?? []).compactMap { raw in
            let node = document.resolve(raw)
            guard let name = node["name"]?.string, let location = node["in"]?.string else { return nil }
            return (name, location, node)
        }
    }

    static let parameterRemoved = CheckGroup("RequestParameterRemovedCheck") { context in
        let today = context.today
        return modified(context).flatMap { pair, diff in
            diff.removed.compactMap { parameter in
                SunsetRules.removalFinding(deprecated: parameter.isDeprecated, holder: parameter.node, removalIds,
                    subject: "the \(parameter.location) request parameter '\(parameter.name)'", today: today
                ).map { context.change($0.id, pair, $0.message, base: parameter.node, revision: pair.revision.node) }
            }
        }
    }

    static let removalIds = SunsetRules.RemovalIds(
        withoutDeprecation: "request-parameter-removed", withDeprecation: "request-parameter-removed-with-deprecation",
        beforeSunset: "request-parameter-removed-before-sunset", sunsetParse: "request-parameter-sunset-parse")

    static let parameterDeprecation = CheckGroup("RequestParameterDeprecationCheck") { context in
        changedParameters(context).compactMap { pair, parameter in
            guard parameter.base.isDeprecated != parameter.revision.isDeprecated else { return nil }
            let subject = "the \(parameter.label)"
            let finding =
                parameter.revision.isDeprecated
                ? SunsetRules.deprecationFinding(of: parameter.revision.node, in: pair.revision, deprecationIds, subject: subject, context)
                : ("request-parameter-reactivated", "\(subject) was reactivated")
            return finding.map {
                context.change($0.id, pair, $0.message, base: parameter.base.node, revision: parameter.revision.node)
            }
        }
    }

    static let deprecationIds = SunsetRules.DeprecationIds(
        deprecated: "request-parameter-deprecated", deprecatedWithSunset: "request-parameter-deprecated",
        sunsetMissing: "request-parameter-deprecated-sunset-missing", sunsetParse: "request-parameter-sunset-parse",
        sunsetTooSoon: "request-parameter-sunset-date-too-small")

    static let parameterSunsetChanged = CheckGroup("RequestParameterSunsetChangedCheck") { context in
        changedParameters(context).compactMap { pair, parameter in
            guard parameter.revision.isDeprecated,
                let finding = SunsetRules.sunsetChangeFinding(base: parameter.base.node, revision: parameter.revision.node,
                    in: pair.revision, sunsetIds, subject: "the \(parameter.label)", context)
            else { return nil }
            return context.change(finding.id, pair, finding.message, base: parameter.base.node["x-sunset"] ?? parameter.base.node,
                revision: parameter.revision.node["x-sunset"] ?? parameter.revision.node)
        }
    }

    static let sunsetIds = SunsetRules.SunsetChangeIds(
        deleted: "request-parameter-sunset-deleted", parse: "request-parameter-sunset-parse",
        tooEarly: "request-parameter-sunset-date-changed-too-small")

    static let requiredUpdated = CheckGroup("RequestParameterRequiredValueUpdatedCheck") { context in
        changedParameters(context).compactMap { pair, parameter in
            guard parameter.location != "path" else { return nil }
            let from = parameter.base.node["required"]?.bool ?? false, to = parameter.revision.node["required"]?.bool ?? false
            guard from != to else { return nil }
            return context.change(to ? "request-parameter-became-required" : "request-parameter-became-optional", pair,
                "the \(parameter.label) became \(to ? "required" : "optional")",
                base: parameter.base.node["required"] ?? parameter.base.node,
                revision: parameter.revision.node["required"] ?? parameter.revision.node)
        }
    }
}
