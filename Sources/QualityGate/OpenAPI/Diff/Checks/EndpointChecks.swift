/// Endpoint-level rules: endpoints added and removed (with the deprecation and sunset
/// lifecycle), deprecation, sunset moves, operationId and tags, security, removed
/// component schemas and webhooks (oasdiff's `check_api_*`, `check_components_*`,
/// `check_webhook_*`).
enum EndpointChecks {
    static let groups: [CheckGroup] = [
        stabilityPolicy,
        apiAdded, apiRemoved, apiDeprecation, apiSunsetChanged, operationIdUpdated, tagUpdated,
        securityUpdated, componentsSecurityUpdated, componentsSchemaRemoved, webhookUpdated,
    ]

    static let apiAdded = CheckGroup("APIAddedCheck") { context in
        context.added.map { context.change("endpoint-added", $0, "endpoint added", revision: $0.node) }
    }

    /// Removing an endpoint is breaking unless it was deprecated and its sunset date passed.
    static let apiRemoved = CheckGroup("APIRemovedCheck") { context in
        let revisionPaths = pathKeys(context.revision, context.options)
        let today = context.today
        return context.removed.compactMap { operation in
            let wholePath = !revisionPaths.contains(pathKey(operation.path, context.options))
            let ids = wholePath ? pathRemovalIds : operationRemovalIds
            return SunsetRules.removalFinding(deprecated: operation.isDeprecated, holder: operation.node, ids,
                subject: wholePath ? "the api path" : "the api", today: today
            ).map { context.change($0.id, operation, $0.message, base: operation.node) }
        }
    }

    static let pathRemovalIds = SunsetRules.RemovalIds(
        withoutDeprecation: "api-path-removed-without-deprecation", withDeprecation: "api-path-removed-with-deprecation",
        beforeSunset: "api-path-removed-before-sunset", sunsetParse: "api-path-sunset-parse")
    static let operationRemovalIds = SunsetRules.RemovalIds(
        withoutDeprecation: "api-removed-without-deprecation", withDeprecation: "api-removed-with-deprecation",
        beforeSunset: "api-removed-before-sunset", sunsetParse: "api-path-sunset-parse")

    static let apiDeprecation = CheckGroup("APIDeprecationCheck") { context in
        context.pairs.compactMap { pair in
            guard pair.base.isDeprecated != pair.revision.isDeprecated else { return nil }
            let finding =
                pair.revision.isDeprecated
                ? SunsetRules.deprecationFinding(of: pair.revision.node, in: pair.revision, deprecationIds, subject: "the endpoint",
                    context)
                : ("endpoint-reactivated", "endpoint reactivated")
            return finding.map {
                context.change($0.id, pair, $0.message, base: pair.base.node["deprecated"] ?? pair.base.node,
                    revision: pair.revision.node["deprecated"] ?? pair.revision.node)
            }
        }
    }

    static let deprecationIds = SunsetRules.DeprecationIds(
        deprecated: "endpoint-deprecated", deprecatedWithSunset: "endpoint-deprecated-with-sunset",
        sunsetMissing: "api-deprecated-sunset-missing", sunsetParse: "api-deprecated-sunset-parse",
        sunsetTooSoon: "api-sunset-date-too-small")

    static let apiSunsetChanged = CheckGroup("APISunsetChangedCheck") { context in
        context.pairs.compactMap { pair in
            guard pair.revision.isDeprecated,
                let finding = SunsetRules.sunsetChangeFinding(base: pair.base.node, revision: pair.revision.node, in: pair.revision,
                    sunsetIds, subject: "the endpoint", context)
            else { return nil }
            return context.change(finding.id, pair, finding.message, base: pair.base.node["x-sunset"] ?? pair.base.node,
                revision: pair.revision.node["x-sunset"] ?? pair.revision.node)
        }
    }

    static let sunsetIds = SunsetRules.SunsetChangeIds(
        deleted: "sunset-deleted", parse: "api-path-sunset-parse", tooEarly: "api-sunset-date-changed-too-small")

    static let operationIdUpdated = CheckGroup("APIOperationIdUpdatedCheck") { context in
        context.pairs.compactMap { pair in
            let from = pair.base.operationId ?? "", to = pair.revision.operationId ?? ""
            guard from != to else { return nil }
            let base = pair.base.node["operationId"], revision = pair.revision.node["operationId"]
            if from.isEmpty {
                return context.change("api-operation-id-added", pair, "api operation id \(to) was added", base: nil, revision: revision)
            }
            let message = to.isEmpty ? "api operation id \(from) removed" : "api operation id \(from) removed and replaced with \(to)"
            return context.change("api-operation-id-removed", pair, message, base: base, revision: revision)
        }
    }

    static let tagUpdated = CheckGroup("APITagUpdatedCheck") { context in
        var result: [SpecChange] = []
        for pair in context.pairs {
            let baseTags = pair.base.tags, revisionTags = pair.revision.tags
            guard baseTags != revisionTags else { continue }
            let base = pair.base.node["tags"], revision = pair.revision.node["tags"]
            for tag in baseTags where !revisionTags.contains(tag) {
                result.append(context.change("api-tag-removed", pair, "api tag \(tag) removed", base: base, revision: revision))
            }
            for tag in revisionTags where !baseTags.contains(tag) {
                result.append(context.change("api-tag-added", pair, "api tag \(tag) added", base: base, revision: revision))
            }
        }
        return result
    }

    static let componentsSchemaRemoved = CheckGroup("APIComponentsSchemaRemovedCheck") { context in
        let revisionNames = Set(context.revision.schemas.map(\.name))
        return context.base.schemas.filter { !revisionNames.contains($0.name) }.map {
            context.documentChange("api-schema-removed", "removed the schema \($0.name)", base: $0.node)
        }
    }

    static let webhookUpdated = CheckGroup("WebhookUpdatedCheck") { context in
        let baseHooks = webhookItems(context.base), revisionHooks = webhookItems(context.revision)
        var result: [SpecChange] = []
        for (name, node) in revisionHooks where !baseHooks.contains(where: { $0.name == name }) {
            result.append(context.documentChange("webhook-added", "webhook \(name) added", revision: node))
        }
        for (name, node) in baseHooks where !revisionHooks.contains(where: { $0.name == name }) {
            result.append(context.documentChange("webhook-removed", "webhook \(name) removed", base: node))
        }
        return result
    }

    // MARK: Helpers

    private static func webhookItems(_ spec: APISpec) -> [(name: String, node: SpecNode)] {
        (spec.resolve(spec.root["webhooks"])?.members ?? []).map { ($0.key, $0.node) }
    }

    /// How a path is compared between versions: parameter names erased unless the options
    /// say otherwise (as operations are paired).
    static func pathKey(_ path: String, _ options: DiffOptions) -> String {
        options.includePathParameterNames ? path : APIOperation.erasedPath(path)
    }

    /// Every path of `spec` (also those without operations), as `pathKey`s.
    static func pathKeys(_ spec: APISpec, _ options: DiffOptions) -> Set<String> {
        Set((spec.resolve(spec.root["paths"])?.members ?? []).map { pathKey($0.key, options) })
    }
}
