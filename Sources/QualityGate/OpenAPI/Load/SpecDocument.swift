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
    /// Dialect-specific schema forms met while loading; `APISpec` warns about the ones that do
    /// not belong to the declared version.
    var dialectMarks = DialectMarks()
    /// Whether some `x-stability-level` sits on a schema rather than an operation (see
    /// `ReferenceCollector.holdsSchemaStabilityLevel`).
    var holdsSchemaStabilityLevel = false

    /// The node `node` stands for: the target of its `$ref` chain, or itself.
    public func resolve(_ node: SpecNode) -> SpecNode {
        guard node.hasReference else { return node }
        return targets[ObjectIdentifier(node)] ?? node
    }

    /// The target of `node` when it is a reference of this document; `nil` otherwise.
    func resolveIfKnown(_ node: SpecNode) -> SpecNode? {
        targets[ObjectIdentifier(node)]
    }

    /// `resolve` for an optional.
    public func resolve(_ node: SpecNode?) -> SpecNode? {
        // Not `node.map { resolve($0) }`: the closure captured a copy of the whole document
        // (a dozen references), and schema views ask this for every property they list.
        guard let node else { return nil }
        return resolve(node)
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

    /// Loads a command-line spec argument, reading `git:REF:PATH` relative to `currentDirectory`.
    public func load(argument: String, currentDirectory: String) throws(SpecError) -> SpecDocument {
        let (source, path) = try SpecSource.parse(argument, currentDirectory: currentDirectory)
        return try load(path: path, source: source)
    }

    /// Loads the spec at `path` and every file its `$ref`s reach.
    ///
    /// Only the parts of other files that a reference actually reaches are searched for
    /// further references, and in the right context (see `ReferenceCollector`), so a `$ref`
    /// inside data (`x-codeSamples`, example values) never has to resolve. Referenced files
    /// must lie inside the entry file's folder: a spec under review cannot make the gate read
    /// `../../etc/passwd` or, through a symbolic link, anything outside its folder.
    public func load(path: String, source: SpecSource = .fileSystem) throws(SpecError) -> SpecDocument {
        let entry = SpecPath.normalize(path)
        let scope = SpecScope(entry: entry, source: source)
        let entryDisplay = source.display(entry)
        var git: GitBlobReader?
        if case .git(let repository, let revision) = source { git = GitBlobReader(repository: repository, revision: revision) }
        let root = try parseFile(entry, source: source, git: git)
        guard root.object != nil else {
            throw .notASpec(file: entryDisplay, reason: "the top level is not an object")
        }
        if root["openapi"] == nil, root["swagger"] == nil {
            throw .notASpec(file: entryDisplay, reason: "no 'openapi' or 'swagger' version field at the top level")
        }
        let isSwagger2 = root["swagger"] != nil
        var resolver = ReferenceResolver(source: source)
        resolver.add(root, display: entryDisplay, path: entry)
        var wholeFiles: Set<String> = [entryDisplay]  // files walked from their root
        var walked: Set<ObjectIdentifier> = []
        var seenReferences: Set<ObjectIdentifier> = []
        var references: [SpecNode] = []
        var marks = DialectMarks()
        var holdsSchemaStability = false
        var pending: [SpecNode] = [root]
        while let subtree = pending.popLast() {
            guard walked.insert(ObjectIdentifier(subtree)).inserted else { continue }
            var collector = ReferenceCollector(isSwagger2: isSwagger2)
            collector.walk(keywords: subtree)
            marks.merge(collector.dialectMarks)
            holdsSchemaStability = holdsSchemaStability || collector.holdsSchemaStabilityLevel
            for reference in collector.references where seenReferences.insert(ObjectIdentifier(reference)).inserted {
                references.append(reference)
                guard let text = reference.reference else { continue }
                let (filePart, fragment) = Self.split(text)
                if Self.isRemote(filePart) { continue }  // refused when followed, with its location
                let referrer = reference.location.file
                let display = resolver.file(of: filePart, from: referrer)
                if resolver.files[display] == nil {
                    let target = resolver.path(of: filePart, from: referrer)
                    try scope.check(target, reference: reference)
                    if resolver.files.count >= limits.maxFiles {
                        throw .refused(file: referrer, line: Int(reference.referenceLocation.line),
                            column: Int(reference.referenceLocation.column),
                            reason: "the spec references more than \(limits.maxFiles) files")
                    }
                    resolver.add(try parseReferencedFile(target, source: source, git: git, reference: reference), display: display,
                        path: target)
                }
                // Walk what the reference reaches, unless its whole file was walked already.
                guard !wholeFiles.contains(display) else { continue }
                if fragment.isEmpty { wholeFiles.insert(display) }
                if let target = resolver.node(at: fragment, in: display) { pending.append(target) }
            }
        }
        var targets: [ObjectIdentifier: SpecNode] = [:]
        targets.reserveCapacity(references.count)
        for reference in references {
            targets[ObjectIdentifier(reference)] = try resolver.follow(reference)
        }
        return SpecDocument(root: root, name: entryDisplay, files: resolver.files, targets: targets, warnings: [],
            dialectMarks: marks, holdsSchemaStabilityLevel: holdsSchemaStability)
    }

    /// Parses a file a `$ref` names; a file that cannot be read is reported at the `$ref`.
    private func parseReferencedFile(_ path: String, source: SpecSource, git: GitBlobReader?, reference: SpecNode)
        throws(SpecError) -> SpecNode
    {
        do {
            return try parseFile(path, source: source, git: git)
        } catch {
            let location = reference.referenceLocation
            switch error {
            case .unreadable(_, let reason), .git(_, let reason):
                throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                    reference: reference.reference ?? "", reason: "cannot read '\(source.display(path))': \(reason)")
            default:
                throw error
            }
        }
    }

    /// Parses one file: JSON when it starts with `{` or `[`, YAML otherwise (and a file that
    /// starts with `{` but is not JSON is tried as YAML flow style, unless it is named `.json`).
    /// UTF-16 files (Windows "Unicode" editors) are read after conversion to UTF-8.
    ///
    /// - Parameter git: the batch reader of a `git:REF:PATH` load (one git process for all files).
    func parseFile(_ path: String, source: SpecSource, git: GitBlobReader? = nil) throws(SpecError) -> SpecNode {
        let display = source.display(path)
        var bytes: [UInt8]
        if let git {
            bytes = try git.read(path, limit: limits.maxFileBytes)
        } else {
            bytes = try source.read(path, limits: limits)
        }
        if let utf16 = try Self.utf16Encoding(bytes, file: display) {
            bytes = Self.transcode(bytes, from: utf16)
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var first: UInt8?
        for byte in bytes[start...] where !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
            first = byte
            break
        }
        guard let first else { throw .empty(file: display) }
        var nodeLimits = limits
        nodeLimits.maxNodes = min(limits.maxNodes, max(100_000, bytes.count / 2))
        var jsonError: SpecError?
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do {
                return try bytes.withUnsafeBufferPointer { (buffer) throws(SpecError) -> SpecNode in
                    try JSONTreeParser.parse(buffer, file: display, limits: nodeLimits)
                }
            } catch {
                guard case .syntax = error, !path.lowercased().hasSuffix(".json") else { throw error }
                jsonError = error
            }
        }
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            let (line, column) = Self.firstInvalidUTF8(bytes, from: start)
            throw .syntax(file: display, line: line, column: column, format: "YAML",
                reason: "the file is not valid UTF-8 (save it as UTF-8)")
        }
        do {
            return try YAMLTreeBuilder.parse(text, file: display, limits: nodeLimits)
        } catch {
            throw jsonError ?? error
        }
    }

    enum UTF16Order { case little, big }

    /// The byte order of a UTF-16 file (by its byte order mark, or by the zero bytes that ASCII
    /// text has in UTF-16); `nil` for UTF-8. UTF-32 is refused.
    static func utf16Encoding(_ bytes: [UInt8], file: String) throws(SpecError) -> UTF16Order? {
        guard bytes.count >= 2 else { return nil }
        if bytes.count >= 4, (bytes[0] == 0 && bytes[1] == 0) || (bytes[2] == 0 && bytes[3] == 0) {
            throw .syntax(file: file, line: 1, column: 1, format: "YAML/JSON",
                reason: "the file looks like UTF-32; save it as UTF-8")
        }
        if bytes[0] == 0xFF, bytes[1] == 0xFE { return .little }
        if bytes[0] == 0xFE, bytes[1] == 0xFF { return .big }
        if bytes[0] != 0, bytes[1] == 0 { return .little }
        if bytes[0] == 0, bytes[1] != 0 { return .big }
        return nil
    }

    /// UTF-16 bytes (with or without a byte order mark) as UTF-8.
    static func transcode(_ bytes: [UInt8], from order: UTF16Order) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(order == .little ? a | b << 8 : a << 8 | b)
            index += 2
        }
        if units.first == 0xFEFF { units.removeFirst() }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Line and column (in bytes) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = start
        var index = start
        var decoder = UTF8()
        var iterator = bytes[start...].makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let width = UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    lineStart = index + 1
                }
                index += width
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        return (line, index - lineStart + 1)
    }

    /// The Reference Objects under `node`, as the loader finds them (`ReferenceCollector`):
    /// none inside `x-` extensions or literal values. `keysAreNames` when `node` is a map of
    /// user-chosen names (`properties`, `responses`…).
    static func collectReferences(_ node: SpecNode, into found: inout [SpecNode], keysAreNames: Bool = false) {
        var collector = ReferenceCollector(isSwagger2: false)
        if keysAreNames {
            collector.walk(names: node, extensible: false)
        } else {
            collector.walk(keywords: node)
        }
        found.append(contentsOf: collector.references)
    }

    /// Whether a member named `key` holds a map of user-chosen names (`properties`,
    /// `responses`, `paths`…), where `default` or `enum` is a name, not a literal.
    static func isNamedMap(_ key: String) -> Bool {
        if case .names = ReferenceCollector.classify(key) { return true }
        return false
    }

    /// RFC 6901 evaluation of a `$ref` fragment in `root`.
    static func evaluate(pointer fragment: String, in root: SpecNode) -> SpecNode? {
        ReferenceResolver.evaluate(pointer: fragment, in: root)
    }

    static func split(_ reference: String) -> (file: String, fragment: String) {
        guard let hash = reference.firstIndex(of: "#") else { return (reference, "") }
        return (String(reference[..<hash]), String(reference[reference.index(after: hash)...]))
    }

    static func isRemote(_ file: String) -> Bool {
        file.hasPrefix("http://") || file.hasPrefix("https://") || file.hasPrefix("//")
    }
}
