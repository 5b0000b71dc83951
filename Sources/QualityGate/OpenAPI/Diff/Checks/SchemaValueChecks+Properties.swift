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
            var changes: [SpecChange] = []
            for site in context.responseBodySites() {
                if site.isWrappedInOneOf, let change = site.change("response-body-wrapped-in-one-of",
                    "the response body was restructured into a oneOf, so a field that was previously guaranteed may no longer be present")
                {
                    changes.append(change)
                }
                appendPresenceChanges(site, required: true, to: &changes)
            }
            return changes
        },
        CheckGroup("ResponseOptionalPropertyUpdatedCheck") { context in
            var changes: [SpecChange] = []
            for site in context.responseBodySites() { appendPresenceChanges(site, required: false, to: &changes) }
            return changes
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
    /// and stamped per operation (Stripe: 100,000+ such changes from a few thousand texts),
    /// straight into the group's list (each copy of a change costs a reference count per text).
    private static func appendPresenceChanges(_ site: BodySchemaSite, required: Bool, to changes: inout [SpecChange]) {
        site.appendSharedChanges(required ? "responsePresence/required" : "responsePresence/optional", to: &changes) {
            unstampedPresenceChanges(site, required: required)
        }
    }

    private static func unstampedPresenceChanges(_ site: BodySchemaSite, required: Bool) -> [SpecChange] {
        let kind = required ? "required" : "optional"
        let status = site.status ?? ""
        var changes: [SpecChange] = []
        for added in [false, true] {
            for presence in site.propertyPresence(added: added) where presence.isRequired == required
                && (added || !site.hasMoved(presence.name, in: presence.holder))
            {
                let writeOnly = presence.schema.isWriteOnly
                let id = presenceRules[(added ? 4 : 0) + (required ? 0 : 2) + (writeOnly ? 1 : 0)]
                let what = "the \(kind)\(writeOnly ? " write-only" : "") property '\(presence.fullName)'"
                let change = added
                    ? site.change(id, "added \(what) to the response with the \(status) status",
                        at: presence.holder, revision: presence.schema.node)
                    : site.change(id, "removed \(what) from the response with the \(status) status",
                        at: presence.holder, base: presence.schema.node)
                if let change { changes.append(change) }
            }
        }
        return changes
    }

    /// The rule IDs of `unstampedPresenceChanges`, by (added, optional, write-only) bits: the
    /// catalogue's literals rather than a text put together per change.
    private static let presenceRules = [
        "response-required-property-removed", "response-required-write-only-property-removed",
        "response-optional-property-removed", "response-optional-write-only-property-removed",
        "response-required-property-added", "response-required-write-only-property-added",
        "response-optional-property-added", "response-optional-write-only-property-added",
    ]

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
