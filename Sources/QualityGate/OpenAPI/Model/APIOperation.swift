/// One operation (method + path template), with path-level parameters merged in.
public struct APIOperation: Sendable {
    /// The path template as written (`/pets/{petId}`), or the webhook name.
    public let path: String
    /// Lower-case method (`get`).
    public let method: String
    /// The path with parameter names erased (`get /pets/{}`): how operations of two versions
    /// are paired, so that renaming `{id}` to `{petId}` is the same endpoint (oasdiff does the same).
    public let key: String
    /// The Operation Object.
    public let node: SpecNode
    /// The Path Item Object that holds it.
    public let pathItem: SpecNode
    /// Path-level and operation-level parameters; an operation-level one replaces a path-level
    /// one with the same name and location.
    public let parameters: [APIParameter]
    public let requestBody: APIRequestBody?
    /// Responses in document order (`200`, `4XX`, `default`…).
    public let responses: [APIResponse]
    /// Effective security requirements: the operation's own, else the document's; `nil` when
    /// neither declares any.
    public let security: SpecNode?

    public var operationId: String? { node["operationId"]?.string }
    public var summary: String? { node["summary"]?.string }
    public var description: String? { node["description"]?.string }
    public var tags: [String] { node["tags"]?.array?.compactMap(\.string) ?? [] }
    public var isDeprecated: Bool { node["deprecated"]?.bool ?? false }
    /// `GET /pets/{petId}`
    public var displayName: String { "\(method.uppercased()) \(path)" }

    /// An `x-` extension of the operation (e.g. `x-stability-level`, `x-sunset`).
    public func extensionValue(_ name: String) -> SpecNode? { node[name] }

    public func parameter(_ name: String, in location: String) -> APIParameter? {
        parameters.first { $0.matches(name: name, location: location) }
    }

    public func response(_ status: String) -> APIResponse? {
        responses.first { $0.status == status }
    }

    /// Erases parameter names: `/pets/{petId}/toys/{id}` → `/pets/{}/toys/{}`.
    public static func erasedPath(_ path: String) -> String {
        guard path.contains("{") else { return path }
        var out = ""
        var inside = false
        for character in path {
            if character == "{" {
                inside = true
                out.append("{}")
            } else if character == "}" {
                inside = false
            } else if !inside {
                out.append(character)
            }
        }
        return out
    }

    init(path: String, method: String, node: SpecNode, pathItem: SpecNode, parameters: [APIParameter],
        requestBody: APIRequestBody?, responses: [APIResponse], security: SpecNode?)
    {
        self.path = path
        self.method = method
        self.key = method + " " + Self.erasedPath(path)
        self.node = node
        self.pathItem = pathItem
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.security = security
    }
}

/// A parameter, whatever the dialect.
public struct APIParameter: Sendable {
    public let name: String
    /// `path`, `query`, `header`, `cookie` (and for Swagger 2.0 `formData`; `body` parameters
    /// become the request body).
    public let location: String
    /// The Parameter Object (resolved).
    public let node: SpecNode
    /// The schema: `schema`, the schema of the single `content` entry, or for Swagger 2.0
    /// non-body parameters the parameter object itself (it carries `type`, `enum`, bounds).
    public let schema: SpecNode?
    /// True when defined on the Path Item rather than the operation.
    public let isPathLevel: Bool

    public var isRequired: Bool { location == "path" || (node["required"]?.bool ?? false) }
    public var isDeprecated: Bool { node["deprecated"]?.bool ?? false }
    public var description: String? { node["description"]?.string }
    public var style: String? { node["style"]?.string }
    public var explode: Bool? { node["explode"]?.bool }

    /// Header names compare case-insensitively (RFC 9110).
    public func matches(name other: String, location otherLocation: String) -> Bool {
        guard location == otherLocation else { return false }
        return location == "header" ? name.lowercased() == other.lowercased() : name == other
    }
}

/// A request body (3.x `requestBody`, or Swagger 2.0 `body`/`formData` parameters).
public struct APIRequestBody: Sendable {
    /// The Request Body Object (resolved), or for Swagger 2.0 the body parameter.
    public let node: SpecNode
    public let isRequired: Bool
    public let content: [APIMediaType]

    public var description: String? { node["description"]?.string }

    public func mediaType(_ name: String) -> APIMediaType? {
        content.first { $0.name == name }
    }
}

/// One entry of a `content` map.
public struct APIMediaType: Sendable {
    /// `application/json`, as written.
    public let name: String
    /// The Media Type Object; `nil` for Swagger 2.0 (there is none).
    public let node: SpecNode?
    /// The schema node, unresolved, so that its `$ref` name stays visible; resolve through
    /// `APISpec.schema(_:)`.
    public let schema: SpecNode?

    /// `example` and every `examples` entry's value, resolved.
    public func examples(in document: SpecDocument) -> [SpecNode] {
        var found: [SpecNode] = []
        if let example = node?["example"] { found.append(example) }
        for entry in node?["examples"]?.members ?? [] {
            if let value = document.resolve(entry.node)["value"] { found.append(value) }
        }
        return found
    }
}

/// One response of an operation.
public struct APIResponse: Sendable {
    /// `200`, `4XX`, `default`.
    public let status: String
    /// The Response Object (resolved).
    public let node: SpecNode
    public let content: [APIMediaType]
    public let headers: [APIHeader]

    public var description: String? { node["description"]?.string }

    public func mediaType(_ name: String) -> APIMediaType? {
        content.first { $0.name == name }
    }

    public func header(_ name: String) -> APIHeader? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }
    }
}

/// A response header.
public struct APIHeader: Sendable {
    public let name: String
    /// The Header Object (resolved).
    public let node: SpecNode
    /// Its schema (Swagger 2.0: the header object itself).
    public let schema: SpecNode?

    public var isRequired: Bool { node["required"]?.bool ?? false }
    public var isDeprecated: Bool { node["deprecated"]?.bool ?? false }
}
