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

    /// `changes` in output order (path, method, level descending, rule, message; ties in
    /// their original order), each distinct change once.
    ///
    /// Sorts positions rather than the changes themselves and deduplicates within runs of
    /// equal keys instead of hashing every change: a big diff (Stripe: 200,000+ changes)
    /// spent a fifth of its time copying and hashing changes here.
    static func sortedUnique(_ changes: [SpecChange]) -> [SpecChange] {
        let methodRanks = changes.map { HTTPMethod.rank(($0.method ?? "").lowercased()) }
        func sameKey(_ a: Int, _ b: Int) -> Bool {
            let l = changes[a], r = changes[b]
            return l.path == r.path && methodRanks[a] == methodRanks[b] && l.level == r.level && l.id == r.id
                && l.message == r.message
        }
        let order = changes.indices.sorted { a, b in
            let l = changes[a], r = changes[b]
            let lp = l.path ?? "", rp = r.path ?? ""
            if lp != rp { return lp < rp }
            if methodRanks[a] != methodRanks[b] { return methodRanks[a] < methodRanks[b] }
            if l.level != r.level { return l.level > r.level }
            if l.id != r.id { return l.id < r.id }
            if l.message != r.message { return l.message < r.message }
            return a < b
        }
        var result: [SpecChange] = []
        result.reserveCapacity(changes.count)
        var runStart = 0
        for (position, index) in order.enumerated() {
            if position > 0, !sameKey(order[position - 1], index) { runStart = position }
            // Equal keys are rare and their runs short: compare against the run so far.
            let duplicate = order[runStart..<position].contains { changes[$0] == changes[index] }
            if !duplicate { result.append(changes[index]) }
        }
        return result
    }
}

/// A place in a spec file: JSON pointer plus file, line and column.
public struct SpecPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var pointer: String

    public init(_ node: SpecNode) {
        self.init(node, pointer: node.pointer)
    }

    /// With a pointer already known (see `DiffContext.pointer`).
    init(_ node: SpecNode, pointer: String) {
        let location = node.location
        file = location.file
        line = Int(location.line)
        column = Int(location.column)
        self.pointer = pointer
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
