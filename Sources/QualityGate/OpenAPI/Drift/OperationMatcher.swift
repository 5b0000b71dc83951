import Foundation

/// Finds the documented operation a recorded request was made to.
///
/// Paths are matched segment by segment against a tree of the spec's path templates:
/// literal segments beat partly templated ones (`{name}.json`), which beat whole-segment
/// parameters, so `/users/me` wins over `/users/{id}`; backtracking finds the best template
/// that also has the request's method. Segments are percent-decoded after splitting (an
/// encoded `%2F` stays inside its parameter); the query string and fragment are ignored;
/// `/a` and `/a/` are different paths (research/openapi.md §5.9). A server base path is
/// stripped first: configured prefixes, then the path parts of `servers[].url` (global,
/// path-level and operation-level; `{variables}` match any one segment) or Swagger 2.0
/// `basePath`, longest first; the path as recorded is tried last. `HEAD` falls back to the
/// `GET` operation when no `HEAD` is documented (HTTP serves HEAD wherever GET is served).
public struct OperationMatcher: Sendable {
    /// What a request target matched.
    public enum Match: Sendable, Equatable {
        /// The operation at this index of `APISpec.operations`.
        case operation(Int)
        /// A documented path, but not with this method; the template as written.
        case otherMethod(template: String)
        /// No documented path.
        case none
    }

    private enum Segment: Sendable {
        case literal(String)
        /// Part literal, part parameter (`{name}.{ext}`): an anchored regular expression.
        case mixed(NSRegularExpressionBox)
        case parameter
    }

    /// A regular expression that can travel across tasks (compiled once, only read after).
    final class NSRegularExpressionBox: @unchecked Sendable {
        let regex: NSRegularExpression
        let text: String
        init(_ regex: NSRegularExpression, text: String) {
            self.regex = regex
            self.text = text
        }
    }

    private final class Node: @unchecked Sendable {
        var literals: [String: Node] = [:]
        var mixed: [(NSRegularExpressionBox, Node)] = []
        var parameter: Node?
        /// method → operation index, for templates ending here.
        var operations: [String: Int] = [:]
        var template: String?
    }

    private let root = Node()
    /// Base paths to strip, as segment lists (`nil` segment = any one segment), longest first.
    public let prefixes: [[String?]]

    /// `prefixes`: extra base paths to strip (`/api`, `/gateway/v2`), tried before the spec's own.
    public init(spec: APISpec, prefixes: [String] = []) {
        for (index, operation) in spec.operations.enumerated() {
            var node = root
            for segment in Self.templateSegments(operation.path) {
                switch segment {
                case .literal(let text):
                    if let next = node.literals[text] {
                        node = next
                    } else {
                        let next = Node()
                        node.literals[text] = next
                        node = next
                    }
                case .mixed(let box):
                    if let existing = node.mixed.first(where: { $0.0.text == box.text }) {
                        node = existing.1
                    } else {
                        let next = Node()
                        node.mixed.append((box, next))
                        node = next
                    }
                case .parameter:
                    if let next = node.parameter {
                        node = next
                    } else {
                        let next = Node()
                        node.parameter = next
                        node = next
                    }
                }
            }
            if node.operations[operation.method] == nil { node.operations[operation.method] = index }
            if node.template == nil { node.template = operation.path }
        }
        var specPrefixes: [String] = []
        if spec.dialect == .swagger2 {
            if let basePath = spec.root["basePath"]?.string { specPrefixes.append(basePath) }
        } else {
            var servers = spec.root["servers"]?.array ?? []
            for operation in spec.operations {
                servers += operation.pathItem["servers"]?.array ?? []
                servers += operation.node["servers"]?.array ?? []
            }
            for server in servers {
                if let url = server["url"]?.string, let path = Self.pathOfServerURL(url, variables: server["variables"]) {
                    specPrefixes.append(path)
                }
            }
        }
        var seen: Set<String> = []
        let ordered = prefixes + specPrefixes.sorted { $0.count > $1.count }
        self.prefixes = ordered.compactMap { prefix -> [String?]? in
            let segments = Self.split(prefix).map { $0.contains("{") ? nil : $0.removingPercentEncoding ?? $0 }
            guard !segments.isEmpty, segments != [""] else { return nil }
            let key = segments.map { $0 ?? "{}" }.joined(separator: "/")
            return seen.insert(key).inserted ? segments : nil
        }
    }

    /// The path part of a request target: the path of an absolute URL, without query or fragment.
    public static func path(of target: String) -> String {
        var text = Substring(target)
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<end] }
        if let scheme = text.range(of: "://") {
            let afterHost = text[scheme.upperBound...]
            text = afterHost.firstIndex(of: "/").map { afterHost[$0...] } ?? "/"
        }
        return String(text)
    }

    /// Matches `method` (any case) and `target` (URL or path).
    public func match(method: String, target: String) -> Match {
        let raw = Self.split(Self.path(of: target))
        let segments = raw.map { $0.contains("%") ? $0.removingPercentEncoding ?? $0 : $0 }
        let method = method.lowercased()
        var fallback: String?
        for candidate in candidates(segments) {
            var found: Node?
            var template: Node?
            search(root, candidate[...], method: method, found: &found, anyTemplate: &template)
            if found == nil, method == "head" { search(root, candidate[...], method: "get", found: &found, anyTemplate: &template) }
            if let found {
                return .operation(found.operations[method] ?? found.operations["get"]!)
            }
            if fallback == nil { fallback = template?.template }
        }
        if let fallback { return .otherMethod(template: fallback) }
        return .none
    }

    /// The path with each matching prefix stripped (longest first), then as recorded.
    func candidates(_ segments: [String]) -> [[String]] {
        var result: [[String]] = []
        for prefix in prefixes where prefix.count <= segments.count {
            let matches = zip(prefix, segments).allSatisfy { expected, actual in expected == nil || expected == actual }
            guard matches else { continue }
            var rest = Array(segments.dropFirst(prefix.count))
            if rest.isEmpty { rest = [""] }
            result.append(rest)
        }
        result.append(segments)
        return result
    }

    /// The path stripped of the first matching prefix: how an undocumented request is named.
    public func strippedPath(_ target: String) -> String {
        let segments = Self.split(Self.path(of: target))
        return "/" + candidates(segments)[0].joined(separator: "/")
    }

    private func search(_ node: Node, _ rest: ArraySlice<String>, method: String, found: inout Node?, anyTemplate: inout Node?) {
        guard found == nil else { return }
        guard let segment = rest.first else {
            if node.template != nil {
                if node.operations[method] != nil {
                    found = node
                } else if anyTemplate == nil {
                    anyTemplate = node
                }
            }
            return
        }
        let remaining = rest.dropFirst()
        if let next = node.literals[segment] {
            search(next, remaining, method: method, found: &found, anyTemplate: &anyTemplate)
        }
        for (box, next) in node.mixed where found == nil {
            let range = NSRange(location: 0, length: (segment as NSString).length)
            if box.regex.firstMatch(in: segment, options: [], range: range) != nil {
                search(next, remaining, method: method, found: &found, anyTemplate: &anyTemplate)
            }
        }
        if let next = node.parameter, !segment.isEmpty, found == nil {
            search(next, remaining, method: method, found: &found, anyTemplate: &anyTemplate)
        }
    }

    /// `/pets/{id}/` → ["pets", "{id}", ""]; `/` → [""].
    static func split(_ path: String) -> [String] {
        var text = Substring(path)
        if text.hasPrefix("/") { text = text.dropFirst() }
        return text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    private static func templateSegments(_ path: String) -> [Segment] {
        split(path).map { segment in
            guard segment.contains("{") else { return .literal(segment) }
            if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.dropFirst().firstIndex(of: "{") == nil {
                return .parameter
            }
            var pattern = "^"
            var inside = false
            var literal = ""
            for character in segment {
                if character == "{" {
                    pattern += NSRegularExpression.escapedPattern(for: literal)
                    literal = ""
                    inside = true
                } else if character == "}" {
                    pattern += "(.+?)"
                    inside = false
                } else if !inside {
                    literal.append(character)
                }
            }
            pattern += NSRegularExpression.escapedPattern(for: literal) + "$"
            guard let regex = try? NSRegularExpression(pattern: pattern) else { return .literal(segment) }
            return .mixed(NSRegularExpressionBox(regex, text: pattern))
        }
    }

    /// `https://{region}.example.com/v1/` → `/v1`; `/api` → `/api`. A variable whose default
    /// holds a `/` or `:` (`{origin}` = `https://uploads.github.com`, `{basePath}` = `/v2`)
    /// is replaced by its default; other variables stay templates (any one segment). `nil`
    /// for a URL that still starts with a variable (nothing to strip reliably).
    static func pathOfServerURL(_ url: String, variables: SpecNode? = nil) -> String? {
        var url = url
        for variable in variables?.members ?? [] {
            if let value = variable.node["default"]?.string, value.contains("/") || value.contains(":") {
                url = url.replacingOccurrences(of: "{" + variable.key + "}", with: value)
            }
        }
        guard !url.hasPrefix("{") else { return nil }
        var path = Self.path(of: url)
        if !url.contains("://"), !url.hasPrefix("/") { path = "/" + path }
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
