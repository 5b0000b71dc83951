/// Structure rules about subschema lists: `allOf`, `anyOf`, `oneOf` and `prefixItems`
/// members added or removed, with oasdiff's refinements:
///
/// - members are paired like oasdiff does (`DiffContext.pairSubschemas`), and an unpaired
///   member that only moved across the inline/`$ref` boundary (same validation, different
///   annotations) is neither added nor removed;
/// - an `allOf` member that carries only annotations (`title`, `description`…) is reported
///   under the `-annotation-only` IDs at INFO, since it accepts every instance;
/// - a change that is really the "list of types" pattern (`type: string` ↔
///   `oneOf: [{type: string}, {type: integer}]`) is left to the list-of-types rules;
/// - a body wrapped into a `oneOf` of objects is left to `*-body-wrapped-in-one-of`;
/// - a removed request `anyOf` member still present in another spelling is not a removal;
/// - `prefixItems` changes that leave every array position validated the same way (an
///   entry equal to the `items` schema it replaces) are not reported.
extension SchemaStructureChecks {
    /// A member list diff: pairs and the unpaired indices of each side.
    struct MemberDiff: Sendable {
        var added: [Int]
        var deleted: [Int]
    }

    /// oasdiff's `getSubschemasDiff` on raw member lists: `pairSubschemas`, then the
    /// inline/`$ref` refactor reconciliation (each removed member cancels at most one added
    /// member on the other side of the boundary with the same validation contract).
    static func memberDiff(_ baseList: [SpecNode], _ revisionList: [SpecNode], _ context: DiffContext) -> MemberDiff {
        let pairing = context.pairSubschemas(baseList, revisionList)
        var added = pairing.added, deleted: [Int] = []
        for b in pairing.deleted {
            if let match = added.firstIndex(where: {
                (baseList[b].reference == nil) != (revisionList[$0].reference == nil)
                    && validationEquivalent(baseList[b], revisionList[$0], context)
            }) {
                added.remove(at: match)
            } else {
                deleted.append(b)
            }
        }
        return MemberDiff(added: added, deleted: deleted)
    }

    /// How oasdiff names a member in messages: `#/components/schemas/Pet`,
    /// `subschema #2: Title`, or `subschema #2`.
    static func memberLabel(_ raw: SpecNode, index: Int, in spec: APISpec) -> String {
        if let reference = raw.reference { return reference }
        if let title = spec.resolve(raw)["title"]?.string, !title.isEmpty {
            return "subschema #\(index + 1): \(title)"
        }
        return "subschema #\(index + 1)"
    }

    private static func labels(_ indices: [Int], _ list: [SpecNode], in spec: APISpec) -> String {
        indices.map { memberLabel(list[$0], index: $0, in: spec) }.joined(separator: ", ")
    }

    /// One change for the added members and one for the removed ones (oasdiff lists them in
    /// one message), located at the first of them.
    private static func memberChanges(
        _ subject: StructureSubject, keyword: String, idStem: String, added: [Int], deleted: [Int],
        qualifier: String = "", idSuffix: String = ""
    ) -> [SpecChange] {
        let baseList = subject.base.rawList(keyword), revisionList = subject.revision.rawList(keyword)
        var changes: [SpecChange] = []
        if let first = added.first {
            changes.append(subject.change("\(idStem)-added\(idSuffix)",
                "added \(qualifier)\(labels(added, revisionList, in: subject.context.revision)) to the '\(keyword)' list of \(subject.target)",
                base: subject.base.node[keyword], revision: revisionList[first]))
        }
        if let first = deleted.first {
            changes.append(subject.change("\(idStem)-removed\(idSuffix)",
                "removed \(qualifier)\(labels(deleted, baseList, in: subject.context.base)) from the '\(keyword)' list of \(subject.target)",
                base: baseList[first], revision: subject.revision.node[keyword]))
        }
        return changes
    }

    /// `memberDiff` of one keyword at a subject, memoised per schema pair.
    private static func memberDiff(_ subject: StructureSubject, _ keyword: String) -> MemberDiff? {
        let baseList = subject.base.rawList(keyword), revisionList = subject.revision.rawList(keyword)
        if baseList.isEmpty && revisionList.isEmpty { return nil }
        let memo = StructureMemo.of(subject.context)
        let key = StructureMemo.MemberKey(pair: subject.pairKey, keyword: keyword)
        if let known = memo.members[key] { return known }
        let diff = memberDiff(baseList, revisionList, subject.context)
        memo.members[key] = diff
        return diff
    }

    // MARK: allOf

    static func allOf(_ subject: StructureSubject) -> [SpecChange] {
        guard let diff = memberDiff(subject, "allOf") else { return [] }
        let baseList = subject.base.rawList("allOf"), revisionList = subject.revision.rawList("allOf")
        let addedNotes = diff.added.filter { isAnnotationOnly(revisionList[$0], in: subject.context.revision) }
        let deletedNotes = diff.deleted.filter { isAnnotationOnly(baseList[$0], in: subject.context.base) }
        return memberChanges(subject, keyword: "allOf", idStem: "all-of",
            added: diff.added.filter { !addedNotes.contains($0) }, deleted: diff.deleted.filter { !deletedNotes.contains($0) })
            + memberChanges(subject, keyword: "allOf", idStem: "all-of", added: addedNotes, deleted: deletedNotes,
                qualifier: "annotation-only ", idSuffix: "-annotation-only")
    }

    // MARK: anyOf / oneOf

    /// A group for `anyOf` or `oneOf`: the body schema, then every modified property under
    /// it. A list-of-types change on the body skips the whole body, properties included
    /// (oasdiff does the same), and so does a `oneOf` wrapping for `oneOf`; elsewhere the
    /// transition claims apply per schema.
    static func alternatives(_ name: String, keyword: String, request: Bool) -> CheckGroup {
        CheckGroup(name) { context in
            var changes: [SpecChange] = []
            for body in bodies(context, request: request) {
                let top = body.top
                let present = transitions(base: top.base, revision: top.revision, context)
                if present.listOfTypes || (keyword == "oneOf" && present.oneOfWrapping) { continue }
                for subject in body.subjects(with: [keyword]) {
                    changes += subject.unclaimed(alternativeChanges(subject, keyword: keyword))
                }
            }
            return changes
        }
    }

    private static func alternativeChanges(_ subject: StructureSubject, keyword: String) -> [SpecChange] {
        guard var diff = memberDiff(subject, keyword) else { return [] }
        if keyword == "anyOf" && subject.isRequest {
            // A request anyOf member rewritten inline ↔ $ref elsewhere in the list still
            // accepts what it accepted.
            let revisionList = subject.revision.rawList(keyword), baseList = subject.base.rawList(keyword)
            diff.deleted.removeAll { b in
                revisionList.contains {
                    (baseList[b].reference == nil) != ($0.reference == nil)
                        && validationEquivalent(baseList[b], $0, subject.context)
                }
            }
        }
        let stem = keyword == "anyOf" ? "any-of" : "one-of"
        return memberChanges(subject, keyword: keyword, idStem: stem, added: diff.added, deleted: diff.deleted)
    }

    // MARK: prefixItems

    static func prefixItems(_ subject: StructureSubject) -> [SpecChange] {
        let baseList = subject.base.rawList("prefixItems"), revisionList = subject.revision.rawList("prefixItems")
        if baseList.isEmpty && revisionList.isEmpty { return [] }
        if subject.context.isEquivalent(subject.base.node["prefixItems"], subject.revision.node["prefixItems"]) { return [] }
        // Position i is validated by prefixItems[i], else by items, else by anything.
        func schemaAt(_ schema: Schema, _ list: [SpecNode], _ i: Int) -> SpecNode? {
            i < list.count ? list[i] : schema.node["items"]
        }
        let sameContract = (0..<max(baseList.count, revisionList.count)).allSatisfy {
            validationEquivalent(schemaAt(subject.base, baseList, $0), schemaAt(subject.revision, revisionList, $0),
                subject.context)
        }
        if sameContract { return [] }
        let diff = memberDiff(baseList, revisionList, subject.context)
        return memberChanges(subject, keyword: "prefixItems", idStem: "prefix-items", added: diff.added, deleted: diff.deleted)
    }
}
