import Foundation

/// A loaded OpenAPI document: the root file, every file its `$ref`s pull in, and every
/// reference already resolved.
///
/// All references are resolved at load time, so a dangling `$ref` is an input error with its
/// location before any rule runs, and the rules can follow references with a dictionary
/// lookup. `$ref`s inside `x-` extensions and example/default/enum/const values are data,
/// not Reference Objects (the DigitalOcean spec relies on that), and are left alone.
public struct SpecDocument: Sendable {
    /// The root node of the entry file.
    public let root: SpecNode
    /// How the entry file is named in messages.
    public let name: String
    /// Every file read, by display name.
    public let files: [String: SpecNode]
    /// Where each `$ref` node leads after following chains.
    let targets: [ObjectIdentifier: SpecNode]
    /// Non-fatal findings made while loading (mixed dialects, duplicate operation ids…).
    public internal(set) var warnings: [Diagnostic]

    /// The node `node` stands for: the target of its `$ref` chain, or itself.
    public func resolve(_ node: SpecNode) -> SpecNode {
        if node.reference == nil { return node }
        return targets[ObjectIdentifier(node)] ?? node
    }

    /// The target of `node` when it is a reference of this document; `nil` otherwise.
    func resolveIfKnown(_ node: SpecNode) -> SpecNode? {
        targets[ObjectIdentifier(node)]
    }

    /// `resolve` for an optional.
    public func resolve(_ node: SpecNode?) -> SpecNode? {
        node.map { resolve($0) }
    }

    /// The `$ref` text of `node` when it is a reference (for messages and component names).
    public func componentName(_ node: SpecNode) -> String? {
        guard let reference = node.reference, let slash = reference.lastIndex(of: "/") else { return nil }
        return String(reference[reference.index(after: slash)...])
    }
}

/// Reads a spec and everything it references.
public struct SpecLoader: Sendable {
    public var limits: SpecLimits

    public init(limits: SpecLimits = SpecLimits()) {
        self.limits = limits
    }

    /// Loads a command-line spec argument (`path` or `git:REF:PATH`).
    public func load(argument: String) throws(SpecError) -> SpecDocument {
        let (source, path) = try SpecSource.parse(argument)
        return try load(path: path, source: source)
    }

    public func load(path: String, source: SpecSource = .fileSystem) throws(SpecError) -> SpecDocument {
        var files: [String: SpecNode] = [:]
        var paths: [String: String] = [:]  // display name → source path
        var queue: [String] = [path]
        var queued: Set<String> = [path]
        var rootNode: SpecNode?
        var references: [SpecNode] = []
        while let next = queue.first {
            queue.removeFirst()
            let display = source.display(next)
            let node = try parseFile(next, source: source)
            if rootNode == nil { rootNode = node }
            files[display] = node
            paths[display] = next
            var found: [SpecNode] = []
            Self.collectReferences(node, into: &found)
            for reference in found {
                references.append(reference)
                guard let text = reference.reference else { continue }
                let filePart = Self.split(text).file
                guard !filePart.isEmpty, !Self.isRemote(filePart) else { continue }
                let target = SpecPath.resolve(filePart, against: next)
                if !queued.contains(target) {
                    if queued.count >= limits.maxFiles {
                        throw .refused(file: display, line: Int(reference.location.line), column: Int(reference.location.column),
                            reason: "the spec references more than \(limits.maxFiles) files")
                    }
                    queued.insert(target)
                    queue.append(target)
                }
            }
        }
        guard let root = rootNode else { throw .empty(file: source.display(path)) }
        guard root.object != nil else {
            throw .notASpec(file: source.display(path), reason: "the top level is not an object")
        }
        if root["openapi"] == nil, root["swagger"] == nil {
            throw .notASpec(file: source.display(path),
                reason: "no 'openapi' or 'swagger' version field at the top level")
        }
        var targets: [ObjectIdentifier: SpecNode] = [:]
        targets.reserveCapacity(references.count)
        for reference in references {
            targets[ObjectIdentifier(reference)] = try Self.follow(reference, files: files, paths: paths, source: source)
        }
        return SpecDocument(root: root, name: source.display(path), files: files, targets: targets, warnings: [])
    }

    /// Parses one file: JSON when it starts with `{` or `[`, YAML otherwise.
    func parseFile(_ path: String, source: SpecSource) throws(SpecError) -> SpecNode {
        let display = source.display(path)
        let bytes = try source.read(path, limits: limits)
        var start = 0
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw .syntax(file: display, line: 1, column: 1, format: "YAML/JSON",
                reason: "the file is UTF-16; save it as UTF-8")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var first: UInt8?
        for byte in bytes[start...] where !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
            first = byte
            break
        }
        guard let first else { throw .empty(file: display) }
        var nodeLimits = limits
        nodeLimits.maxNodes = min(limits.maxNodes, max(100_000, bytes.count / 2))
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return try bytes.withUnsafeBufferPointer { (buffer) throws(SpecError) -> SpecNode in
                try JSONTreeParser.parse(buffer, file: display, limits: nodeLimits)
            }
        }
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            throw .syntax(file: display, line: 0, column: 0, format: "YAML", reason: "the file is not valid UTF-8")
        }
        return try YAMLTreeBuilder.parse(text, file: display, limits: nodeLimits)
    }

    /// Members whose value is a map keyed by user-chosen names (`responses`, `properties`…):
    /// there `default`, `example`, `enum` or `const` is a name (the `default` response, a
    /// property called `enum`), not a literal value.
    static let namedMaps: Set<String> = [
        "responses", "properties", "patternProperties", "definitions", "schemas", "$defs", "headers", "content", "links",
        "callbacks", "encoding", "requestBodies", "securitySchemes", "pathItems", "webhooks", "paths", "dependentSchemas",
        "parameters",
    ]

    /// `$ref` nodes outside extensions and literal values.
    static func collectReferences(_ node: SpecNode, into found: inout [SpecNode], keysAreNames: Bool = false) {
        switch node.value {
        case .object(let object):
            if let reference = object["$ref"], reference.string != nil {
                found.append(node)
            }
            for entry in object.entries {
                let key = entry.key
                if key.hasPrefix("x-") {
                    continue
                }
                if !keysAreNames, key == "example" || key == "default" || key == "enum" || key == "const" {
                    continue
                }
                if !keysAreNames, namedMaps.contains(key), entry.node.object != nil {
                    collectReferences(entry.node, into: &found, keysAreNames: true)
                    continue
                }
                if !keysAreNames, key == "examples" {
                    // A map of Example Objects (each may be a Reference Object, but its
                    // `value` is literal data), or in 3.1 schemas an array of literal values.
                    for example in entry.node.object?.entries ?? [] {
                        if example.node.reference != nil { found.append(example.node) }
                    }
                    continue
                }
                collectReferences(entry.node, into: &found)
            }
        case .array(let items):
            for item in items { collectReferences(item, into: &found) }
        default:
            break
        }
    }

    static func split(_ reference: String) -> (file: String, fragment: String) {
        guard let hash = reference.firstIndex(of: "#") else { return (reference, "") }
        return (String(reference[..<hash]), String(reference[reference.index(after: hash)...]))
    }

    static func isRemote(_ file: String) -> Bool {
        file.hasPrefix("http://") || file.hasPrefix("https://") || file.hasPrefix("//")
    }

    /// Follows a `$ref` chain to a node that is not a reference.
    static func follow(_ start: SpecNode, files: [String: SpecNode], paths: [String: String], source: SpecSource)
        throws(SpecError) -> SpecNode
    {
        var node = start
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(start)]
        while let reference = node.reference {
            let location = node.location
            let (filePart, fragment) = split(reference)
            let file: String
            if filePart.isEmpty {
                file = location.file
            } else if isRemote(filePart) {
                throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                    reference: reference, reason: "remote references are never fetched; bundle the spec into local files")
            } else {
                let base = paths[location.file] ?? location.file
                file = source.display(SpecPath.resolve(filePart, against: base))
            }
            guard let fileRoot = files[file] else {
                throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                    reference: reference, reason: "file '\(file)' was not loaded")
            }
            guard let target = evaluate(pointer: fragment, in: fileRoot) else {
                throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                    reference: reference, reason: "no node at '#\(fragment)' in \(file)")
            }
            guard seen.insert(ObjectIdentifier(target)).inserted else {
                throw .referenceCycle(file: location.file, line: Int(location.line), column: Int(location.column), reference: reference)
            }
            node = target
        }
        return node
    }

    /// RFC 6901 evaluation, with percent-decoding of URI fragments.
    static func evaluate(pointer fragment: String, in root: SpecNode) -> SpecNode? {
        let decoded = fragment.removingPercentEncoding ?? fragment
        if decoded.isEmpty { return root }
        guard decoded.hasPrefix("/") else { return nil }
        var node = root
        for rawToken in decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = rawToken.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node.value {
            case .object(let object):
                guard let child = object[token] else { return nil }
                node = child
            case .array(let items):
                guard let index = Int(token), index >= 0, index < items.count else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node
    }
}
