#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A route a budget (or an OpenAPI path) names: literal segments, `{param}` segments, globs.
///
/// `/api/v1/app/tasks/{id}/move` matches `/api/v1/app/tasks/123/move`; `*` matches any one
/// segment (`/api/v1/admin/*` covers `/api/v1/admin/users`, not `/api/v1/admin/users/7`),
/// `**` any number of segments (also none; `**` alone covers every request); `*`, `?`, `[…]`
/// and `{param}` inside a segment (`{name}.json`, `v*`) match within it. Matching is on the
/// path only (query string, fragment, scheme and host are dropped first), segment by segment
/// after percent-decoding, with one trailing slash ignored.
///
/// When several routes match, the most specific wins, as in OpenAPI path matching: compared
/// segment by segment from the left, a literal beats a partly templated segment, which beats
/// `{param}`, which beats `*`, which beats `**`.
public struct RouteTemplate: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        /// A segment with `{param}` or glob characters inside: an fnmatch pattern.
        case pattern(String)
        case parameter
        case anySegment
        case anyDepth

        /// Higher is more specific.
        var rank: Int {
            switch self {
            case .literal: 5
            case .pattern: 4
            case .parameter: 3
            case .anySegment: 2
            case .anyDepth: 1
            }
        }
    }

    /// The route as written.
    public let description: String
    let segments: [Segment]

    public init(_ route: String) {
        description = route
        segments = Self.split(route).map { segment in
            if segment == "**" { return .anyDepth }
            if segment == "*" { return .anySegment }
            if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.dropFirst().firstIndex(of: "{") == nil,
                segment.dropLast().firstIndex(of: "}") == nil
            {
                return .parameter
            }
            if segment.contains(where: { "{*?[".contains($0) }) {
                var pattern = ""
                var inside = false
                for character in segment {
                    if character == "{" {
                        inside = true
                        pattern += "*"
                    } else if character == "}" {
                        inside = false
                    } else if !inside {
                        pattern.append(character)
                    }
                }
                return .pattern(pattern)
            }
            return .literal(segment)
        }
    }

    /// Whether the route holds no literal at all (`**`, `/*`): it covers whatever is measured.
    public var isCatchAll: Bool {
        segments.allSatisfy { $0 == .anyDepth || $0 == .anySegment }
    }

    /// Whether the route has a glob (`*`, `**`) rather than only literals and `{params}`.
    public var isGlob: Bool {
        segments.contains { $0 == .anyDepth || $0 == .anySegment }
            || segments.contains { if case .pattern(let text) = $0 { text.contains(where: { "*?[".contains($0) }) } else { false } }
    }

    /// Whether a request path or URL (query and host are ignored) falls under this route.
    public func matches(_ target: String) -> Bool {
        Self.match(segments[...], Self.requestSegments(target)[...])
    }

    /// Whether this route is more specific than `other` (the rule in the type's comment).
    public func isMoreSpecific(than other: RouteTemplate) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) where mine.rank != theirs.rank {
            return mine.rank > theirs.rank
        }
        return segments.count > other.segments.count
    }

    /// The path of a request target as decoded segments: `http://h/a/b%20c?x=1` → `["a", "b c"]`.
    static func requestSegments(_ target: String) -> [String] {
        split(OperationMatcher.path(of: target)).map { $0.contains("%") ? $0.removingPercentEncoding ?? $0 : $0 }
    }

    /// `/a/b/` → `["a", "b"]`; `/` → `[]`.
    static func split(_ path: String) -> [String] {
        var segments = OperationMatcher.split(path)
        if segments.last == "" { segments.removeLast() }
        return segments
    }

    private static func match(_ pattern: ArraySlice<Segment>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == .anyDepth {
            let rest = pattern.dropFirst()
            var candidate = path
            while true {
                if match(rest, candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        }
        guard let segment = path.first else { return false }
        switch first {
        case .literal(let text): guard text == segment else { return false }
        case .pattern(let glob): guard !segment.isEmpty, fnmatch(glob, segment, 0) == 0 else { return false }
        case .parameter, .anySegment: guard !segment.isEmpty else { return false }
        case .anyDepth: break
        }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
