import Foundation

/// Validates JSON values (`SpecNode` trees: a parsed response body, or an example inside the
/// spec) against OpenAPI schemas, for both drift (recorded bodies) and completeness (examples
/// valid).
///
/// Covers what API schemas use: `type` (arrays of types, `integer` vs `number`, every
/// nullable spelling), `enum`, `const`, `required`, `properties`, `patternProperties`,
/// `additionalProperties` (false or a schema), `propertyNames`, `minProperties`/`maxProperties`,
/// `items` (schema or 3.0 tuple array) / `prefixItems` / `additionalItems` / `contains`, length
/// and item-count bounds, `uniqueItems`, `minimum`/`maximum` with exclusive bounds in both
/// dialects, `multipleOf`, `pattern` (ICU regular expressions; an invalid pattern is skipped
/// with a note), `format` (see `SchemaFormats`), `allOf`/`anyOf`/`oneOf`/`not`,
/// `if`/`then`/`else`, boolean schemas, and a `discriminator` when `oneOf`/`anyOf` branches
/// overlap. `readOnly`/`writeOnly` only relax `required` (a read-only property need not be
/// sent in a request, a write-only one is never in a response); their presence is not flagged.
///
/// Cycle-safe: a (schema, value) pair already being checked higher up the stack counts as
/// valid, so `A: {allOf: [$ref: A]}` terminates; recursive schemas otherwise stop where the
/// value stops. Bounded: at most `maxViolations` violations per value and `maxDepth` nested
/// schema levels (deeper parts are skipped with a note).
///
/// Not thread-safe (it caches compiled patterns); use one validator per task.
public final class SchemaValidator {
    /// Which side of the exchange the value is on; decides how `readOnly`/`writeOnly`
    /// relax `required`.
    public enum Direction: String, Sendable, Codable {
        case request, response, neutral
    }

    public struct Options: Sendable {
        public var direction: Direction
        /// Stop collecting after this many violations (the result says `truncated`).
        public var maxViolations: Int
        /// Deepest nesting of schema evaluation; deeper parts are not checked (noted).
        public var maxDepth: Int
        /// Check `format` (`date-time`, `uuid`, …); JSON Schema treats it as optional.
        public var checkFormats: Bool

        public init(direction: Direction = .neutral, maxViolations: Int = 20, maxDepth: Int = 100, checkFormats: Bool = true) {
            self.direction = direction
            self.maxViolations = maxViolations
            self.maxDepth = maxDepth
            self.checkFormats = checkFormats
        }
    }

    public let spec: APISpec
    public var options: Options

    private var patterns: [String: NSRegularExpression] = [:]
    private var invalidPatterns: Set<String> = []
    private var notes: [String] = []
    private var active: Set<Visit> = []
    private var rootPointer = ""

    private struct Visit: Hashable {
        let schema: ObjectIdentifier
        let instance: ObjectIdentifier
    }

    /// A violation before its pointers are spelled out: branch probes of `anyOf`/`oneOf`
    /// fail often and only need to know that they failed.
    private struct Pending {
        let instance: SpecNode
        let schema: SpecNode
        let keyword: String
        let message: String
    }

    /// Collects violations up to a limit.
    private struct Sink {
        var limit: Int
        var violations: [Pending] = []
        var truncated = false

        var isFull: Bool { violations.count >= limit }

        mutating func add(_ violation: Pending) {
            if isFull {
                truncated = true
            } else {
                violations.append(violation)
            }
        }
    }

    public init(spec: APISpec, options: Options = Options()) {
        self.spec = spec
        self.options = options
    }

    /// Validates `instance` against `schema` (a Schema Object node, or a `$ref` to one).
    /// Instance pointers in the result are relative to `instance`.
    public func validate(_ instance: SpecNode, against schema: SpecNode) -> SchemaValidation {
        notes = []
        active = []
        rootPointer = instance.pointer
        var sink = Sink(limit: max(1, options.maxViolations))
        evaluate(instance, schema, depth: 0, &sink)
        return SchemaValidation(violations: sink.violations.map(materialize), truncated: sink.truncated, notes: notes)
    }

    // MARK: Evaluation

    /// The keywords of one schema object, gathered in one pass over its members.
    private struct Keywords {
        var type, nullable, enumList, constValue, minLength, maxLength, pattern, format: SpecNode?
        var hasMinimum = false, hasMaximum = false
        var multipleOf, minItems, maxItems, uniqueItems, items, prefixItems, additionalItems, contains: SpecNode?
        var required, properties, patternProperties, additionalProperties, minProperties, maxProperties: SpecNode?
        var propertyNames, allOf, anyOf, oneOf, not, ifSchema, thenSchema, elseSchema, discriminator: SpecNode?

        init(_ members: [SpecObject.Entry]) {
            for entry in members {
                let value = entry.node
                switch entry.key {
                case "type": type = value
                case "nullable", "x-nullable": if value.bool == true { nullable = value }
                case "enum": enumList = value
                case "const": constValue = value
                case "minLength": minLength = value
                case "maxLength": maxLength = value
                case "pattern": pattern = value
                case "format": format = value
                case "minimum", "exclusiveMinimum": hasMinimum = true
                case "maximum", "exclusiveMaximum": hasMaximum = true
                case "multipleOf": multipleOf = value
                case "minItems": minItems = value
                case "maxItems": maxItems = value
                case "uniqueItems": uniqueItems = value
                case "items": items = value
                case "prefixItems": prefixItems = value
                case "additionalItems": additionalItems = value
                case "contains": contains = value
                case "required": required = value
                case "properties": properties = value
                case "patternProperties": patternProperties = value
                case "additionalProperties": additionalProperties = value
                case "minProperties": minProperties = value
                case "maxProperties": maxProperties = value
                case "propertyNames": propertyNames = value
                case "allOf": allOf = value
                case "anyOf": anyOf = value
                case "oneOf": oneOf = value
                case "not": not = value
                case "if": ifSchema = value
                case "then": thenSchema = value
                case "else": elseSchema = value
                case "discriminator": discriminator = value
                default: break
                }
            }
        }
    }

    private func evaluate(_ instance: SpecNode, _ raw: SpecNode, depth: Int, _ sink: inout Sink) {
        if sink.isFull {
            sink.truncated = true
            return
        }
        let node = spec.resolve(raw)
        guard let members = node.object?.entries else {
            if node.bool == false {
                sink.add(violation(instance, node, "false", "no value is allowed here (the schema is `false`)"))
            }
            return
        }
        guard depth < options.maxDepth else {
            note("parts nested deeper than \(options.maxDepth) schema levels were not checked")
            return
        }
        let visit = Visit(schema: ObjectIdentifier(node), instance: ObjectIdentifier(instance))
        guard active.insert(visit).inserted else { return }
        defer { active.remove(visit) }

        let keywords = Keywords(members)
        if instance.isNull, keywords.nullable != nil { return }
        if let typeNode = keywords.type {
            let types = typeNode.string.map { [$0] } ?? typeNode.array?.compactMap(\.string) ?? []
            if !types.isEmpty, !types.contains(where: { Self.matches(instance, type: $0) }) {
                let expected = types.count == 1 ? types[0] : types.joined(separator: " or ")
                sink.add(violation(instance, node, "type", "expected \(expected), found \(Self.describe(instance))"))
                return
            }
        }
        if let values = keywords.enumList?.array, !values.contains(where: { $0.isEqual(to: instance) }) {
            let shown = values.prefix(5).map(\.displayText).joined(separator: ", ") + (values.count > 5 ? ", …" : "")
            sink.add(violation(instance, node, "enum", "\(Self.describe(instance)) is not one of the allowed values (\(shown))"))
        }
        if let constant = keywords.constValue, !constant.isEqual(to: instance) {
            sink.add(violation(instance, node, "const", "\(Self.describe(instance)) is not the constant \(constant.displayText)"))
        }
        switch instance.value {
        case .string(let text): checkString(text, instance, node, keywords, &sink)
        case .number(let text): checkNumber(text, instance, node, keywords, &sink)
        case .array(let items): checkArray(items, instance, node, keywords, depth: depth, &sink)
        case .object(let object): checkObject(object, instance, node, keywords, depth: depth, &sink)
        default: break
        }
        checkComposition(instance, node, keywords, depth: depth, &sink)
    }

    private func checkString(_ text: String, _ instance: SpecNode, _ node: SpecNode, _ keywords: Keywords, _ sink: inout Sink) {
        if keywords.minLength != nil || keywords.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = keywords.minLength?.int, length < minimum {
                sink.add(violation(instance, node, "minLength", "string of length \(length) is shorter than minLength \(minimum)"))
            }
            if let maximum = keywords.maxLength?.int, length > maximum {
                sink.add(violation(instance, node, "maxLength", "string of length \(length) is longer than maxLength \(maximum)"))
            }
        }
        if let pattern = keywords.pattern?.string, let regex = regex(pattern, at: keywords.pattern!) {
            let range = NSRange(location: 0, length: (text as NSString).length)
            if regex.firstMatch(in: text, options: [], range: range) == nil {
                sink.add(violation(instance, node, "pattern", "\"\(Self.clip(text))\" does not match the pattern \(Self.clip(pattern))"))
            }
        }
        if options.checkFormats, let format = keywords.format?.string, let problem = SchemaFormats.check(string: text, format: format) {
            sink.add(violation(instance, node, "format", problem))
        }
    }

    private func checkNumber(_ text: String, _ instance: SpecNode, _ node: SpecNode, _ keywords: Keywords, _ sink: inout Sink) {
        guard let number = ExactNumber(text) else { return }
        if keywords.hasMinimum || keywords.hasMaximum {
            let schema = Schema(node, in: spec)
            if let bound = schema.minimum, bound.exclusive ? number <= bound.value : number < bound.value {
                let keyword = bound.exclusive ? "exclusiveMinimum" : "minimum"
                sink.add(violation(instance, node, keyword, "\(text) is less than \(bound.exclusive ? "or equal to " : "")the minimum \(bound.value)"))
            }
            if let bound = schema.maximum, bound.exclusive ? number >= bound.value : number > bound.value {
                let keyword = bound.exclusive ? "exclusiveMaximum" : "maximum"
                sink.add(violation(instance, node, keyword, "\(text) is greater than \(bound.exclusive ? "or equal to " : "")the maximum \(bound.value)"))
            }
        }
        if let divisor = keywords.multipleOf?.number, !divisor.isZero {
            let quotient = number.doubleValue / divisor.doubleValue
            if quotient.isFinite, abs(quotient - quotient.rounded()) > 1e-9 * max(1, abs(quotient)) {
                sink.add(violation(instance, node, "multipleOf", "\(text) is not a multiple of \(divisor)"))
            }
        }
        if options.checkFormats, let format = keywords.format?.string, Self.isInteger(text),
            let problem = SchemaFormats.check(number: number, format: format)
        {
            sink.add(violation(instance, node, "format", problem))
        }
    }

    private func checkArray(_ items: [SpecNode], _ instance: SpecNode, _ node: SpecNode, _ keywords: Keywords, depth: Int,
        _ sink: inout Sink)
    {
        if let minimum = keywords.minItems?.int, items.count < minimum {
            sink.add(violation(instance, node, "minItems", "array of \(items.count) items has fewer than minItems \(minimum)"))
        }
        if let maximum = keywords.maxItems?.int, items.count > maximum {
            sink.add(violation(instance, node, "maxItems", "array of \(items.count) items has more than maxItems \(maximum)"))
        }
        if keywords.uniqueItems?.bool == true, items.count > 1 {
            var seen: Set<String> = []
            for item in items where !seen.insert(item.canonicalText).inserted {
                sink.add(violation(item, node, "uniqueItems", "duplicate item \(Self.describe(item)) in an array whose items must be unique"))
                break
            }
        }
        // Positional schemas: 2020-12 `prefixItems` (then `items` for the rest), or draft-4
        // `items: [...]` (then `additionalItems`).
        var positional: [SpecNode] = keywords.prefixItems?.array ?? []
        var rest = keywords.items
        if let tuple = keywords.items?.array {
            positional = tuple
            rest = keywords.additionalItems
        }
        for (index, item) in items.enumerated() {
            if sink.isFull {
                sink.truncated = true
                break
            }
            if index < positional.count {
                evaluate(item, positional[index], depth: depth + 1, &sink)
            } else if let rest {
                if rest.bool == false {
                    sink.add(violation(item, node, positional.isEmpty ? "items" : "additionalItems",
                        "array has \(items.count) items; at most \(positional.count) are allowed"))
                    break
                }
                evaluate(item, rest, depth: depth + 1, &sink)
            }
        }
        if let contains = keywords.contains, !items.contains(where: { probe($0, contains, depth: depth, limit: 1).isEmpty }) {
            sink.add(violation(instance, node, "contains", "no item matches the schema under 'contains'"))
        }
    }

    private func checkObject(_ object: SpecObject, _ instance: SpecNode, _ node: SpecNode, _ keywords: Keywords, depth: Int,
        _ sink: inout Sink)
    {
        let properties = spec.resolve(keywords.properties)?.object
        for name in keywords.required?.array?.compactMap(\.string) ?? [] where object[name] == nil {
            if let property = properties?[name], isExempt(property) { continue }
            sink.add(violation(instance, node, "required", "the required property '\(name)' is missing"))
        }
        if let minimum = keywords.minProperties?.int, object.count < minimum {
            sink.add(violation(instance, node, "minProperties", "object with \(object.count) properties has fewer than minProperties \(minimum)"))
        }
        if let maximum = keywords.maxProperties?.int, object.count > maximum {
            sink.add(violation(instance, node, "maxProperties", "object with \(object.count) properties has more than maxProperties \(maximum)"))
        }
        let patternProperties = spec.resolve(keywords.patternProperties)?.members ?? []
        for entry in object.entries {
            if sink.isFull {
                sink.truncated = true
                break
            }
            var matched = false
            if let property = properties?[entry.key] {
                matched = true
                evaluate(entry.node, property, depth: depth + 1, &sink)
            }
            for pattern in patternProperties {
                guard let regex = regex(pattern.key, at: pattern.node) else { continue }
                let range = NSRange(location: 0, length: (entry.key as NSString).length)
                if regex.firstMatch(in: entry.key, options: [], range: range) != nil {
                    matched = true
                    evaluate(entry.node, pattern.node, depth: depth + 1, &sink)
                }
            }
            if !matched, let additional = keywords.additionalProperties {
                if additional.bool == false {
                    sink.add(violation(entry.node, node, "additionalProperties",
                        "the property '\(entry.key)' is not allowed (additionalProperties is false)"))
                } else if additional.bool == nil {
                    evaluate(entry.node, additional, depth: depth + 1, &sink)
                }
            }
            if let names = keywords.propertyNames {
                let key = SpecNode(.string(entry.key), location: entry.node.location)
                key.parent = instance
                if !probe(key, names, depth: depth, limit: 1).isEmpty {
                    sink.add(violation(entry.node, node, "propertyNames", "the property name '\(Self.clip(entry.key))' is not allowed by propertyNames"))
                }
            }
        }
    }

    private func checkComposition(_ instance: SpecNode, _ node: SpecNode, _ keywords: Keywords, depth: Int, _ sink: inout Sink) {
        for member in keywords.allOf?.array ?? [] {
            evaluate(instance, member, depth: depth + 1, &sink)
        }
        for (keyword, list) in [("anyOf", keywords.anyOf), ("oneOf", keywords.oneOf)] {
            guard let branches = list?.array, !branches.isEmpty else { continue }
            if let chosen = discriminated(instance, branches, keywords.discriminator) {
                evaluate(instance, chosen, depth: depth + 1, &sink)
                continue
            }
            var matching: [Int] = []
            var closest: [Pending]?
            for (index, branch) in branches.enumerated() {
                let found = probe(instance, branch, depth: depth, limit: matching.isEmpty ? 3 : 1)
                if found.isEmpty {
                    matching.append(index)
                    if keyword == "anyOf" || matching.count > 1 { break }
                } else if closest == nil || found.count < closest!.count {
                    closest = found
                }
            }
            if matching.isEmpty {
                let detail = closest?.first.map { " (closest: \(materialize($0).description))" } ?? ""
                sink.add(violation(instance, node, keyword, "matches none of the \(branches.count) \(keyword) alternatives\(detail)"))
            } else if keyword == "oneOf", matching.count > 1 {
                sink.add(violation(instance, node, keyword,
                    "matches more than one oneOf alternative (#\(matching[0] + 1) and #\(matching[1] + 1)); exactly one must match"))
            }
        }
        if let not = keywords.not, probe(instance, not, depth: depth, limit: 1).isEmpty {
            sink.add(violation(instance, node, "not", "matches the schema under 'not'"))
        }
        if let condition = keywords.ifSchema {
            let branch = probe(instance, condition, depth: depth, limit: 1).isEmpty ? keywords.thenSchema : keywords.elseSchema
            if let branch { evaluate(instance, branch, depth: depth + 1, &sink) }
        }
    }

    /// The branch a discriminator selects: `mapping[value]`, or the component named `value`.
    private func discriminated(_ instance: SpecNode, _ branches: [SpecNode], _ discriminator: SpecNode?) -> SpecNode? {
        guard let discriminator, let property = discriminator["propertyName"]?.string ?? discriminator.string,
            let value = instance[property]?.string
        else { return nil }
        if let target = discriminator["mapping"]?[value]?.string {
            let name = target.split(separator: "/").last.map(String.init) ?? target
            return branches.first { $0.reference == target } ?? branches.first { spec.document.componentName($0) == name }
        }
        return branches.first { spec.document.componentName($0) == value }
    }

    private func probe(_ instance: SpecNode, _ schema: SpecNode, depth: Int, limit: Int) -> [Pending] {
        var inner = Sink(limit: limit)
        evaluate(instance, schema, depth: depth + 1, &inner)
        return inner.violations
    }

    /// A required property the value's direction may leave out.
    private func isExempt(_ property: SpecNode) -> Bool {
        let resolved = spec.resolve(property)
        switch options.direction {
        case .request: return resolved["readOnly"]?.bool == true || property["readOnly"]?.bool == true
        case .response: return resolved["writeOnly"]?.bool == true || property["writeOnly"]?.bool == true
        case .neutral: return false
        }
    }

    // MARK: Helpers

    private func regex(_ pattern: String, at node: SpecNode) -> NSRegularExpression? {
        if let known = patterns[pattern] { return known }
        if invalidPatterns.contains(pattern) { return nil }
        do {
            let compiled = try NSRegularExpression(pattern: pattern, options: [])
            patterns[pattern] = compiled
            return compiled
        } catch {
            invalidPatterns.insert(pattern)
            note("pattern '\(Self.clip(pattern))' at \(node.location) is not a valid regular expression; not checked")
            return nil
        }
    }

    private func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    private func violation(_ instance: SpecNode, _ schema: SpecNode, _ keyword: String, _ message: String) -> Pending {
        Pending(instance: instance, schema: schema, keyword: keyword, message: message)
    }

    private func materialize(_ pending: Pending) -> SchemaViolation {
        var position = SpecPosition(pending.schema)
        position.pointer += "/" + pending.keyword
        let pointer = pending.instance.pointer
        let relative = pointer.hasPrefix(rootPointer) ? String(pointer.dropFirst(rootPointer.count)) : pointer
        return SchemaViolation(instancePointer: relative, keyword: pending.keyword, schema: position, message: pending.message)
    }

    static func matches(_ instance: SpecNode, type: String) -> Bool {
        switch (type, instance.value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let text)):
            return isInteger(text)
        case ("file", _), ("any", _):
            return true
        default:
            return false
        }
    }

    /// True for integral values, whatever the spelling (`1`, `1.0`, `1e3`).
    static func isInteger(_ text: String) -> Bool {
        guard let number = ExactNumber(text) else { return false }
        return number.exponent >= number.digits.count
    }

    static func describe(_ node: SpecNode) -> String {
        switch node.value {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        case .number(let text): "number \(text)"
        case .string(let text): "string \"\(clip(text))\""
        case .array(let items): "array of \(items.count) items"
        case .object: "object"
        }
    }

    static func clip(_ text: String, to limit: Int = 60) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
