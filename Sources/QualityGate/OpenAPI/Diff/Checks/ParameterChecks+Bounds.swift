/// Rules on a parameter schema's numeric bounds: minimum/maximum (and the 3.1 numeric
/// `exclusiveMinimum`/`exclusiveMaximum`), min/maxLength, min/maxItems. Tightening what a
/// client may send is breaking; loosening it is not.
extension ParameterChecks {
    /// One bound keyword and how its changes are named.
    struct BoundKeyword: Sendable {
        /// The schema keyword (`maxLength`).
        let keyword: String
        /// The rule ID stem (`max-length` → `request-parameter-max-length-increased`).
        let stem: String
        /// A lower bound (tightened when increased) or an upper one.
        let isLower: Bool
    }

    static let boundGroups: [CheckGroup] = [
        updated("RequestParameterMaxItemsUpdatedCheck", [BoundKeyword(keyword: "maxItems", stem: "max-items", isLower: false)],
            itemsFallback: true),
        updated("RequestParameterMaxLengthUpdatedCheck", [BoundKeyword(keyword: "maxLength", stem: "max-length", isLower: false)]),
        updated("RequestParameterMaxUpdatedCheck", [
            BoundKeyword(keyword: "maximum", stem: "max", isLower: false),
            BoundKeyword(keyword: "exclusiveMaximum", stem: "exclusive-max", isLower: false),
        ]),
        updated("RequestParameterMinItemsUpdatedCheck", [BoundKeyword(keyword: "minItems", stem: "min-items", isLower: true)]),
        updated("RequestParameterMinLengthUpdatedCheck", [BoundKeyword(keyword: "minLength", stem: "min-length", isLower: true)]),
        updated("RequestParameterMinUpdatedCheck", [
            BoundKeyword(keyword: "minimum", stem: "min", isLower: true),
            BoundKeyword(keyword: "exclusiveMinimum", stem: "exclusive-min", isLower: true),
        ]),
        set("RequestParameterMaxLengthSetCheck", [BoundKeyword(keyword: "maxLength", stem: "max-length", isLower: false)]),
        set("RequestParameterMaxSetCheck", [
            BoundKeyword(keyword: "maximum", stem: "max", isLower: false),
            BoundKeyword(keyword: "exclusiveMaximum", stem: "exclusive-max", isLower: false),
        ]),
        set("RequestParameterMinItemsSetCheck", [BoundKeyword(keyword: "minItems", stem: "min-items", isLower: true)],
            zeroIsUnset: true),
        set("RequestParameterMinSetCheck", [
            BoundKeyword(keyword: "minimum", stem: "min", isLower: true),
            BoundKeyword(keyword: "exclusiveMinimum", stem: "exclusive-min", isLower: true),
        ]),
    ]

    /// A bound present on both sides with a different value. `itemsFallback` also reads the
    /// array items' bound when the parameter itself has none (oasdiff's legacy reading).
    private static func updated(_ name: String, _ keywords: [BoundKeyword], itemsFallback: Bool = false) -> CheckGroup {
        CheckGroup(name) { context in
            var result: [SpecChange] = []
            for change in schemaChanges(context) {
                for bound in keywords {
                    var base = change.base.node[bound.keyword], revision = change.revision.node[bound.keyword]
                    if itemsFallback, base == nil, revision == nil {
                        base = change.base.items?.node[bound.keyword]
                        revision = change.revision.items?.node[bound.keyword]
                    }
                    guard let base, let revision, let from = base.number, let to = revision.number, from != to else { continue }
                    let direction = to > from ? "increased" : "decreased"
                    result.append(context.change("request-parameter-\(bound.stem)-\(direction)", change.operation,
                        "for the \(change.parameter.label), the \(bound.keyword) was \(direction) from \(base.displayText) to \(revision.displayText)",
                        base: base, revision: revision))
                }
            }
            return result
        }
    }

    /// A bound that the revision introduces.
    private static func set(_ name: String, _ keywords: [BoundKeyword], zeroIsUnset: Bool = false) -> CheckGroup {
        CheckGroup(name) { context in
            var result: [SpecChange] = []
            for change in schemaChanges(context) {
                for bound in keywords {
                    guard let revision = change.revision.node[bound.keyword], let to = revision.number else { continue }
                    let base = change.base.node[bound.keyword]?.number
                    let wasUnset = base == nil || (zeroIsUnset && base == ExactNumber("0"))
                    guard wasUnset, !(zeroIsUnset && to == ExactNumber("0")) else { continue }
                    result.append(context.change("request-parameter-\(bound.stem)-set", change.operation,
                        "for the \(change.parameter.label), the \(bound.keyword) was set to \(revision.displayText)",
                        base: change.base.node, revision: revision))
                }
            }
            return result
        }
    }
}
