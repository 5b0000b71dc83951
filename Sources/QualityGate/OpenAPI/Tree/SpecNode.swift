import Foundation

/// One value of a parsed OpenAPI document: the raw tree every OpenAPI feature reads.
///
/// A raw tree instead of a typed Codable model, because a typed decode of a 4 MB spec is
/// 15–100× slower than parsing it and rejects the mixed-dialect documents real teams publish
/// (research/openapi.md §4). Nodes are classes so that a schema reached through many `$ref`s
/// has one identity: the diff memoises on it. Every node knows where it came from (file, line,
/// column) and, through its parent link, its JSON pointer, so every finding can point at both
/// sides. Immutable once the loader hands the tree out.
public final class SpecNode: @unchecked Sendable {
    /// The value; object members keep their document order.
    public enum Value {
        case null
        case bool(Bool)
        /// The number exactly as written (`9223372036854776000` stays exact; see `ExactNumber`).
        case number(String)
        case string(String)
        case array([SpecNode])
        case object(SpecObject)
    }

    /// How this node hangs below its parent.
    public enum Key: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    public let value: Value
    /// Whether this is an object with a string `$ref` member: asked on every resolve, where
    /// scanning the members for `$ref` each time was a visible part of a big diff.
    let hasReference: Bool
    /// Whether no `$ref` is anywhere in this subtree: then `contentHash` is the whole of what
    /// the diff compares (see `ContentHash`).
    let isReferenceFree: Bool
    /// The value's hash, made from the children's when the node is made.
    let contentHash: ContentHash
    /// Where the node was read, packed: a number for the file (see `SpecFileNames`), then line
    /// and column. A 4 MB spec has ~500,000 nodes; a `String` per node for the file name (and
    /// another for the member name, now derived from the parent) made each node 96 bytes and
    /// cost two reference-count operations to create.
    let fileNumber: Int32
    let line: Int32
    let column: Int32
    /// The containing node; `nil` for a document root. Set once while the tree is built.
    public internal(set) unowned(unsafe) var parent: SpecNode?

    /// Where this node was read: file, 1-based line and column.
    public var location: SpecLocation {
        SpecLocation(file: SpecFileNames.name(fileNumber), line: Int(line), column: Int(column))
    }

    /// How this node hangs below its parent (derived: nodes do not store their member name).
    public var key: Key? {
        guard let parent else { return nil }
        switch parent.value {
        case .array(let items):
            for (index, item) in items.enumerated() where item === self { return .index(index) }
        case .object(let object):
            for entry in object.entries where entry.node === self { return .member(entry.key) }
        default:
            break
        }
        return nil
    }

    convenience init(_ value: Value, location: SpecLocation) {
        self.init(value, file: SpecFileNames.number(location.file), line: location.line, column: location.column)
    }

    /// The parsers' initialiser: the file is already interned.
    convenience init(_ value: Value, file: Int32, line: Int32, column: Int32) {
        self.init(value, file: file, line: line, column: column, adoptsChildren: true)
    }

    /// A node the index makes rather than reads (Swagger 2.0 `formData` parameters gathered
    /// into one request-body schema). Its children keep their own parents, so their pointers
    /// and locations still lead to the user's lines; the node itself hangs below `parent`.
    convenience init(synthesized value: Value, location: SpecLocation) {
        self.init(value, file: SpecFileNames.number(location.file), line: location.line, column: location.column,
            adoptsChildren: false)
    }

    private init(_ value: Value, file: Int32, line: Int32, column: Int32, adoptsChildren: Bool) {
        self.value = value
        let summary = ContentHash.of(value)
        self.hasReference = summary.isReference
        self.isReferenceFree = !summary.isReference && summary.childrenAreReferenceFree
        self.contentHash = summary.hash
        self.fileNumber = file
        self.line = line
        self.column = column
        self.parent = nil
        guard adoptsChildren else { return }
        // Through the buffers by index: the elements are borrowed, not retained and released.
        switch value {
        case .array(let items):
            items.withUnsafeBufferPointer { buffer in
                for index in buffer.indices { buffer[index].parent = self }
            }
        case .object(let object):
            object.entries.withUnsafeBufferPointer { buffer in
                for index in buffer.indices { buffer[index].node.parent = self }
            }
        default:
            break
        }
    }

    // MARK: Reading

    /// The member `name` of an object node; `nil` for other kinds or when absent.
    public subscript(_ name: String) -> SpecNode? {
        if case .object(let object) = value { return object[name] }
        return nil
    }

    public var object: SpecObject? {
        if case .object(let object) = value { return object }
        return nil
    }

    public var array: [SpecNode]? {
        if case .array(let items) = value { return items }
        return nil
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// The exact number, for numeric nodes.
    public var number: ExactNumber? {
        if case .number(let text) = value { return ExactNumber(text) }
        return nil
    }

    /// An integer value that fits `Int` (lengths, counts); `nil` otherwise.
    public var int: Int? {
        if case .number(let text) = value {
            if let int = Int(text) { return int }
            if let double = Double(text), double.rounded() == double, abs(double) < 9.0e18 { return Int(double) }
        }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// Where the `$ref` text of a Reference Object is written (the node itself otherwise):
    /// the spot a reference error points at.
    public var referenceLocation: SpecLocation {
        (self["$ref"] ?? self).location
    }

    /// The value of `$ref` when this node is a Reference Object.
    public var reference: String? {
        hasReference ? self["$ref"]?.string : nil
    }

    /// The object's members in document order (empty for other kinds).
    public var members: [SpecObject.Entry] {
        object?.entries ?? []
    }

    /// The JSON pointer (RFC 6901) of this node inside its file, e.g. `/paths/~1pets/get`.
    public var pointer: String {
        var parts: [String] = []
        var node: SpecNode? = self
        while let current = node, let key = current.key {
            switch key {
            case .member(let name): parts.append(Self.escape(name))
            case .index(let index): parts.append(String(index))
            }
            node = current.parent
        }
        return parts.isEmpty ? "" : "/" + parts.reversed().joined(separator: "/")
    }

    /// RFC 6901 escaping (`~` → `~0`, `/` → `~1`), on bytes: a diff asks for tens of
    /// thousands of pointers, and Foundation's string search cost more than the diff.
    static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count + 4)
        for byte in token.utf8 {
            switch byte {
            case UInt8(ascii: "~"): bytes.append(contentsOf: [UInt8(ascii: "~"), UInt8(ascii: "0")])
            case UInt8(ascii: "/"): bytes.append(contentsOf: [UInt8(ascii: "~"), UInt8(ascii: "1")])
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Structural equality of the values (key order ignored, numbers compared exactly).
    /// Used for enums, defaults, examples: `$ref`s are compared as written.
    public func isEqual(to other: SpecNode) -> Bool {
        if self === other { return true }
        switch (value, other.value) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || ExactNumber(a) == ExactNumber(b)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for entry in a.entries {
                guard let match = b[entry.key], entry.node.isEqual(to: match) else { return false }
            }
            return true
        default: return false
        }
    }

    /// A short rendering of a scalar for messages (`"active"`, `42`, `null`); containers as
    /// `{…}` / `[…]`.
    public var displayText: String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): text
        case .array: "[…]"
        case .object: "{…}"
        }
    }

    /// A canonical text of the whole value (sorted keys), for hashing and set membership of
    /// enum values and examples.
    public var canonicalText: String {
        var out = ""
        appendCanonical(to: &out)
        return out
    }

    private func appendCanonical(to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += ExactNumber(text)?.canonical ?? text
        case .string(let text): out += "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.appendCanonical(to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, entry) in object.entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                out += "\"" + entry.key + "\":"
                entry.node.appendCanonical(to: &out)
            }
            out += "}"
        }
    }
}

/// An object's members in document order, with lookup by name.
public struct SpecObject: Sendable {
    public struct Entry: Sendable {
        public let key: String
        public let node: SpecNode
    }

    public let entries: [Entry]
    /// Built only for objects big enough for a linear scan to hurt (paths, components).
    private let index: [String: Int]?

    init(_ entries: [Entry]) {
        self.entries = entries
        if entries.count > 12 {
            var index = [String: Int](minimumCapacity: entries.count)
            for (position, entry) in entries.enumerated() { index[entry.key] = position }
            self.index = index
        } else {
            self.index = nil
        }
    }

    public var count: Int { entries.count }
    public var keys: [String] { entries.map(\.key) }

    public subscript(_ name: String) -> SpecNode? {
        if let index {
            return index[name].map { entries[$0].node }
        }
        // Last one wins, as in JSON parsers; duplicates are warned about by the loader.
        for entry in entries.reversed() where entry.key == name { return entry.node }
        return nil
    }
}

/// File names of loaded nodes, interned once per process, so that a node stores a number.
///
/// Append-only: a name keeps its number for the life of the process, so a node never outlives
/// the name it points to, whichever document or thread holds it.
enum SpecFileNames {
    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var names: [String] = [""]
        var numbers: [String: Int32] = ["": 0]
    }

    private static let table = Table()

    static func number(_ name: String) -> Int32 {
        table.lock.lock()
        defer { table.lock.unlock() }
        if let number = table.numbers[name] { return number }
        let number = Int32(table.names.count)
        table.names.append(name)
        table.numbers[name] = number
        return number
    }

    static func name(_ number: Int32) -> String {
        table.lock.lock()
        defer { table.lock.unlock() }
        return table.names[Int(number)]
    }

    /// Every name registered so far, by number: a copy read without the lock, for code that
    /// needs many names at once (the diff report quotes each file name once up front).
    static func snapshot() -> [String] {
        table.lock.lock()
        defer { table.lock.unlock() }
        return table.names
    }
}

/// Where a node was read: file, 1-based line and column (0 when unknown).
public struct SpecLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int32
    public let column: Int32

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
