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

    /// The lists one after the other, moved rather than copied: each list is left holding
    /// placeholders that own nothing, so neither the copy nor the release of every change's
    /// strings is paid (a tenth of a big diff's serial merge, on strings both lanes share).
    static func concatenating(moving lists: inout [[SpecChange]]) -> [SpecChange] {
        let total = lists.reduce(0) { $0 + $1.count }
        let placeholder = SpecChange(id: "", level: .info, method: nil, path: nil, message: "", base: nil, revision: nil)
        return [SpecChange](unsafeUninitializedCapacity: total) { buffer, initialized in
            initialized = 0
            for index in lists.indices {
                lists[index].withUnsafeMutableBufferPointer { source in
                    guard let from = source.baseAddress, let to = buffer.baseAddress, source.count > 0 else { return }
                    (to + initialized).moveInitialize(from: from, count: source.count)
                    from.initialize(repeating: placeholder, count: source.count)
                    initialized += source.count
                }
            }
        }
    }

    /// `changes` in output order (path, method, level descending, rule, message; ties in
    /// their original order), each distinct change once.
    ///
    /// Sorts positions rather than the changes themselves and deduplicates within runs of
    /// equal keys instead of hashing every change: a big diff (Stripe: 200,000+ changes)
    /// spent a fifth of its time copying and hashing changes here. The changes are then
    /// moved into that order in place (swaps, no copies), so the list is never held twice.
    static func sortedUnique(_ changes: consuming [SpecChange]) -> [SpecChange] {
        var items = changes
        // Integer keys (ranks of the distinct paths and rule IDs) and the messages are taken
        // out once; the comparator then never copies a change.
        func ranks(_ values: [String]) -> [Int32] {
            // Neighbours mostly share a value (a group reports operation by operation), and
            // comparing with the previous one is cheaper than hashing every value.
            var numbers: [String: Int32] = [:]
            var distinct: [String] = []
            var firstSeen: [Int32] = []
            firstSeen.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                if index > 0, values[index - 1] == value {
                    firstSeen.append(firstSeen[index - 1])
                    continue
                }
                if let known = numbers[value] {
                    firstSeen.append(known)
                } else {
                    numbers[value] = Int32(distinct.count)
                    firstSeen.append(Int32(distinct.count))
                    distinct.append(value)
                }
            }
            var rank = [Int32](repeating: 0, count: distinct.count)
            for (position, number) in distinct.indices.sorted(by: { distinct[$0] < distinct[$1] }).enumerated() {
                rank[number] = Int32(position)
            }
            return firstSeen.map { rank[Int($0)] }
        }
        // One integer per change for path, method, level (descending) and rule, compared
        // first; the messages only break ties.
        let pathRanks = ranks(items.map { $0.path ?? "" })
        let idRanks = ranks(items.map(\.id))
        let keys = items.indices.map { index in
            UInt64(pathRanks[index]) << 32
                | UInt64(HTTPMethod.rank((items[index].method ?? "").lowercased()) & 0xFF) << 24
                | UInt64(2 - items[index].level.rank) << 16 | UInt64(idRanks[index])
        }
        let messages = items.map(\.message)
        func sameKey(_ a: Int, _ b: Int) -> Bool {
            keys[a] == keys[b] && messages[a] == messages[b]
        }
        let order = items.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            if messages[a] != messages[b] { return messages[a] < messages[b] }
            return a < b
        }
        // Which sorted positions to keep: the first of each group of equal changes.
        var keep = [Bool](repeating: true, count: order.count)
        var runStart = 0
        for (position, index) in order.enumerated() {
            if position > 0, !sameKey(order[position - 1], index) { runStart = position }
            // Equal keys are rare and their runs short: compare against the run so far.
            if order[runStart..<position].contains(where: { items[$0] == items[index] }) { keep[position] = false }
        }
        items.withUnsafeMutableBufferPointer { buffer in
            // Apply the permutation (position p takes the change at order[p]) cycle by cycle.
            var source = order
            for start in source.indices where source[start] != start {
                var position = start
                while source[position] != start {
                    let next = source[position]
                    buffer.swapAt(position, next)
                    source[position] = position
                    position = next
                }
                source[position] = position
            }
            // Then close the gaps the duplicates leave.
            var kept = 0
            for position in buffer.indices where keep[position] {
                if kept != position { buffer.swapAt(kept, position) }
                kept += 1
            }
        }
        items.removeLast(items.count - keep.lazy.filter { $0 }.count)
        return items
    }
}

/// A place in a spec file: JSON pointer plus file, line and column.
public struct SpecPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file by its number in `SpecFileNames`, as nodes hold it: a change carries two
    /// positions, and a name string in each was two more reference counts on every copy of
    /// every change, on strings all the changes of a diff share (contended between the lanes).
    var fileNumber: Int32
    public var line: Int
    public var column: Int
    public var pointer: String

    /// The file's name (a registry lookup, under its lock: the JSON report of many positions
    /// quotes every name once instead).
    public var file: String {
        get { SpecFileNames.name(fileNumber) }
        set { fileNumber = SpecFileNames.number(newValue) }
    }

    public init(_ node: SpecNode) {
        self.init(node, pointer: node.pointer)
    }

    /// With a pointer already known (see `DiffContext.pointer`).
    init(_ node: SpecNode, pointer: String) {
        fileNumber = node.fileNumber
        line = Int(node.line)
        column = Int(node.column)
        self.pointer = pointer
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, column, pointer
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileNumber = SpecFileNames.number(try container.decode(String.self, forKey: .file))
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(Int.self, forKey: .column)
        pointer = try container.decode(String.self, forKey: .pointer)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(pointer, forKey: .pointer)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
