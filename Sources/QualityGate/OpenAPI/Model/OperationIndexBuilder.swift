/// Builds `APIOperation`s from Path Item Objects, converting Swagger 2.0 shapes on the way.
struct OperationIndexBuilder {
    let document: SpecDocument
    let dialect: APISpec.Dialect
    var warnings: [Diagnostic] = []

    init(document: SpecDocument, dialect: APISpec.Dialect) {
        self.document = document
        self.dialect = dialect
    }

    mutating func operations(path: String, pathItem: SpecNode) -> [APIOperation] {
        let pathParameters = parameters(pathItem["parameters"], pathLevel: true)
        var result: [APIOperation] = []
        for entry in pathItem.members {
            let method = entry.key.lowercased()
            guard HTTPMethod.all.contains(method) else { continue }
            let node = document.resolve(entry.node)
            var merged = pathParameters
            for parameter in parameters(node["parameters"], pathLevel: false) {
                if let index = merged.firstIndex(where: { $0.matches(name: parameter.name, location: parameter.location) }) {
                    merged[index] = parameter
                } else {
                    merged.append(parameter)
                }
            }
            let body: APIRequestBody?
            if dialect == .swagger2 {
                body = swaggerBody(operation: node, parameters: &merged)
            } else {
                body = requestBody(node["requestBody"])
            }
            let responses = self.responses(node["responses"], operation: node)
            let security = node["security"] ?? document.root["security"]
            result.append(APIOperation(path: path, method: method, node: node, pathItem: pathItem,
                parameters: merged, requestBody: body, responses: responses, security: security))
        }
        result.sort { HTTPMethod.rank($0.method) < HTTPMethod.rank($1.method) }
        return result
    }

    private func parameters(_ list: SpecNode?, pathLevel: Bool) -> [APIParameter] {
        guard let items = list?.array else { return [] }
        var result: [APIParameter] = []
        for item in items {
            let node = document.resolve(item)
            guard let name = node["name"]?.string, let location = node["in"]?.string else { continue }
            let schema: SpecNode?
            if let explicit = node["schema"] {
                schema = explicit
            } else if let content = node["content"]?.members.first {
                schema = document.resolve(content.node)["schema"]
            } else if dialect == .swagger2, location != "body" {
                schema = node
            } else {
                schema = nil
            }
            result.append(APIParameter(name: name, location: location, node: node, schema: schema, isPathLevel: pathLevel))
        }
        return result
    }

    private func requestBody(_ raw: SpecNode?) -> APIRequestBody? {
        guard let raw else { return nil }
        let node = document.resolve(raw)
        return APIRequestBody(node: node, isRequired: node["required"]?.bool ?? false, content: content(node["content"]))
    }

    private func content(_ raw: SpecNode?) -> [APIMediaType] {
        guard let map = document.resolve(raw) else { return [] }
        return map.members.map { entry in
            let media = document.resolve(entry.node)
            return APIMediaType(name: entry.key, node: media, schema: media["schema"])
        }
    }

    private func mediaTypes(_ key: String, operation: SpecNode) -> [String] {
        let list = operation[key]?.array ?? document.root[key]?.array ?? []
        let names = list.compactMap(\.string)
        return names.isEmpty ? ["application/json"] : names
    }

    /// Swagger 2.0: `in: body` becomes the body for every `consumes` type. `in: formData`
    /// parameters stay parameters (rules compare them one by one) and are also gathered into
    /// a body whose schema is an object with one property per field, for the form media types
    /// (`consumes`, else `multipart/form-data` when a field is a file, else
    /// `application/x-www-form-urlencoded`), which is how a 3.x document writes the same form.
    private func swaggerBody(operation: SpecNode, parameters: inout [APIParameter]) -> APIRequestBody? {
        if let index = parameters.firstIndex(where: { $0.location == "body" }) {
            let body = parameters.remove(at: index)
            let schema = body.node["schema"]
            let content = mediaTypes("consumes", operation: operation).map {
                APIMediaType(name: $0, node: nil, schema: schema)
            }
            return APIRequestBody(node: body.node, isRequired: body.node["required"]?.bool ?? false, content: content)
        }
        let fields = parameters.filter { $0.location == "formData" }
        guard let first = fields.first else { return nil }
        let location = first.node.location
        func text(_ value: String) -> SpecNode { SpecNode(synthesized: .string(value), location: location) }
        let required = fields.filter(\.isRequired).map { text($0.name) }
        var members = [SpecObject.Entry(key: "type", node: text("object")),
            SpecObject.Entry(key: "properties", node: SpecNode(synthesized: .object(SpecObject(fields.map {
                SpecObject.Entry(key: $0.name, node: $0.node)
            })), location: location))]
        if !required.isEmpty {
            members.append(SpecObject.Entry(key: "required", node: SpecNode(synthesized: .array(required), location: location)))
        }
        let schema = SpecNode(synthesized: .object(SpecObject(members)), location: location)
        let formTypes = ["application/x-www-form-urlencoded", "multipart/form-data"]
        var types = mediaTypes("consumes", operation: operation).filter { formTypes.contains($0.lowercased()) }
        if types.isEmpty {
            types = [fields.contains { $0.node["type"]?.string == "file" } ? "multipart/form-data" : formTypes[0]]
        }
        let content = types.map { APIMediaType(name: $0, node: nil, schema: schema) }
        return APIRequestBody(node: schema, isRequired: !required.isEmpty, content: content)
    }

    private func responses(_ raw: SpecNode?, operation: SpecNode) -> [APIResponse] {
        guard let map = document.resolve(raw) else { return [] }
        var result: [APIResponse] = []
        for entry in map.members where !entry.key.hasPrefix("x-") {
            let node = document.resolve(entry.node)
            let content: [APIMediaType]
            var headers: [APIHeader] = []
            if dialect == .swagger2 {
                if let schema = node["schema"] {
                    content = mediaTypes("produces", operation: operation).map {
                        APIMediaType(name: $0, node: nil, schema: schema)
                    }
                } else {
                    content = []
                }
                for header in node["headers"]?.members ?? [] {
                    let resolved = document.resolve(header.node)
                    headers.append(APIHeader(name: header.key, node: resolved, schema: resolved))
                }
            } else {
                content = self.content(node["content"])
                for header in document.resolve(node["headers"])?.members ?? [] {
                    let resolved = document.resolve(header.node)
                    var schema = resolved["schema"]
                    if schema == nil, let first = resolved["content"]?.members.first {
                        schema = document.resolve(first.node)["schema"]
                    }
                    headers.append(APIHeader(name: header.key, node: resolved, schema: schema))
                }
            }
            result.append(APIResponse(status: entry.key, node: node, content: content, headers: headers))
        }
        return result
    }
}
