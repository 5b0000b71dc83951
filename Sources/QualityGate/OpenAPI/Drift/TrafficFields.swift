import Foundation

/// Reads exchange fields out of JSON records, accepting the spellings real tools write.
///
/// Shared by the HAR and NDJSON readers: a status may be a number, a numeric string or a
/// `{code}` object; headers may be a map (values strings or lists) or HAR's list of
/// `{name, value}`; a body may be text, base64 text, a `{"$base64": …}` wrapper
/// (Schemathesis), HAR's `{text, encoding}` content object, or the JSON value itself.
enum TrafficFields {
    /// The first member present among `names`.
    static func first(_ node: SpecNode?, _ names: [String]) -> SpecNode? {
        guard let node, node.object != nil else { return nil }
        for name in names {
            if let value = node[name], !value.isNull { return value }
        }
        return nil
    }

    static func status(_ node: SpecNode?) -> Int? {
        guard let node else { return nil }
        switch node.value {
        case .number: return node.int
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        case .object: return status(node["code"])
        default: return nil
        }
    }

    /// A header value, matched case-insensitively; the first value of a list.
    static func header(_ name: String, in headers: SpecNode?) -> String? {
        guard let headers else { return nil }
        let wanted = name.lowercased()
        if let list = headers.array {
            for item in list where item["name"]?.string?.lowercased() == wanted {
                return item["value"]?.string
            }
            return nil
        }
        for entry in headers.members where entry.key.lowercased() == wanted {
            return entry.node.string ?? entry.node.array?.first?.string
        }
        return nil
    }

    /// A body from its recorded form. `wrapped` allows the object forms (`{"$base64"}`,
    /// `{text, encoding}`) that tools use under a `content` member; elsewhere an object is
    /// the JSON body itself.
    static func body(_ node: SpecNode?, base64: Bool = false, wrapped: Bool = false) -> TrafficBody? {
        guard let node else { return nil }
        switch node.value {
        case .null:
            return nil
        case .string(let text):
            if base64 {
                guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return nil }
                return .bytes([UInt8](data))
            }
            return .text(text)
        case .object(let object):
            if object.count == 1, let encoded = object["$base64"] { return body(encoded, base64: true) }
            if wrapped {
                if object["text"] != nil || object["mimeType"] != nil {
                    return body(object["text"], base64: object["encoding"]?.string?.lowercased() == "base64")
                }
            }
            return .json(detached(node))
        default:
            return .json(detached(node))
        }
    }

    /// Makes `node` a root, so that its pointers start at the body and the record around it
    /// can be freed (parents are not retained).
    static func detached(_ node: SpecNode) -> SpecNode {
        node.parent = nil
        return node
    }

    /// What one JSON record holds.
    enum Extraction {
        case exchanges([TrafficExchange])
        /// Well-formed but not an exchange (an event of another kind, a request without response).
        case skipped
        case malformed(String)
    }

    static let methodNames = ["method", "request_method", "requestMethod", "verb", "httpMethod", "http_method"]
    static let targetNames = ["url", "uri", "path", "request_uri", "requestUri", "target", "request_path"]
    static let statusNames = ["status", "status_code", "statusCode", "code", "response_status", "responseStatus"]
    static let contentTypeNames = ["response_content_type", "responseContentType", "content_type", "contentType", "mimeType",
        "mime_type"]
    static let bodyNames = ["response_body", "responseBody", "body", "text"]
    static let base64BodyNames = ["response_body_base64", "responseBodyBase64", "body_base64", "encoded_body"]

    /// Exchanges in one record: `{request: {…}, response: {…}}` (Redocly, Kong, HAR-like),
    /// a flat record (`{method, url|path, status, response_body?, response_content_type?}`,
    /// nginx JSON's `request_method`/`request_uri`/`status`), or records nested deeper in an
    /// event (Schemathesis' `recorder.interactions`).
    static func exchanges(in record: SpecNode, source: TrafficSource) -> Extraction {
        if let request = record["request"], request.object != nil, record["response"] != nil {
            return pair(request: request, response: record["response"]!, source: source)
        }
        if first(record, methodNames) != nil || record["request"]?.string != nil {
            return flat(record, source: source)
        }
        var found: [TrafficExchange] = []
        var malformed: String?
        var queue: [(SpecNode, Int)] = record.members.map { ($0.node, 1) }
        while !queue.isEmpty {
            let (node, depth) = queue.removeFirst()
            guard node.object != nil else { continue }
            if let request = node["request"], request.object != nil, let response = node["response"] {
                switch pair(request: request, response: response, source: source) {
                case .exchanges(let list): found.append(contentsOf: list)
                case .malformed(let reason): malformed = malformed ?? reason
                case .skipped: break
                }
            } else if depth < 6 {
                queue.append(contentsOf: node.members.map { ($0.node, depth + 1) })
            }
        }
        if !found.isEmpty { return .exchanges(found) }
        if let malformed { return .malformed(malformed) }
        return .skipped
    }

    private static func pair(request: SpecNode, response: SpecNode, source: TrafficSource) -> Extraction {
        guard let method = first(request, methodNames)?.string else { return .malformed("the request has no method") }
        guard let target = first(request, targetNames)?.string else { return .malformed("the request has no url or path") }
        guard response.object != nil else { return .skipped }  // no response recorded
        guard let status = status(first(response, statusNames)) else { return .malformed("the response has no status") }
        let contentType = header("content-type", in: response["headers"]) ?? response["content"]?["mimeType"]?.string
            ?? first(response, contentTypeNames)?.string
        let base64 = ["base64"].contains(first(response, ["encoding", "bodyEncoding", "body_encoding"])?.string?.lowercased() ?? "")
        var body = body(first(response, bodyNames), base64: base64)
        if body == nil { body = Self.body(response["content"], wrapped: true) }
        if body == nil { body = Self.body(first(response, base64BodyNames), base64: true) }
        return .exchanges([TrafficExchange(method: method, target: target, status: status, responseContentType: contentType,
            responseBody: body, source: source)])
    }

    private static func flat(_ record: SpecNode, source: TrafficSource) -> Extraction {
        var method = first(record, methodNames)?.string
        var target = first(record, targetNames)?.string
        if method == nil || target == nil, let line = record["request"]?.string {
            // nginx JSON logs often carry `$request`: "GET /pets?limit=2 HTTP/1.1".
            let parts = line.split(separator: " ")
            if parts.count >= 2 {
                method = method ?? String(parts[0])
                target = target ?? String(parts[1])
            }
        }
        guard let method else { return .malformed("no method") }
        guard let target else { return .malformed("no url or path") }
        guard let status = status(first(record, statusNames)) else { return .malformed("no response status") }
        let contentType = first(record, contentTypeNames)?.string
            ?? header("content-type", in: first(record, ["response_headers", "responseHeaders"]))
        let base64 = first(record, ["response_body_encoding", "body_encoding", "encoding"])?.string?.lowercased() == "base64"
        let body = body(first(record, bodyNames), base64: base64) ?? body(first(record, base64BodyNames), base64: true)
        return .exchanges([TrafficExchange(method: method, target: target, status: status, responseContentType: contentType,
            responseBody: body, source: source)])
    }
}
