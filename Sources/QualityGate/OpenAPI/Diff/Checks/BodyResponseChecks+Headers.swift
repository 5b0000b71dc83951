/// Response header rules: headers added, removed, made optional, retyped or made nullable.
/// A header value is text on the wire, so type changes are judged loosely typed.
extension BodyResponseChecks {
    static let headerGroups: [CheckGroup] = [headerRemoved, headerAdded, headerBecameOptional, headerTypeChanged, headerBecameNullable]

    struct HeaderDiff {
        var matched: [(base: APIHeader, revision: APIHeader)] = []
        var added: [APIHeader] = []
        var removed: [APIHeader] = []
    }

    /// Every response present on both sides whose headers differ, with the header diff.
    static func headerDiffs(_ context: DiffContext) -> [(OperationPair, APIResponse, APIResponse, HeaderDiff)] {
        context.memoised("BodyResponseChecks.headerDiffs") { computeHeaderDiffs(context) }
    }

    private static func computeHeaderDiffs(_ context: DiffContext) -> [(OperationPair, APIResponse, APIResponse, HeaderDiff)] {
        let sensitive = context.options.caseSensitiveHeaders
        func same(_ a: String, _ b: String) -> Bool { sensitive ? a == b : a.lowercased() == b.lowercased() }
        var result: [(OperationPair, APIResponse, APIResponse, HeaderDiff)] = []
        for pair in context.modifiedPairs {
            for (base, revision) in responsePairs(pair) where !(base.headers.isEmpty && revision.headers.isEmpty) {
                guard !context.isEquivalent(base.node["headers"], revision.node["headers"]) else { continue }
                var diff = HeaderDiff()
                for header in base.headers {
                    if let other = revision.headers.first(where: { same($0.name, header.name) }) {
                        diff.matched.append((header, other))
                    } else {
                        diff.removed.append(header)
                    }
                }
                diff.added = revision.headers.filter { header in !base.headers.contains { same($0.name, header.name) } }
                result.append((pair, base, revision, diff))
            }
        }
        return result
    }

    static let headerRemoved = CheckGroup("ResponseHeaderRemovedCheck") { context in
        headerDiffs(context).flatMap { pair, base, revision, diff in
            diff.removed.map { header in
                header.isRequired
                    ? context.change("required-response-header-removed", pair,
                        "the mandatory response header '\(header.name)' removed for the status \(base.status)",
                        base: header.node, revision: revision.node)
                    : context.change("optional-response-header-removed", pair,
                        "the optional response header '\(header.name)' removed for the status \(base.status)",
                        base: header.node, revision: revision.node)
            }
        }
    }

    static let headerAdded = CheckGroup("ResponseHeaderAddedCheck") { context in
        headerDiffs(context).flatMap { pair, base, _, diff in
            diff.added.map { header in
                context.change("response-header-added", pair,
                    "the response header '\(header.name)' was added for the status \(base.status)", base: base.node, revision: header.node)
            }
        }
    }

    static let headerBecameOptional = CheckGroup("ResponseHeaderBecameOptionalCheck") { context in
        headerDiffs(context).flatMap { pair, base, _, diff in
            diff.matched.filter { $0.base.isRequired && !$0.revision.isRequired }.map { header in
                context.change("response-header-became-optional", pair,
                    "the response header '\(header.revision.name)' became optional for the status \(base.status)",
                    base: header.base.node["required"] ?? header.base.node, revision: header.revision.node)
            }
        }
    }

    /// Both schemas of a header pair, when they differ.
    private static func schemas(_ context: DiffContext, _ header: (base: APIHeader, revision: APIHeader)) -> (Schema, Schema)? {
        guard let base = header.base.schema, let revision = header.revision.schema, !context.isEquivalent(base, revision) else {
            return nil
        }
        return (context.base.schema(base), context.revision.schema(revision))
    }

    static let headerTypeChanged = CheckGroup("ResponseHeaderTypeChangedCheck") { context in
        headerDiffs(context).flatMap { pair, base, _, diff in
            diff.matched.compactMap { header -> SpecChange? in
                guard let (from, to) = schemas(context, header), let type = TypeChange(from, to) else { return nil }
                let id: String, verb: String
                if type.responseBreaking(stronglyTyped: false) {
                    (id, verb) = type.isWidening ? ("response-header-type-generalized", "was widened") : ("response-header-type-changed", "changed")
                } else if type.typeChanged, !type.isNarrowing, type.responseBreaking(stronglyTyped: true) {
                    (id, verb) = ("response-header-type-compatible", "changed (compatible: header values are text)")
                } else {
                    (id, verb) = ("response-header-type-specialized", "was narrowed")
                }
                return context.change(id, pair,
                    "the '\(header.revision.name)' response header's \(type.dimension) \(verb) from \(type.baseText) to \(type.revisionText) for the status \(base.status)",
                    base: from.node, revision: to.node)
            }
        }
    }

    static let headerBecameNullable = CheckGroup("ResponseHeaderBecameNullableCheck") { context in
        headerDiffs(context).flatMap { pair, base, _, diff in
            diff.matched.compactMap { header -> SpecChange? in
                guard let (from, to) = schemas(context, header), from.isNullable != to.isNullable else { return nil }
                return context.change(to.isNullable ? "response-header-became-nullable" : "response-header-became-not-nullable", pair,
                    "the response header '\(header.revision.name)' became \(to.isNullable ? "nullable" : "not nullable") for the status \(base.status)",
                    base: from.node, revision: to.node)
            }
        }
    }
}
