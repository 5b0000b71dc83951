/// Type, format, list-of-types and nullability of request and response body schemas.
///
/// Requests are contravariant (the server must accept what clients send: widening is safe),
/// responses covariant (clients must understand what comes back: narrowing is safe).
extension SchemaValueChecks {
    static let typeGroups: [CheckGroup] = [
        CheckGroup("RequestPropertyTypeChangedCheck") { context in
            context.requestBodySites().flatMap { site in
                site.pairs(changing: "type", "format").compactMap { pair -> SpecChange? in
                    guard let change = SchemaTypeChange(pair.base, pair.revision) else { return nil }
                    let verdict = change.requestVerdict(stronglyTyped: isStronglyTyped(site.mediaType))
                    let scope = pair.fullName.isEmpty ? "body" : "property"
                    let id = "request-\(scope)-type-\(verdict)"
                    return site.change(id, typeMessage(site, pair, change, verdict: verdict), at: pair)
                }
            }
        },
        CheckGroup("ResponsePropertyTypeChangedCheck") { context in
            context.responseBodySites().flatMap { site in
                site.pairs(changing: "type", "format").compactMap { pair -> SpecChange? in
                    guard let change = SchemaTypeChange(pair.base, pair.revision) else { return nil }
                    let verdict = change.responseVerdict(stronglyTyped: isStronglyTyped(site.mediaType))
                    let scope = pair.fullName.isEmpty ? "body" : "property"
                    return site.change("response-\(scope)-type-\(verdict)",
                        typeMessage(site, pair, change, verdict: verdict), at: pair)
                }
            }
        },
        CheckGroup("RequestPropertyListOfTypesChangedCheck") { context in
            listOfTypesChanges(context.requestBodySites())
        },
        CheckGroup("ResponsePropertyListOfTypesChangedCheck") { context in
            listOfTypesChanges(context.responseBodySites())
        },
        CheckGroup("RequestPropertyBecameNotNullableCheck") { context in
            nullabilityChanges(context.requestBodySites())
        },
        CheckGroup("ResponsePropertyBecameNullableCheck") { context in
            nullabilityChanges(context.responseBodySites())
        },
    ]

    /// JSON distinguishes `1` from `"1"`; text-like media types do not.
    static func isStronglyTyped(_ mediaType: String) -> Bool {
        mediaType == "application/json" || mediaType.hasSuffix("+json")
    }

    private static func typeMessage(_ site: BodySchemaSite, _ pair: PropertyPair, _ change: SchemaTypeChange, verdict: String)
        -> String
    {
        let what = pair.fullName.isEmpty ? "the \(site.side)'s body \(change.dimension)" :
            "the '\(pair.fullName)' \(site.side) property \(change.dimension)"
        let how: String
        switch verdict {
        case "generalized": how = "was widened from"
        case "specialized": how = "was narrowed from"
        default: how = "changed from"
        }
        let note = verdict == "compatible" ? " (backward compatible)" : ""
        return "\(what) \(how) '\(change.baseText)' to '\(change.revisionText)'\(site.statusSuffix)\(note)"
    }

    private static func listOfTypesChanges(_ sites: [BodySchemaSite]) -> [SpecChange] {
        sites.flatMap { site in
            site.pairs(changing: "type", "oneOf", "anyOf").compactMap { pair -> SpecChange? in
                guard let change = site.listOfTypesChange(pair) else { return nil }
                // Requests: removing a type breaks clients; responses: adding one does.
                let widened = site.isRequest ? change.deleted.isEmpty : !change.added.isEmpty
                let types = widened ? change.added : change.deleted
                let scope = pair.fullName.isEmpty ? "body" : "property '\(pair.fullName)'"
                let id = "\(site.side)-\(pair.fullName.isEmpty ? "body" : "property")-list-of-types-\(widened ? "widened" : "narrowed")"
                let verb = widened ? "widened by adding types \(quotedList(types)) to" : "narrowed by removing types \(quotedList(types)) from"
                return site.change(id, "\(site.side) \(scope) list-of-types was \(verb) media type \(site.mediaType)\(site.statusSuffix)",
                    at: pair)
            }
        }
    }

    private static func nullabilityChanges(_ sites: [BodySchemaSite]) -> [SpecChange] {
        sites.flatMap { site in
            site.pairs(changing: "nullable", "x-nullable", "type", "oneOf").compactMap { pair -> SpecChange? in
                let became: Bool
                if pair.base.isNullableByKeyword != pair.revision.isNullableByKeyword {
                    became = pair.revision.isNullableByKeyword
                } else if let wrapping = NullableWrapping(pair.base, pair.revision, site.context) {
                    became = wrapping.nullabilityAdded
                } else {
                    return nil
                }
                let isBody = pair.fullName.isEmpty
                let id = "\(site.side)-\(isBody ? "body" : "property")-became-\(became ? "" : "not-")nullable"
                let message = isBody
                    ? "the \(site.side)'s body became \(became ? "" : "not ")nullable\(site.statusSuffix)"
                    : "the \(site.side) property '\(pair.fullName)' became \(became ? "" : "not ")nullable\(site.statusSuffix)"
                return site.change(id, message, at: pair)
            }
        }
    }
}

/// A change of `type` (null aside) and/or `format` between two schemas, with oasdiff's
/// verdicts.
struct SchemaTypeChange {
    let baseTypes: [String]
    let revisionTypes: [String]
    let baseFormat: String?
    let revisionFormat: String?

    init?(_ base: Schema, _ revision: Schema) {
        baseTypes = base.types
        revisionTypes = revision.types
        baseFormat = base.format
        revisionFormat = revision.format
        if !typeChanged && !formatChanged { return nil }
    }

    var typeChanged: Bool { Set(baseTypes) != Set(revisionTypes) }
    var formatChanged: Bool { (baseFormat ?? "") != (revisionFormat ?? "") }

    var dimension: String {
        switch (typeChanged, formatChanged) {
        case (true, true): "type/format"
        case (true, false): "type"
        default: "format"
        }
    }

    var baseText: String { Self.text(baseTypes, baseFormat) }
    var revisionText: String { Self.text(revisionTypes, revisionFormat) }

    private static func text(_ types: [String], _ format: String?) -> String {
        let type = types.isEmpty ? "any" : types.joined(separator: ", ")
        guard let format, !format.isEmpty else { return type }
        return type + "/" + format
    }

    private var added: [String] { revisionTypes.filter { !baseTypes.contains($0) } }
    private var deleted: [String] { baseTypes.filter { !revisionTypes.contains($0) } }

    /// `changed` (breaking), `compatible` (a swap safe only because the media type is not
    /// strongly typed) or `generalized`.
    func requestVerdict(stronglyTyped: Bool) -> String {
        let typeAxis = typeChanged && !TypeLattice.isSubset(baseTypes, of: revisionTypes)
        if Self.breaking(typeAxis: typeAxis, to: added, from: deleted, targetTypes: revisionTypes,
            toFormat: revisionFormat, fromFormat: baseFormat, formatChanged: formatChanged, stronglyTyped: stronglyTyped)
        {
            return "changed"
        }
        if typeAxis, !revisionTypes.isEmpty, !TypeLattice.isTypeContained(to: added, from: deleted, stronglyTyped: true) {
            return "compatible"
        }
        return "generalized"
    }

    /// `changed`/`generalized` (breaking: the returned set changed or widened),
    /// `compatible` (a loose-typing swap) or `specialized` (narrowed).
    func responseVerdict(stronglyTyped: Bool) -> String {
        let typeAxis = typeChanged && !TypeLattice.isSubset(revisionTypes, of: baseTypes)
        if Self.breaking(typeAxis: typeAxis, to: deleted, from: added, targetTypes: baseTypes,
            toFormat: baseFormat, fromFormat: revisionFormat, formatChanged: formatChanged, stronglyTyped: stronglyTyped)
        {
            return typeChanged && TypeLattice.isSubset(baseTypes, of: revisionTypes) ? "generalized" : "changed"
        }
        if typeAxis, !baseTypes.isEmpty, !TypeLattice.isTypeContained(to: deleted, from: added, stronglyTyped: true) {
            return "compatible"
        }
        return "specialized"
    }

    /// Whether a change toward `targetTypes` breaks: evaluated per axis; removing the type
    /// constraint altogether never does.
    private static func breaking(
        typeAxis: Bool, to: [String], from: [String], targetTypes: [String], toFormat: String?, fromFormat: String?,
        formatChanged: Bool, stronglyTyped: Bool
    ) -> Bool {
        if typeAxis && targetTypes.isEmpty { return false }
        let typeBreaking = typeAxis && !TypeLattice.isTypeContained(to: to, from: from, stronglyTyped: stronglyTyped)
        let formatBreaking = formatChanged && !TypeLattice.isFormatContained(types: targetTypes, to: toFormat ?? "", from: fromFormat ?? "")
        return typeBreaking || formatBreaking
    }
}
