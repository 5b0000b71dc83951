/// Numeric and size bounds (`minimum`…`maxItems`), `pattern` and `patternProperties` of body
/// schemas and their properties.
///
/// One computation serves every bound group: for each keyword the change is classified as
/// set / unset / increased / decreased and named `<side>-<body|property>-<bound>-<action>`;
/// a group reports the names that oasdiff's catalogue files under it, so the
/// request/response asymmetry (a request minimum increased breaks, a response one does not)
/// lives in the catalogue rather than in code.
extension SchemaValueChecks {
    /// (group, keywords with their ID segment).
    private static let boundTable: [(String, [(String, String)])] = [
        ("RequestPropertyMaxDecreasedCheck", [("maximum", "max"), ("exclusiveMaximum", "exclusive-max")]),
        ("RequestPropertyMinIncreasedCheck", [("minimum", "min"), ("exclusiveMinimum", "exclusive-min")]),
        ("RequestPropertyMaxSetCheck", [("maximum", "max"), ("exclusiveMaximum", "exclusive-max")]),
        ("RequestPropertyMinSetCheck", [("minimum", "min"), ("exclusiveMinimum", "exclusive-min")]),
        ("RequestPropertyMaxLengthSetCheck", [("maxLength", "max-length")]),
        ("RequestPropertyMaxLengthUpdatedCheck", [("maxLength", "max-length")]),
        ("RequestPropertyMinLengthUpdatedCheck", [("minLength", "min-length")]),
        ("RequestPropertyMinItemsIncreasedCheck", [("minItems", "min-items")]),
        ("RequestPropertyMinItemsSetCheck", [("minItems", "min-items")]),
        ("ResponsePropertyMaxIncreasedCheck", [("maximum", "max"), ("exclusiveMaximum", "exclusive-max")]),
        ("ResponsePropertyMinDecreasedCheck", [("minimum", "min"), ("exclusiveMinimum", "exclusive-min")]),
        ("ResponsePropertyMaxLengthIncreasedCheck", [("maxLength", "max-length")]),
        ("ResponsePropertyMaxLengthUnsetCheck", [("maxLength", "max-length")]),
        ("ResponsePropertyMinItemsDecreasedCheck", [("minItems", "min-items")]),
        ("ResponsePropertyMinItemsUnsetCheck", [("minItems", "min-items")]),
        ("ResponsePropertyMinLengthDecreasedCheck", [("minLength", "min-length")]),
    ]

    static let boundGroups: [CheckGroup] = boundTable.map { group, keywords in
        CheckGroup(group) { context in
            let sites = group.hasPrefix("Request") ? context.requestBodySites() : context.responseBodySites()
            return sites.flatMap { site in
                keywords.flatMap { keyword, slug in
                    site.pairs(changing: keyword).compactMap { boundChange(site, $0, keyword: keyword, slug: slug, group: group) }
                }
            }
        }
    } + [
        CheckGroup("RequestPropertyPatternUpdatedCheck") { context in
            context.requestBodySites().flatMap { site in
                site.properties(changing: "pattern").compactMap { patternChange(site, $0) }
            }
        },
        CheckGroup("ResponsePatternAddedOrChangedCheck") { context in
            context.responseBodySites().flatMap { site in
                site.properties(changing: "pattern").compactMap { patternChange(site, $0) }
            }
        },
        CheckGroup("RequestPropertyPatternPropertiesUpdatedCheck") { context in
            context.requestBodySites().flatMap(patternPropertiesChanges)
        },
        CheckGroup("ResponsePropertyPatternPropertiesUpdatedCheck") { context in
            context.responseBodySites().flatMap(patternPropertiesChanges)
        },
    ]

    /// The change of one bound keyword at `pair`, when the catalogue files its name under `group`.
    private static func boundChange(_ site: BodySchemaSite, _ pair: PropertyPair, keyword: String, slug: String, group: String)
        -> SpecChange?
    {
        var before = pair.base.numberKeyword(keyword), after = pair.revision.numberKeyword(keyword)
        // minLength has no set/unset rules: absent reads as its default, 0.
        if keyword == "minLength", before != nil || after != nil {
            before = before ?? ExactNumber("0")
            after = after ?? ExactNumber("0")
        }
        let action: String
        switch (before, after) {
        case (nil, nil): return nil
        case (nil, _): action = "set"
        case (_, nil): action = "unset"
        case (let b?, let a?):
            if b == a { return nil }
            action = a > b ? "increased" : "decreased"
        }
        let isBody = pair.fullName.isEmpty
        let readOnly = site.isRequest && !isBody && pair.revision.isReadOnly
        if readOnly && action == "set" { return nil }
        var id = "\(site.side)-\(isBody ? "body" : "property")-\(slug)-\(action)"
        let readOnlyId = "request-read-only-property-\(slug)-\(action)"
        if readOnly, CheckCatalog.rule(readOnlyId)?.group == group { id = readOnlyId }
        guard CheckCatalog.rule(id)?.group == group else { return nil }
        let subject = isBody ? "the \(site.side)'s body" : "the '\(pair.fullName)' \(site.side)\(readOnly ? " read-only" : "") property's"
        let detail: String
        switch action {
        case "set": detail = "was set to \(after!.description)"
        case "unset": detail = "was unset from \(before!.description)"
        default: detail = "was \(action) from \(before!.description) to \(after!.description)"
        }
        return site.change(id, "\(subject) \(keyword) \(detail)\(site.statusSuffix)", at: pair,
            base: pair.base.node[keyword] ?? pair.base.node, revision: pair.revision.node[keyword] ?? pair.revision.node)
    }

    /// `pattern` added, removed or changed on a property (requests: a new pattern, or a
    /// different one, can reject values that were valid; `.*` accepts everything).
    private static func patternChange(_ site: BodySchemaSite, _ pair: PropertyPair) -> SpecChange? {
        let before = pair.base.pattern ?? "", after = pair.revision.pattern ?? ""
        guard before != after else { return nil }
        let name = pair.fullName
        if site.isRequest {
            if before.isEmpty {
                return site.change("request-property-pattern-added", "added the pattern '\(after)' to the request property '\(name)'",
                    at: pair, revision: pair.revision.node["pattern"])
            }
            if after.isEmpty {
                return site.change("request-property-pattern-removed",
                    "removed the pattern '\(before)' from the request property '\(name)'", at: pair, base: pair.base.node["pattern"])
            }
            if after == ".*" {
                return site.change("request-property-pattern-generalized",
                    "changed the pattern of the request property '\(name)' from '\(before)' to a more general pattern '\(after)'",
                    at: pair, base: pair.base.node["pattern"], revision: pair.revision.node["pattern"])
            }
            return site.change("request-property-pattern-changed",
                "changed the pattern of the request property '\(name)' from '\(before)' to '\(after)'",
                at: pair, base: pair.base.node["pattern"], revision: pair.revision.node["pattern"])
        }
        let (id, detail): (String, String)
        if before.isEmpty {
            (id, detail) = ("response-property-pattern-added", "pattern '\(after)' was added")
        } else if after.isEmpty {
            (id, detail) = ("response-property-pattern-removed", "pattern '\(before)' was removed")
        } else {
            (id, detail) = ("response-property-pattern-changed", "pattern was changed from '\(before)' to '\(after)'")
        }
        return site.change(id, "the '\(name)' response's property \(detail)\(site.statusSuffix)", at: pair,
            base: pair.base.node["pattern"], revision: pair.revision.node["pattern"])
    }

    /// Keys of `patternProperties` added or removed on the body or a property.
    private static func patternPropertiesChanges(_ site: BodySchemaSite) -> [SpecChange] {
        site.pairs(changing: "patternProperties").flatMap { pair -> [SpecChange] in
            let before = pair.base.node["patternProperties"]?.members ?? []
            let after = pair.revision.node["patternProperties"]?.members ?? []
            let beforeKeys = Set(before.map(\.key)), afterKeys = Set(after.map(\.key))
            let isBody = pair.fullName.isEmpty
            let scope = isBody ? "body" : "property"
            let holder = isBody ? "the \(site.side) body" : "the '\(pair.fullName)' \(site.side) property"
            var changes: [SpecChange?] = []
            for entry in after where !beforeKeys.contains(entry.key) {
                changes.append(site.change("\(site.side)-\(scope)-pattern-property-added",
                    "added the pattern property '\(entry.key)' to \(holder)\(site.statusSuffix)", at: pair, revision: entry.node))
            }
            for entry in before where !afterKeys.contains(entry.key) {
                changes.append(site.change("\(site.side)-\(scope)-pattern-property-removed",
                    "removed the pattern property '\(entry.key)' from \(holder)\(site.statusSuffix)", at: pair, base: entry.node))
            }
            return changes.compactMap { $0 }
        }
    }
}
