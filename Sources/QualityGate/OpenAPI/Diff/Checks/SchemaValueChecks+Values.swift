/// Enumerations, `const`, `default`, `x-extensible-enum` and the content keywords
/// (`contentSchema`, `contentMediaType`, `contentEncoding`) of body schemas and properties.
extension SchemaValueChecks {
    static let valueGroups: [CheckGroup] = [
        CheckGroup("RequestBodyBecameEnumCheck") { context in
            context.requestBodySites().compactMap { site in
                guard site.base.enumValues == nil, site.revision.enumValues != nil else { return nil }
                return site.change("request-body-became-enum", "request body was restricted to a list of enum values",
                    revision: site.revision.node["enum"])
            }
        },
        CheckGroup("RequestPropertyBecameEnumCheck") { context in
            context.requestBodySites().flatMap { site in
                site.properties(changing: "enum").compactMap { property in
                    guard property.base.enumValues == nil, property.revision.enumValues != nil else { return nil }
                    return site.change("request-property-became-enum",
                        "request property '\(property.fullName)' was restricted to a list of enum values", at: property,
                        revision: property.revision.node["enum"])
                }
            }
        },
        CheckGroup("RequestBodyEnumValueRemovedCheck") { context in
            context.requestBodySites().flatMap { site in
                site.enumChange(site.top).deleted.compactMap { value in
                    site.change("request-body-enum-value-removed", "request body enum value removed \(value.messageText)",
                        base: value)
                }
            }
        },
        CheckGroup("ResponseMediaTypeEnumValueRemovedCheck") { context in
            context.responseBodySites().flatMap { site in
                site.enumChange(site.top).deleted.compactMap { value in
                    site.change("response-mediatype-enum-value-removed",
                        "response schema \(site.mediaType) enum value removed \(value.messageText)\(site.statusSuffix)", base: value)
                }
            }
        },
        CheckGroup("RequestPropertyEnumValueUpdatedCheck") { context in
            context.requestBodySites().flatMap { site in
                site.properties(changing: "enum").flatMap { property in
                    let change = site.enumChange(property)
                    let readOnly = property.revision.isReadOnly
                    let removed = change.deleted.compactMap { value in
                        site.change(readOnly ? "request-read-only-property-enum-value-removed" : "request-property-enum-value-removed",
                            "removed the enum value \(value.messageText) of the request\(readOnly ? " read-only" : "") property '\(property.fullName)'",
                            at: property, base: value)
                    }
                    let added = change.added.compactMap { value in
                        site.change("request-property-enum-value-added",
                            "added the new \(value.messageText) enum value to the request property '\(property.fullName)'",
                            at: property, revision: value)
                    }
                    return removed + added
                }
            }
        },
        CheckGroup("ResponsePropertyEnumValueAddedCheck") { context in
            context.responseBodySites().flatMap { site in
                site.sharedChanges("ResponsePropertyEnumValueAddedCheck") {
                    site.properties(changing: "enum").flatMap { property in
                        let writeOnly = property.revision.isWriteOnly
                        return site.enumChange(property).added.compactMap { value in
                            site.change(writeOnly ? "response-write-only-property-enum-value-added" : "response-property-enum-value-added",
                                "added the new \(value.messageText) enum value to the '\(property.fullName)' response\(writeOnly ? " write-only" : "") property\(site.statusSuffix)",
                                at: property, revision: value)
                        }
                    }
                }
            }
        },
        CheckGroup("ResponseParameterEnumValueRemovedCheck") { context in
            context.responseBodySites().flatMap { site in
                site.properties(changing: "enum").flatMap { property in
                    site.enumChange(property).deleted.compactMap { value in
                        site.change("response-property-enum-value-removed",
                            "removed the enum value \(value.messageText) of the response property '\(property.fullName)'\(site.statusSuffix)",
                            at: property, base: value)
                    }
                }
            }
        },
        CheckGroup("RequestPropertyXExtensibleEnumValueRemovedCheck") { context in
            context.requestBodySites().flatMap { site in
                site.properties(changing: "x-extensible-enum").flatMap { property -> [SpecChange] in
                    guard let baseValues = property.base.node["x-extensible-enum"]?.array,
                        let revisionValues = property.revision.node["x-extensible-enum"]?.array
                    else { return [] }
                    return baseValues.filter { value in !revisionValues.contains { $0.isEqual(to: value) } }.compactMap { value in
                        site.change("request-property-x-extensible-enum-value-removed",
                            "removed the x-extensible-enum value \(value.messageText) of the request property '\(property.fullName)'",
                            at: property, base: value)
                    }
                }
            }
        },
        CheckGroup("RequestPropertyConstChangedCheck") { context in
            context.requestBodySites().flatMap { keywordValueChanges($0, keyword: "const") }
        },
        CheckGroup("ResponsePropertyConstChangedCheck") { context in
            context.responseBodySites().flatMap { keywordValueChanges($0, keyword: "const") }
        },
        CheckGroup("RequestPropertyDefaultValueChangedCheck") { context in
            context.requestBodySites().flatMap { keywordValueChanges($0, keyword: "default") }
        },
        CheckGroup("ResponsePropertyDefaultValueChangedCheck") { context in
            context.responseBodySites().flatMap { keywordValueChanges($0, keyword: "default") }
        },
        CheckGroup("RequestPropertyContentUpdatedCheck") { context in
            context.requestBodySites().flatMap(contentKeywordChanges)
        },
        CheckGroup("ResponsePropertyContentUpdatedCheck") { context in
            context.responseBodySites().flatMap(contentKeywordChanges)
        },
    ]

    /// `const`/`default` added, removed or changed, on the body and on every property.
    private static func keywordValueChanges(_ site: BodySchemaSite, keyword: String) -> [SpecChange] {
        site.pairs(changing: keyword).compactMap { pair -> SpecChange? in
            let before = pair.base.node[keyword], after = pair.revision.node[keyword]
            let action: String
            switch (before, after) {
            case (nil, nil): return nil
            case (nil, _): action = "added"
            case (_, nil): action = "removed"
            case (let b?, let a?):
                if site.context.isEquivalent(b, a) { return nil }
                action = "changed"
            }
            let isBody = pair.fullName.isEmpty
            let id = "\(site.side)-\(isBody ? "body" : "property")-\(keyword)-value-\(action)"
                .replacingOccurrences(of: "const-value", with: "const")
            let word = keyword == "const" ? "const value" : "default value"
            let subject = isBody ? "the \(site.side) body" : "the '\(pair.fullName)' \(site.side) property"
            let detail: String
            switch action {
            case "added": detail = "\(word) \(after!.messageText) was added"
            case "removed": detail = "\(word) \(before!.messageText) was removed"
            default: detail = "\(word) changed from \(before!.messageText) to \(after!.messageText)"
            }
            return site.change(id, "\(subject) \(detail)\(site.statusSuffix)", at: pair,
                base: before ?? pair.base.node, revision: after ?? pair.revision.node)
        }
    }

    /// `contentSchema` added/removed and `contentMediaType`/`contentEncoding` changed.
    private static func contentKeywordChanges(_ site: BodySchemaSite) -> [SpecChange] {
        site.pairs(changing: "contentSchema", "contentMediaType", "contentEncoding").flatMap { pair -> [SpecChange] in
            let isBody = pair.fullName.isEmpty
            let scope = isBody ? "body" : "property"
            let subject = isBody ? "the \(site.side) body" : "the \(site.side) property '\(pair.fullName)'"
            var changes: [SpecChange?] = []
            switch (pair.base.node["contentSchema"], pair.revision.node["contentSchema"]) {
            case (nil, let added?):
                changes.append(site.change("\(site.side)-\(scope)-content-schema-added",
                    "added 'contentSchema' to \(subject)\(site.statusSuffix)", at: pair, revision: added))
            case (let removed?, nil):
                changes.append(site.change("\(site.side)-\(scope)-content-schema-removed",
                    "removed 'contentSchema' from \(subject)\(site.statusSuffix)", at: pair, base: removed))
            default: break
            }
            for (keyword, slug) in [("contentMediaType", "media-type"), ("contentEncoding", "encoding")] {
                let before = pair.base.node[keyword]?.string, after = pair.revision.node[keyword]?.string
                guard before != after else { continue }
                changes.append(site.change("\(site.side)-\(scope)-content-\(slug)-changed",
                    "\(subject) \(keyword) changed from '\(before ?? "")' to '\(after ?? "")'\(site.statusSuffix)", at: pair))
            }
            return changes.compactMap { $0 }
        }
    }
}

/// Enum values added and removed between two schemas, compared as JSON values.
struct EnumChange {
    var added: [SpecNode] = []
    var deleted: [SpecNode] = []

    init(_ pair: PropertyPair, _ context: DiffContext) {
        let before = pair.base.enumValues, after = pair.revision.enumValues
        guard before != nil || after != nil else { return }
        let baseValues = before ?? [], revisionValues = after ?? []
        let baseKeys = Set(baseValues.map(context.fingerprint)), revisionKeys = Set(revisionValues.map(context.fingerprint))
        deleted = baseValues.filter { !revisionKeys.contains(context.fingerprint($0)) }
        added = revisionValues.filter { !baseKeys.contains(context.fingerprint($0)) }
    }
}
