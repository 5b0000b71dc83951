/// Structure rules about single keywords of a schema: discriminator, contains (with
/// minContains/maxContains), dependentRequired, dependentSchemas, if/then/else,
/// propertyNames and unevaluatedItems/unevaluatedProperties.
///
/// Each is oasdiff's rule of the same name: it looks at the body schema and at every modified
/// property under it; whether an addition or a removal breaks clients comes from the level
/// in the catalogue (adding `contains` to a request narrows what a client may send, adding it
/// to a response only narrows what it receives).
extension SchemaStructureChecks {
    // MARK: discriminator

    static func discriminator(_ subject: StructureSubject) -> [SpecChange] {
        let base = subject.base.node["discriminator"], revision = subject.revision.node["discriminator"]
        switch (base, revision) {
        case (nil, nil):
            return []
        case (nil, let added?):
            return [subject.change("discriminator-added", "added a discriminator to \(subject.target)", revision: added)]
        case (let removed?, nil):
            return [subject.change("discriminator-removed", "removed the discriminator from \(subject.target)", base: removed)]
        case (let base?, let revision?):
            var changes: [SpecChange] = []
            let from = base["propertyName"]?.string ?? "", to = revision["propertyName"]?.string ?? ""
            if from != to {
                changes.append(subject.change("discriminator-property-name-changed",
                    "changed the discriminator property name of \(subject.target) from '\(from)' to '\(to)'",
                    base: base, revision: revision))
            }
            let baseMapping = mapping(base), revisionMapping = mapping(revision)
            let added = revisionMapping.keys.filter { baseMapping[$0] == nil }.sorted()
            let deleted = baseMapping.keys.filter { revisionMapping[$0] == nil }.sorted()
            if !added.isEmpty {
                changes.append(subject.change("discriminator-mapping-added",
                    "added the discriminator mapping keys \(quotedList(added)) to \(subject.target)",
                    base: base, revision: revision["mapping"]))
            }
            if !deleted.isEmpty {
                changes.append(subject.change("discriminator-mapping-deleted",
                    "removed the discriminator mapping keys \(quotedList(deleted)) from \(subject.target)",
                    base: base["mapping"], revision: revision))
            }
            for key in baseMapping.keys.sorted() {
                guard let old = baseMapping[key], let new = revisionMapping[key], old != new else { continue }
                changes.append(subject.change("discriminator-mapping-changed",
                    "changed the discriminator mapping of key '\(key)' in \(subject.target) from '\(old)' to '\(new)'",
                    base: base["mapping"]?[key], revision: revision["mapping"]?[key]))
            }
            return changes
        }
    }

    /// Mapping key → target text as written (oasdiff compares the raw `$ref` strings).
    private static func mapping(_ discriminator: SpecNode) -> [String: String] {
        var result: [String: String] = [:]
        for entry in discriminator["mapping"]?.members ?? [] {
            result[entry.key] = entry.node.string ?? entry.node.canonicalText
        }
        return result
    }

    // MARK: Subschema keywords added or removed

    /// `keyword` present on one side only → `<id>-added` / `<id>-removed`.
    private static func presence(
        _ subject: StructureSubject, _ keyword: String, id: String, added: String, removed: String
    ) -> [SpecChange] {
        let base = subject.base.node[keyword], revision = subject.revision.node[keyword]
        switch (base, revision) {
        case (nil, let new?):
            return [subject.change("\(id)-added", "\(added) \(subject.target)", revision: new)]
        case (let old?, nil):
            return [subject.change("\(id)-removed", "\(removed) \(subject.target)", base: old)]
        default:
            return []
        }
    }

    static func contains(_ subject: StructureSubject) -> [SpecChange] {
        var changes = presence(subject, "contains", id: "contains",
            added: "added the 'contains' constraint to", removed: "removed the 'contains' constraint from")
        for (keyword, id) in [("minContains", "min-contains"), ("maxContains", "max-contains")] {
            // Compared only when both sides set it, as oasdiff does (an absent bound is not 0).
            guard let baseNode = subject.base.node[keyword], let revisionNode = subject.revision.node[keyword],
                let old = baseNode.number, let new = revisionNode.number, old != new
            else { continue }
            let direction = new > old ? "increased" : "decreased"
            changes.append(subject.change("\(id)-\(direction)",
                "\(direction) \(keyword) of \(subject.target) from \(baseNode.displayText) to \(revisionNode.displayText)",
                base: baseNode, revision: revisionNode))
        }
        return changes
    }

    static func conditional(_ subject: StructureSubject) -> [SpecChange] {
        ["if", "then", "else"].flatMap {
            presence(subject, $0, id: $0, added: "added the '\($0)' subschema to", removed: "removed the '\($0)' subschema from")
        }
    }

    static func propertyNames(_ subject: StructureSubject) -> [SpecChange] {
        presence(subject, "propertyNames", id: "property-names",
            added: "added the 'propertyNames' constraint to", removed: "removed the 'propertyNames' constraint from")
    }

    static func unevaluated(_ subject: StructureSubject) -> [SpecChange] {
        [("unevaluatedItems", "unevaluated-items"), ("unevaluatedProperties", "unevaluated-properties")].flatMap {
            presence(subject, $0.0, id: $0.1,
                added: "added the '\($0.0)' constraint to", removed: "removed the '\($0.0)' constraint from")
        }
    }

    // MARK: dependentRequired / dependentSchemas

    static func dependentRequired(_ subject: StructureSubject) -> [SpecChange] {
        let baseNode = subject.base.node["dependentRequired"], revisionNode = subject.revision.node["dependentRequired"]
        let base = requirements(baseNode), revision = requirements(revisionNode)
        guard base != revision else { return [] }
        var changes: [SpecChange] = []
        for key in revision.keys.sorted() where base[key] == nil {
            changes.append(subject.change("dependent-required-added",
                "added dependentRequired to \(subject.target): when '\(key)' is present, "
                    + "\(quotedList(revision[key] ?? [])) are required",
                base: baseNode, revision: revisionNode?[key]))
        }
        for key in base.keys.sorted() where revision[key] == nil {
            changes.append(subject.change("dependent-required-removed",
                "removed dependentRequired from \(subject.target): when '\(key)' was present, "
                    + "\(quotedList(base[key] ?? [])) were required",
                base: baseNode?[key], revision: revisionNode))
        }
        for key in base.keys.sorted() {
            guard let old = base[key], let new = revision[key] else { continue }
            let added = new.filter { !old.contains($0) }, removed = old.filter { !new.contains($0) }
            guard !added.isEmpty || !removed.isEmpty else { continue }
            var parts: [String] = []
            if !added.isEmpty { parts.append("\(quotedList(added)) added") }
            if !removed.isEmpty { parts.append("\(quotedList(removed)) removed") }
            changes.append(subject.change("dependent-required-changed",
                "changed dependentRequired for '\(key)' in \(subject.target): \(parts.joined(separator: ", "))",
                base: baseNode?[key], revision: revisionNode?[key]))
        }
        return changes
    }

    /// Property name → the names it makes required.
    private static func requirements(_ node: SpecNode?) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for entry in node?.members ?? [] {
            result[entry.key] = entry.node.array?.compactMap(\.string) ?? []
        }
        return result
    }

    static func dependentSchemas(_ subject: StructureSubject) -> [SpecChange] {
        let baseNode = subject.base.node["dependentSchemas"], revisionNode = subject.revision.node["dependentSchemas"]
        let baseKeys = Set(baseNode?.members.map(\.key) ?? []), revisionKeys = Set(revisionNode?.members.map(\.key) ?? [])
        var changes: [SpecChange] = []
        for key in revisionKeys.subtracting(baseKeys).sorted() {
            changes.append(subject.change("dependent-schema-added",
                "added the dependent schema '\(key)' to \(subject.target)", base: baseNode, revision: revisionNode?[key]))
        }
        for key in baseKeys.subtracting(revisionKeys).sorted() {
            changes.append(subject.change("dependent-schema-removed",
                "removed the dependent schema '\(key)' from \(subject.target)", base: baseNode?[key], revision: revisionNode))
        }
        return changes
    }
}
