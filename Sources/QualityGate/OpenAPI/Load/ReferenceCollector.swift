/// Finds the Reference Objects of one file: the `$ref`s the OpenAPI and JSON Schema grammar
/// reads as references, and none of those that are only data.
///
/// Data that happens to hold a `$ref` key is common in real specs: GitHub's SCIM examples
/// (`components.examples.*.value`) contain `"$ref": "https://api.github.com/…"` members, and
/// DigitalOcean's `x-codeSamples` point at files that are not shipped. Resolving those would
/// fail the load for nothing. So the walk knows where it is: in an object of keywords (a
/// Schema, an Operation…) literal-valued keywords (`example`, `default`, `enum`, `const`,
/// Example Object values) and `x-` extensions are skipped; in an object of names
/// (`properties`, `paths`, `content`…) every member is walked, whatever its name, so a
/// property called `default` or `enum` still has its `$ref` resolved.
///
/// The same walk notes the 3.0-only and 3.1-only schema forms it passes, so that a
/// mixed-dialect document is reported with a warning instead of refused.
struct ReferenceCollector {
    /// Swagger 2.0: `examples` (in a Response) is a map of media type → literal example.
    let isSwagger2: Bool
    private(set) var references: [SpecNode] = []
    private(set) var dialectMarks = DialectMarks()

    init(isSwagger2: Bool) {
        self.isSwagger2 = isSwagger2
    }

    /// Keywords whose value is a literal, never a Reference Object.
    private static let literalKeywords: Set<String> = ["example", "default", "enum", "const"]

    /// Keywords whose value is an object keyed by user-chosen names (or, for `parameters`,
    /// `allOf`…, a list), each member being a keyword object again.
    private static let nameMapKeywords: Set<String> = [
        "properties", "patternProperties", "definitions", "$defs", "dependentSchemas",
        "schemas", "responses", "parameters", "requestBodies", "headers", "securitySchemes",
        "securityDefinitions", "links", "callbacks", "pathItems", "paths", "webhooks",
        "content", "encoding", "variables",
    ]

    /// Name maps whose `x-` members are extensions rather than names.
    private static let extensibleNameMaps: Set<String> = ["paths", "responses", "webhooks"]

    /// Walks an object whose members are keywords (a document root, an Operation, a Schema…).
    mutating func walk(keywords node: SpecNode) {
        switch node.value {
        case .object(let object):
            if object["$ref"]?.string != nil { references.append(node) }
            for entry in object.entries {
                let key = entry.key
                if key.hasPrefix("x-") || Self.literalKeywords.contains(key) {
                    if key == "const" { dialectMarks.note(.const, at: entry.node) }
                    continue
                }
                switch key {
                case "examples":
                    if isSwagger2 { continue }
                    if entry.node.array != nil {
                        dialectMarks.note(.examplesList, at: entry.node)  // JSON Schema 2020-12 form
                        continue
                    }
                    walk(examples: entry.node)
                case "nullable":
                    dialectMarks.note(.nullable, at: entry.node)
                case "exclusiveMinimum", "exclusiveMaximum":
                    dialectMarks.note(entry.node.bool != nil ? .booleanExclusiveBound : .numericExclusiveBound, at: entry.node)
                case "type":
                    if entry.node.array != nil { dialectMarks.note(.typeList, at: entry.node) }
                default:
                    if Self.nameMapKeywords.contains(key) {
                        walk(names: entry.node, extensible: Self.extensibleNameMaps.contains(key))
                    } else {
                        walk(keywords: entry.node)
                    }
                }
            }
        case .array(let items):
            for item in items { walk(keywords: item) }
        default:
            break
        }
    }

    /// Walks an object whose member names are data (property names, paths, media types…).
    mutating func walk(names node: SpecNode, extensible: Bool) {
        switch node.value {
        case .object(let object):
            if object["$ref"]?.string != nil { references.append(node) }
            for entry in object.entries {
                if extensible, entry.key.hasPrefix("x-") { continue }
                walk(keywords: entry.node)
            }
        case .array(let items):
            for item in items { walk(keywords: item) }
        default:
            break
        }
    }

    /// A map of Example Objects: only a member that is itself a Reference Object counts; an
    /// Example Object holds no references (its `value` is data).
    private mutating func walk(examples node: SpecNode) {
        for entry in node.members {
            if entry.node.reference != nil { references.append(entry.node) }
        }
    }
}

/// Schema forms that belong to one OpenAPI dialect, as found in a document: counted, with the
/// first place each was seen.
struct DialectMarks: Sendable {
    enum Form: String, Sendable, CaseIterable {
        /// 3.0 `nullable: true` (3.1 writes `type: [T, "null"]`).
        case nullable
        /// 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` (3.1 makes them numbers).
        case booleanExclusiveBound
        /// 3.1 numeric `exclusiveMinimum`/`exclusiveMaximum`.
        case numericExclusiveBound
        /// 3.1 `type: [..]`.
        case typeList
        /// 3.1 `const`.
        case const
        /// 3.1 schema `examples: [..]`.
        case examplesList
    }

    private(set) var counts: [Form: Int] = [:]
    private(set) var first: [Form: SpecNode] = [:]

    mutating func note(_ form: Form, at node: SpecNode) {
        counts[form, default: 0] += 1
        if first[form] == nil { first[form] = node }
    }

    mutating func merge(_ other: DialectMarks) {
        for (form, count) in other.counts {
            counts[form, default: 0] += count
            if first[form] == nil { first[form] = other.first[form] }
        }
    }
}
