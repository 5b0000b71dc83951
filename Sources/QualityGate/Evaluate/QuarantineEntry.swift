/// One `quarantine:` entry: a known-bad test (or pattern) that is reported but does not block.
public struct QuarantineEntry: Sendable, Hashable, Codable {
    /// A test id (`classname::name`) or a pattern with `*`.
    public var test: String
    public var owner: String
    public var reason: String
    /// `yyyy-MM-dd`; from the day after, the entry stops applying and is reported.
    public var expires: String
    public var line: Int?

    public init(test: String, owner: String, reason: String, expires: String, line: Int? = nil) {
        self.test = test
        self.owner = owner
        self.reason = reason
        self.expires = expires
        self.line = line
    }

    /// Whether `id` matches the entry's test pattern (`*` matches any run of characters).
    public func matches(_ id: String) -> Bool {
        Self.wildcard(Array(test.utf8)[...], Array(id.utf8)[...])
    }

    public func isExpired(today: String) -> Bool { expires < today }

    static func wildcard(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        // Iterative matching with one backtrack point: linear for patterns without `*`.
        var p = pattern.startIndex, t = text.startIndex
        var star: Int?, mark = 0
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = p
                mark = t
                p += 1
            } else if p < pattern.endIndex, pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let s = star {
                p = s + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
