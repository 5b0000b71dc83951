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
    /// Whether an `x-stability-level` sits outside an Operation Object (on a schema): only
    /// then does the diff walk body properties for stability moves. Noted here because this
    /// walk visits every keyword object anyway; a separate scan of a 4 MB spec cost 10 ms.
    private(set) var holdsSchemaStabilityLevel = false

    init(isSwagger2: Bool) {
        self.isSwagger2 = isSwagger2
    }

    /// What a member name means in an object of keywords.
    enum KeywordKind {
        case other
        /// `$ref`
        case reference
        /// `x-…`, or a literal-valued keyword (`example`, `default`, `enum`): skipped.
        case data
        /// `const`: literal, and a 3.1 form.
        case const
        case examples
        case nullable
        case exclusiveBound
        case type
        /// An object of user-chosen names (`properties`, `paths`, `content`…), or for
        /// `parameters` also a list; `extensible` when its `x-` members are extensions.
        case names(extensible: Bool)
    }

    /// Classifies a member name by its first byte, then an exact comparison: this runs for
    /// every member of a 4 MB spec, where hashing each name into sets cost more than parsing.
    static func classify(_ key: String) -> KeywordKind {
        let utf8 = key.utf8
        guard let first = utf8.first else { return .other }
        switch first {
        case UInt8(ascii: "$"):
            if key == "$ref" { return .reference }
            if key == "$defs" { return .names(extensible: false) }
        case UInt8(ascii: "x"):
            if utf8.count > 1, utf8[utf8.index(after: utf8.startIndex)] == UInt8(ascii: "-") { return .data }
        case UInt8(ascii: "e"):
            if key == "example" || key == "enum" { return .data }
            if key == "examples" { return .examples }
            if key == "exclusiveMinimum" || key == "exclusiveMaximum" { return .exclusiveBound }
            if key == "encoding" { return .names(extensible: false) }
        case UInt8(ascii: "d"):
            if key == "default" { return .data }
            if key == "definitions" || key == "dependentSchemas" { return .names(extensible: false) }
        case UInt8(ascii: "c"):
            if key == "const" { return .const }
            if key == "content" || key == "callbacks" { return .names(extensible: false) }
        case UInt8(ascii: "n"):
            if key == "nullable" { return .nullable }
        case UInt8(ascii: "t"):
            if key == "type" { return .type }
        case UInt8(ascii: "p"):
            if key == "properties" || key == "parameters" || key == "patternProperties" || key == "pathItems" {
                return .names(extensible: false)
            }
            if key == "paths" { return .names(extensible: true) }
        case UInt8(ascii: "r"):
            if key == "responses" { return .names(extensible: true) }
            if key == "requestBodies" { return .names(extensible: false) }
        case UInt8(ascii: "s"):
            if key == "schemas" || key == "securitySchemes" || key == "securityDefinitions" { return .names(extensible: false) }
        case UInt8(ascii: "h"):
            if key == "headers" { return .names(extensible: false) }
        case UInt8(ascii: "l"):
            if key == "links" { return .names(extensible: false) }
        case UInt8(ascii: "w"):
            if key == "webhooks" { return .names(extensible: true) }
        case UInt8(ascii: "v"):
            if key == "variables" { return .names(extensible: false) }
        default:
            break
        }
        return .other
    }

    /// Walks an object whose members are keywords (a document root, an Operation, a Schema…).
    mutating func walk(keywords node: SpecNode) {
        switch node.value {
        case .object(let object):
            var isReference = false
            for entry in object.entries {
                switch Self.classify(entry.key) {
                case .other:
                    walk(keywords: entry.node)
                case .reference:
                    if !isReference, entry.node.string != nil {
                        isReference = true
                        references.append(node)
                    }
                case .data:
                    if !holdsSchemaStabilityLevel, entry.key == "x-stability-level", object["responses"] == nil {
                        holdsSchemaStabilityLevel = true
                    }
                case .const:
                    dialectMarks.note(.const, at: entry.node)
                case .examples:
                    if isSwagger2 { continue }  // Response `examples`: media type → literal
                    if entry.node.array != nil {
                        dialectMarks.note(.examplesList, at: entry.node)  // JSON Schema 2020-12 form
                        continue
                    }
                    walk(examples: entry.node)
                case .nullable:
                    dialectMarks.note(.nullable, at: entry.node)
                case .exclusiveBound:
                    dialectMarks.note(entry.node.bool != nil ? .booleanExclusiveBound : .numericExclusiveBound, at: entry.node)
                case .type:
                    if entry.node.array != nil { dialectMarks.note(.typeList, at: entry.node) }
                case .names(let extensible):
                    walk(names: entry.node, extensible: extensible)
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
