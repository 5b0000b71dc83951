import Foundation

/// One difference between two versions of a spec, classified by an oasdiff rule ID.
public struct SpecChange: Sendable, Hashable, Codable {
    /// The rule ID (`request-property-removed`…), from `CheckCatalog`.
    public var id: String
    public var level: ChangeLevel
    /// Upper-case method, when the change is about one operation.
    public var method: String?
    /// The path template (revision's spelling when both sides have it).
    public var path: String?
    /// One line a reviewer can act on.
    public var message: String
    /// Where it is in the base and in the revision (absent on the side that lacks it).
    public var base: SpecPosition?
    public var revision: SpecPosition?

    public init(id: String, level: ChangeLevel? = nil, method: String?, path: String?, message: String,
        base: SpecPosition?, revision: SpecPosition?)
    {
        self.id = id
        self.level = level ?? CheckCatalog.level(id)
        self.method = method
        self.path = path
        self.message = message
        self.base = base
        self.revision = revision
    }

    /// Stable across commits and line moves: rule, operation and pointer, not the text.
    /// Used as the key for waivers.
    public var fingerprint: String {
        let text = "\(id):\(method ?? ""):\(path ?? ""):\(revision?.pointer ?? base?.pointer ?? "")"
        // FNV-1a 64, printed as 16 hex digits.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// Output order: path, method, then rule and message.
    static func ordered(_ lhs: SpecChange, _ rhs: SpecChange) -> Bool {
        let lp = lhs.path ?? "", rp = rhs.path ?? ""
        if lp != rp { return lp < rp }
        let lm = HTTPMethod.rank((lhs.method ?? "").lowercased()), rm = HTTPMethod.rank((rhs.method ?? "").lowercased())
        if lm != rm { return lm < rm }
        if lhs.level != rhs.level { return lhs.level > rhs.level }
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        return lhs.message < rhs.message
    }
}

/// A place in a spec file: JSON pointer plus file, line and column.
public struct SpecPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var pointer: String

    public init(_ node: SpecNode) {
        file = node.location.file
        line = Int(node.location.line)
        column = Int(node.location.column)
        pointer = node.pointer
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
