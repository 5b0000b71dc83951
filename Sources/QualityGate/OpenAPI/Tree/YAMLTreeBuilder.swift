import Yams

/// Turns YAML text into a `SpecNode` tree, using Yams `compose` for the syntax (it keeps line
/// and column marks) and the YAML 1.2 core schema for plain scalars.
///
/// Core schema, not YAML 1.1: an unquoted `2024-10-01` stays a string and `yes` stays `yes`,
/// so a YAML spec and its JSON twin load to the same tree (research: the OpenAI spec differs
/// otherwise). Aliases are expanded as the tree is built, under a node budget, which is what
/// stops a "billion laughs" document; libyaml itself refuses nesting past 1,000 levels and
/// the builder past `SpecLimits.maxDepth`.
struct YAMLTreeBuilder {
    let file: String
    let fileNumber: Int32
    let limits: SpecLimits
    private var nodeCount = 0

    init(file: String, limits: SpecLimits) {
        self.file = file
        self.fileNumber = SpecFileNames.number(file)
        self.limits = limits
    }

    static func parse(_ text: String, file: String, limits: SpecLimits) throws(SpecError) -> SpecNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw .syntax(file: file, line: 0, column: 0, format: "YAML", reason: "\(error)")
        }
        guard let root else { throw .empty(file: file) }
        var builder = YAMLTreeBuilder(file: file, limits: limits)
        return try builder.build(root, depth: 0)
    }

    static func syntaxError(_ error: YamlError, file: String) -> SpecError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            if detail.contains("nesting level") {
                return .refused(file: file, line: mark.line, column: mark.column, reason: "nesting too deep (\(detail))")
            }
            return .syntax(file: file, line: mark.line, column: mark.column, format: "YAML", reason: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(
                file: file, line: context.mark.line, column: context.mark.column, format: "YAML",
                reason: "duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return .syntax(file: file, line: 0, column: 0, format: "YAML", reason: problem)
        default:
            return .syntax(file: file, line: 0, column: 0, format: "YAML", reason: "\(error)")
        }
    }

    private func make(_ value: SpecNode.Value, _ mark: Mark?) -> SpecNode {
        SpecNode(value, file: fileNumber, line: Int32(truncatingIfNeeded: mark?.line ?? 0),
            column: Int32(truncatingIfNeeded: mark?.column ?? 0))
    }

    private mutating func count(_ mark: Mark?) throws(SpecError) {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            throw .refused(
                file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                reason: "the document expands to more than \(limits.maxNodes) values (a YAML alias bomb?)")
        }
    }

    /// - Parameter keyMark: for a member value, where its key is: a block mapping or sequence
    ///   is located at its key (`delete:`), which is where a reader looks for it.
    mutating func build(_ node: Node, depth: Int, keyMark: Mark? = nil) throws(SpecError) -> SpecNode {
        if depth > limits.maxDepth {
            throw .refused(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                reason: "nesting deeper than \(limits.maxDepth) levels")
        }
        try count(node.mark)
        switch node {
        case .scalar(let scalar):
            return make(Self.resolve(scalar), scalar.mark)
        case .sequence(let sequence):
            var items: [SpecNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                items.append(try build(item, depth: depth + 1))
            }
            return make(.array(items), keyMark ?? sequence.mark)
        case .mapping(let mapping):
            var entries: [SpecObject.Entry] = []
            entries.reserveCapacity(mapping.count)
            var merged: [Node] = []
            for (key, value) in mapping {
                let name: String
                switch key {
                case .scalar(let scalar):
                    if scalar.string == "<<", scalar.style == .plain {
                        merged.append(value)
                        continue
                    }
                    name = scalar.string
                default:
                    throw .syntax(file: file, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0, format: "YAML",
                        reason: "a mapping key must be a plain value, not a collection")
                }
                entries.append(SpecObject.Entry(key: name, node: try build(value, depth: depth + 1, keyMark: key.mark)))
            }
            // YAML merge keys: `<<: *base` contributes members the mapping does not set itself.
            if !merged.isEmpty {
                var present = Set(entries.map(\.key))
                var sources: [Node] = []
                for value in merged {
                    if case .sequence(let list) = value { sources.append(contentsOf: list) } else { sources.append(value) }
                }
                for source in sources {
                    guard case .mapping(let sourceMapping) = source else { continue }
                    for (key, value) in sourceMapping {
                        guard case .scalar(let scalar) = key, !present.contains(scalar.string) else { continue }
                        present.insert(scalar.string)
                        entries.append(SpecObject.Entry(key: scalar.string, node: try build(value, depth: depth + 1)))
                    }
                }
            }
            return make(.object(SpecObject(entries)), keyMark ?? mapping.mark)
        case .alias(let alias):
            throw .syntax(file: file, line: alias.mark?.line ?? 0, column: alias.mark?.column ?? 0, format: "YAML",
                reason: "unresolved alias")
        }
    }

    /// YAML 1.2 core schema for plain scalars; quoted and block scalars are strings.
    static func resolve(_ scalar: Node.Scalar) -> SpecNode.Value {
        let text = scalar.string
        guard scalar.style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN": return .string(text)
        default: break
        }
        guard let first = text.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= 48 && first <= 57)
        else { return .string(text) }
        if isCoreNumber(text) {
            // `044925` is a number to YAML 1.2, an invalid octal (so a string) to YAML 1.1, and
            // in practice a code whose JSON twin is the string "044925" (Adyen's authCode).
            if hasLeadingZero(text) { return .string(text) }
            return .number(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return .number(String(value)) }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return .number(String(value)) }
        return .string(text)
    }

    /// A zero followed by another digit at the start of the integer part (`007`, `-01.5`).
    static func hasLeadingZero(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard bytes.first == UInt8(ascii: "0"), let second = bytes.dropFirst().first else { return false }
        return second >= 48 && second <= 57
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    static func isCoreNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var integerDigits = 0
        while let byte = bytes.first, byte >= 48, byte <= 57 { integerDigits += 1; bytes = bytes.dropFirst() }
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            while let byte = bytes.first, byte >= 48, byte <= 57 { fractionDigits += 1; bytes = bytes.dropFirst() }
        }
        guard integerDigits + fractionDigits > 0 else { return false }
        if let byte = bytes.first, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            var exponentDigits = 0
            while let byte = bytes.first, byte >= 48, byte <= 57 { exponentDigits += 1; bytes = bytes.dropFirst() }
            guard exponentDigits > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
