/// Properties added, removed, made required/optional, and their readOnly/writeOnly flags,
/// in request and response bodies.
extension SchemaValueChecks {
    static let propertyGroups: [CheckGroup] = [
        CheckGroup("RequestBodyRemovedCheck") { context in
            context.pairs.compactMap { pair in
                guard let body = pair.base.requestBody, pair.revision.requestBody == nil else { return nil }
                return context.change("request-body-removed", pair, "removed the request body",
                    base: body.node, revision: pair.revision.node)
            }
        },
        CheckGroup("RequestPropertyUpdatedCheck") { context in
            context.requestBodySites().flatMap { site in
                var changes: [SpecChange?] = []
                if site.isWrappedInOneOf {
                    changes.append(site.change("request-body-wrapped-in-one-of",
                        "the request body was restructured into a oneOf, so a payload that was previously valid may no longer be accepted"))
                }
                for gone in site.propertyPresence(added: false) where !gone.schema.isReadOnly && !site.hasMoved(gone.name, in: gone.holder) {
                    changes.append(site.change("request-property-removed",
                        "removed the request property '\(gone.fullName)'", at: gone.holder, base: gone.schema.node))
                }
                for new in site.propertyPresence(added: true) where !new.schema.isReadOnly {
                    let id: String
                    if new.isRequired {
                        id = new.schema.defaultValue == nil
                            ? "new-required-request-property" : "new-required-request-property-with-default"
                    } else {
                        id = "new-optional-request-property"
                    }
                    let kind = id == "new-optional-request-property" ? "optional" : "required"
                    let suffix = id.hasSuffix("with-default") ? " with a default value" : ""
                    changes.append(site.change(id, "added the new \(kind) request property '\(new.fullName)'\(suffix)",
                        at: new.holder, revision: new.schema.node))
                }
                return changes.compactMap { $0 }
            }
        },
        CheckGroup("ResponseRequiredPropertyUpdatedCheck") { context in
            context.responseBodySites().flatMap { site in
                var changes: [SpecChange?] = []
                if site.isWrappedInOneOf {
                    changes.append(site.change("response-body-wrapped-in-one-of",
                        "the response body was restructured into a oneOf, so a field that was previously guaranteed may no longer be present"))
                }
                changes += responsePresenceChanges(site, required: true)
                return changes.compactMap { $0 }
            }
        },
        CheckGroup("ResponseOptionalPropertyUpdatedCheck") { context in
            context.responseBodySites().flatMap { responsePresenceChanges($0, required: false).compactMap { $0 } }
        },
        CheckGroup("RequestPropertyRequiredUpdatedCheck") { context in
            context.requestBodySites().flatMap { site in
                site.pairs(changing: "required").flatMap { holder in
                    site.facts.perPair("requiredChanges", holder) { requiredChanges(holder) }.compactMap { name, became in
                        guard let property = holder.revision.property(name), !property.isReadOnly else { return nil }
                        let full = holder.fullName.isEmpty ? name : holder.fullName + "/" + name
                        if became {
                            let withDefault = property.defaultValue != nil
                            return site.change(
                                withDefault ? "request-property-became-required-with-default" : "request-property-became-required",
                                "the request property '\(full)'\(withDefault ? " with a default value" : "") became required",
                                at: holder, revision: property.node)
                        }
                        return site.change("request-property-became-optional",
                            "the request property '\(full)' became optional", at: holder, revision: property.node)
                    }
                }
            }
        },
        CheckGroup("ResponsePropertyBecameOptionalCheck") { context in
            responseRequirednessChanges(context, became: false)
        },
        CheckGroup("ResponsePropertyBecameRequiredCheck") { context in
            responseRequirednessChanges(context, became: true)
        },
        CheckGroup("RequestPropertyWriteOnlyReadOnlyCheck") { context in
            context.requestBodySites().flatMap { site in
                site.properties(changing: "readOnly", "writeOnly").flatMap { property in
                    accessFlagChanges(site, property) { required, flag, became in
                        "request-\(required ? "required" : "optional")-property-became-\(became ? "" : "not-")\(flag)"
                    }
                }
            }
        },
        CheckGroup("ResponseRequiredPropertyWriteOnlyReadOnlyCheck") { context in
            context.responseBodySites().flatMap { site in
                site.properties(changing: "readOnly", "writeOnly").flatMap { property in
                    accessFlagChanges(site, property) { required, flag, became in
                        required ? "response-required-property-became-\(became ? "" : "not-")\(flag)" : nil
                    }
                }
            }
        },
        CheckGroup("ResponseOptionalPropertyWriteOnlyReadOnlyCheck") { context in
            context.responseBodySites().flatMap { site in
                site.properties(changing: "readOnly", "writeOnly").flatMap { property in
                    accessFlagChanges(site, property) { required, flag, became in
                        required ? nil : "response-optional-property-became-\(became ? "" : "not-")\(flag)"
                    }
                }
            }
        },
    ]

    /// Response properties removed or added, split by whether the holder requires them.
    ///
    /// They are the same for every operation returning this body schema pair with this
    /// status and media-type wording, apart from the method and path: built once per body
    /// and stamped per operation (Stripe: 100,000+ such changes from a few thousand texts).
    private static func responsePresenceChanges(_ site: BodySchemaSite, required: Bool) -> [SpecChange?] {
        site.sharedChanges("responsePresence/\(required)") {
            unstampedPresenceChanges(site, required: required).compactMap { $0 }
        }
    }

    private static func unstampedPresenceChanges(_ site: BodySchemaSite, required: Bool) -> [SpecChange?] {
        let kind = required ? "required" : "optional"
        var changes: [SpecChange?] = []
        for gone in site.propertyPresence(added: false)
        where gone.isRequired == required && !site.hasMoved(gone.name, in: gone.holder) {
            let writeOnly = gone.schema.isWriteOnly
            changes.append(site.change(
                "response-\(kind)-\(writeOnly ? "write-only-" : "")property-removed",
                "removed the \(kind)\(writeOnly ? " write-only" : "") property '\(gone.fullName)' from the response with the \(site.status ?? "") status",
                at: gone.holder, base: gone.schema.node))
        }
        for new in site.propertyPresence(added: true) where new.isRequired == required {
            let writeOnly = new.schema.isWriteOnly
            changes.append(site.change(
                "response-\(kind)-\(writeOnly ? "write-only-" : "")property-added",
                "added the \(kind)\(writeOnly ? " write-only" : "") property '\(new.fullName)' to the response with the \(site.status ?? "") status",
                at: new.holder, revision: new.schema.node))
        }
        return changes
    }

    /// Names whose `required` membership changed between the sides of `holder`, for
    /// properties present on both sides: `true` when it became required.
    private static func requiredChanges(_ holder: PropertyPair) -> [(String, Bool)] {
        let baseRequired = Set(holder.base.required), revisionRequired = Set(holder.revision.required)
        let baseNames = Set(holder.base.properties.map(\.name)), revisionNames = Set(holder.revision.properties.map(\.name))
        var result: [(String, Bool)] = []
        for name in holder.revision.required where !baseRequired.contains(name) {
            if baseNames.contains(name) && revisionNames.contains(name) { result.append((name, true)) }
        }
        for name in holder.base.required where !revisionRequired.contains(name) {
            if baseNames.contains(name) && revisionNames.contains(name) { result.append((name, false)) }
        }
        return result
    }

    private static func responseRequirednessChanges(_ context: DiffContext, became required: Bool) -> [SpecChange] {
        context.responseBodySites().flatMap { site in
            site.pairs(changing: "required").flatMap { holder in
                site.facts.perPair("requiredChanges", holder) { requiredChanges(holder) }.compactMap { name, becameRequired -> SpecChange? in
                    guard becameRequired == required, let property = holder.revision.property(name) else { return nil }
                    let writeOnly = (holder.base.property(name) ?? property).isWriteOnly
                    let full = holder.fullName.isEmpty ? name : holder.fullName + "/" + name
                    let word = required ? "required" : "optional"
                    return site.change(
                        "response-\(writeOnly ? "write-only-" : "")property-became-\(word)",
                        "the response\(writeOnly ? " write-only" : "") property '\(full)' became \(word)\(site.statusSuffix)",
                        at: holder, revision: property.node)
                }
            }
        }
    }

    /// readOnly/writeOnly flips of a named property; `id` picks the rule from (required in the
    /// base, flag name, became set) or `nil` to skip.
    private static func accessFlagChanges(
        _ site: BodySchemaSite, _ property: PropertyPair, id: (Bool, String, Bool) -> String?
    ) -> [SpecChange] {
        guard property.propertyName != nil, let parent = property.parent,
            parent.revision.property(property.name) != nil
        else { return [] }
        let required = parent.base.required.contains(property.name)
        var changes: [SpecChange] = []
        for (flag, before, after) in [
            ("write-only", property.base.isWriteOnly, property.revision.isWriteOnly),
            ("read-only", property.base.isReadOnly, property.revision.isReadOnly),
        ] where before != after {
            guard let rule = id(required, flag, after) else { continue }
            let kind = required ? "required" : "optional"
            if let change = site.change(rule,
                "the \(site.side) \(kind) property '\(property.fullName)' became \(after ? "" : "not ")\(flag)\(site.statusSuffix)",
                at: property)
            {
                changes.append(change)
            }
        }
        return changes
    }
}
