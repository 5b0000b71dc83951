/// An explicit `before::after` prefix rewrite for report paths (Codecov `fixes:` syntax).
///
/// Both sides are normalised like report paths and compared on whole path components, so
/// `/home/ci/build::` turns `/home/ci/build/src/a.c` into `src/a.c` but leaves
/// `/home/ci/builder/a.c` alone. An empty `after` strips the prefix.
public struct PathRewriteRule: Sendable, Hashable, Codable, CustomStringConvertible {
    public var before: String
    public var after: String

    public init(before: String, after: String) {
        self.before = before
        self.after = after
    }

    /// Parses `before::after`; nil when there is no `::` or `before` is empty.
    public init?(_ text: String) {
        guard let separator = text.range(of: "::") else { return nil }
        let before = String(text[..<separator.lowerBound])
        guard !before.isEmpty else { return nil }
        self.init(before: before, after: String(text[separator.upperBound...]))
    }

    public var description: String { "\(before)::\(after)" }
}
