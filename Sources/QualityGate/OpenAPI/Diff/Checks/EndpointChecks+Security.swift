/// Security requirements (document-wide and per operation) and security scheme components.
extension EndpointChecks {
    /// One alternative of a `security` list: scheme name → scopes (AND-ed).
    struct SecurityAlternative: Sendable {
        var schemes: [String: [String]]
        var node: SpecNode

        var schemeNames: Set<String> { Set(schemes.keys) }

        /// `oauth: [read, write] AND apiKey`, sorted, as oasdiff prints it.
        var description: String {
            schemes.keys.sorted().map { name in
                let scopes = (schemes[name] ?? []).sorted()
                return scopes.isEmpty ? name : "\(name): [\(scopes.joined(separator: ", "))]"
            }.joined(separator: " AND ")
        }

        func sameScopes(as other: SecurityAlternative) -> Bool {
            schemes.allSatisfy { Set($0.value) == Set(other.schemes[$0.key] ?? []) }
        }
    }

    /// The difference of two `security` lists, paired as oasdiff does: identical alternatives
    /// cancel out, then a leftover whose scheme set is unique on both sides is a scope change,
    /// and the rest were added or removed.
    struct SecurityDiff {
        var added: [SecurityAlternative] = []
        var removed: [SecurityAlternative] = []
        /// (base, revision, scheme, added scopes, removed scopes)
        var scopeChanges: [(base: SecurityAlternative, revision: SecurityAlternative, scheme: String, added: [String], removed: [String])] = []

        init(_ baseNode: SpecNode?, _ revisionNode: SpecNode?) {
            let base = Self.alternatives(baseNode), revision = Self.alternatives(revisionNode)
            var baseMatched = Array(repeating: false, count: base.count)
            var revisionMatched = Array(repeating: false, count: revision.count)
            for i in base.indices {
                if let j = revision.indices.first(where: {
                    !revisionMatched[$0] && revision[$0].schemeNames == base[i].schemeNames && base[i].sameScopes(as: revision[$0])
                }) {
                    baseMatched[i] = true
                    revisionMatched[j] = true
                }
            }
            func unique(_ list: [SecurityAlternative], _ matched: [Bool], _ names: Set<String>) -> Bool {
                list.indices.filter { !matched[$0] && list[$0].schemeNames == names }.count == 1
            }
            for i in base.indices where !baseMatched[i] && unique(base, baseMatched, base[i].schemeNames) {
                guard let j = revision.indices.first(where: { !revisionMatched[$0] && revision[$0].schemeNames == base[i].schemeNames }),
                    unique(revision, revisionMatched, revision[j].schemeNames)
                else { continue }
                baseMatched[i] = true
                revisionMatched[j] = true
                for scheme in base[i].schemes.keys.sorted() {
                    let from = base[i].schemes[scheme] ?? [], to = revision[j].schemes[scheme] ?? []
                    let added = to.filter { !from.contains($0) }, removed = from.filter { !to.contains($0) }
                    if !added.isEmpty || !removed.isEmpty {
                        scopeChanges.append((base[i], revision[j], scheme, added, removed))
                    }
                }
            }
            removed = base.indices.filter { !baseMatched[$0] }.map { base[$0] }
            added = revision.indices.filter { !revisionMatched[$0] }.map { revision[$0] }
        }

        static func alternatives(_ node: SpecNode?) -> [SecurityAlternative] {
            (node?.array ?? []).map { item in
                var schemes: [String: [String]] = [:]
                for entry in item.members { schemes[entry.key] = entry.node.array?.compactMap(\.string) ?? [] }
                return SecurityAlternative(schemes: schemes, node: item)
            }
        }
    }

    static let securityUpdated = CheckGroup("APISecurityUpdatedCheck") { context in
        var result: [SpecChange] = []
        let global = SecurityDiff(context.base.root["security"], context.revision.root["security"])
        for alternative in global.added {
            result.append(context.documentChange("api-global-security-added",
                "the security scheme \(alternative.description) was added to the API", revision: alternative.node))
        }
        for alternative in global.removed {
            result.append(context.documentChange("api-global-security-removed",
                "the security scheme \(alternative.description) was removed from the API", base: alternative.node))
        }
        for change in global.scopeChanges {
            for scope in change.added {
                result.append(context.documentChange("api-global-security-scope-added",
                    "the security scope \(scope) was added to the global security scheme \(change.scheme)",
                    base: change.base.node, revision: change.revision.node))
            }
            for scope in change.removed {
                result.append(context.documentChange("api-global-security-scope-removed",
                    "the security scope \(scope) was removed from the global security scheme \(change.scheme)",
                    base: change.base.node, revision: change.revision.node))
            }
        }
        for pair in context.pairs {
            let baseNode = pair.base.node["security"], revisionNode = pair.revision.node["security"]
            guard baseNode != nil || revisionNode != nil, !context.isEquivalent(baseNode, revisionNode) else { continue }
            let diff = SecurityDiff(baseNode, revisionNode)
            for alternative in diff.added where !alternative.schemes.isEmpty {
                result.append(context.change("api-security-added", pair,
                    "the endpoint scheme security \(alternative.description) was added to the API",
                    base: baseNode, revision: alternative.node))
            }
            for alternative in diff.removed where !alternative.schemes.isEmpty {
                result.append(context.change("api-security-removed", pair,
                    "the endpoint scheme security \(alternative.description) was removed from the API",
                    base: alternative.node, revision: revisionNode))
            }
            for change in diff.scopeChanges {
                for scope in change.added {
                    result.append(context.change("api-security-scope-added", pair,
                        "the security scope \(scope) was added to the endpoint's security scheme \(change.scheme)",
                        base: change.base.node, revision: change.revision.node))
                }
                for scope in change.removed {
                    result.append(context.change("api-security-scope-removed", pair,
                        "the security scope \(scope) was removed from the endpoint's security scheme \(change.scheme)",
                        base: change.base.node, revision: change.revision.node))
                }
            }
        }
        return result
    }

    static let componentsSecurityUpdated = CheckGroup("APIComponentsSecurityUpdatedCheck") { context in
        var result: [SpecChange] = []
        let baseSchemes = context.base.securitySchemes, revisionSchemes = context.revision.securitySchemes
        for (name, node) in revisionSchemes where !baseSchemes.contains(where: { $0.name == name }) {
            result.append(context.documentChange("api-security-component-added",
                "the component security scheme \(name) was added", revision: node))
        }
        for (name, node) in baseSchemes where !revisionSchemes.contains(where: { $0.name == name }) {
            result.append(context.documentChange("api-security-component-removed",
                "the component security scheme \(name) was removed", base: node))
        }
        for (name, base) in baseSchemes {
            guard let revision = revisionSchemes.first(where: { $0.name == name })?.node,
                !context.isEquivalent(base, revision)
            else { continue }
            let fromType = base["type"]?.string ?? "", toType = revision["type"]?.string ?? ""
            if fromType != toType {
                result.append(context.documentChange("api-security-component-type-changed",
                    "the component security scheme \(name) type changed from \(fromType) to \(toType)",
                    base: base["type"] ?? base, revision: revision["type"] ?? revision))
            }
            result.append(contentsOf: oauthChanges(context, name, base, revision))
        }
        return result
    }

    /// OAuth flow URL and scope changes of one security scheme (3.x `flows`, or a 2.0 scheme
    /// that is itself the flow).
    private static func oauthChanges(_ context: DiffContext, _ name: String, _ base: SpecNode, _ revision: SpecNode)
        -> [SpecChange]
    {
        var flowPairs: [(String, SpecNode, SpecNode)] = []
        if let baseFlows = base["flows"], let revisionFlows = revision["flows"] {
            for entry in baseFlows.members {
                if let other = revisionFlows[entry.key] { flowPairs.append((" (\(entry.key) flow)", entry.node, other)) }
            }
        } else if base["type"]?.string == "oauth2", revision["type"]?.string == "oauth2" {
            flowPairs.append(("", base, revision))
        }
        var result: [SpecChange] = []
        for (flow, baseFlow, revisionFlow) in flowPairs where !context.isEquivalent(baseFlow, revisionFlow) {
            for (key, id, label) in [
                ("authorizationUrl", "api-security-component-oauth-url-changed", "url"),
                ("tokenUrl", "api-security-component-oauth-token-url-changed", "token url"),
            ] {
                let from = baseFlow[key]?.string ?? "", to = revisionFlow[key]?.string ?? ""
                if from != to {
                    result.append(context.documentChange(id,
                        "the component security scheme \(name) oauth \(label) changed from \(from) to \(to)\(flow)",
                        base: baseFlow[key] ?? baseFlow, revision: revisionFlow[key] ?? revisionFlow))
                }
            }
            let fromScopes = baseFlow["scopes"]?.memberMap ?? [:], toScopes = revisionFlow["scopes"]?.memberMap ?? [:]
            for scope in toScopes.keys.sorted() where fromScopes[scope] == nil {
                result.append(context.documentChange("api-security-component-oauth-scope-added",
                    "the component security scheme \(name) oauth scope \(scope) was added\(flow)", revision: toScopes[scope]))
            }
            for scope in fromScopes.keys.sorted() {
                guard let from = fromScopes[scope] else { continue }
                guard let to = toScopes[scope] else {
                    result.append(context.documentChange("api-security-component-oauth-scope-removed",
                        "the component security scheme \(name) oauth scope \(scope) was removed\(flow)", base: from))
                    continue
                }
                if !from.isEqual(to: to) {
                    result.append(context.documentChange("api-security-component-oauth-scope-changed",
                        "the component security scheme \(name) oauth scope \(scope) was updated from \(from.displayText) to \(to.displayText)\(flow)",
                        base: from, revision: to))
                }
            }
        }
        return result
    }
}
