/// One recorded HTTP request/response pair, whatever file it came from.
///
/// Only what drift needs: the method and target to find the operation, the status to check
/// it is documented, and the response body with its content type to validate it. Request
/// bodies are not kept: validating what a client sent says nothing about the service.
public struct TrafficExchange: Sendable {
    /// Upper-case method (`GET`).
    public var method: String
    /// The request target as recorded: an absolute URL or a path, query string included.
    public var target: String
    /// The response status code.
    public var status: Int
    /// The response `Content-Type` (HAR `mimeType`), when recorded.
    public var responseContentType: String?
    /// The response body, when recorded (access logs never have one).
    public var responseBody: TrafficBody?
    /// Where the exchange was read.
    public var source: TrafficSource

    public init(method: String, target: String, status: Int, responseContentType: String? = nil, responseBody: TrafficBody? = nil,
        source: TrafficSource)
    {
        self.method = method.uppercased()
        self.target = target
        self.status = status
        self.responseContentType = responseContentType
        self.responseBody = responseBody
        self.source = source
    }
}

/// A recorded body: text as the log holds it (shared with the parsed log, not copied), raw
/// bytes (base64 already decoded), or a JSON value the log embedded as JSON rather than as
/// text (NDJSON logs often do).
public enum TrafficBody: Sendable {
    case text(String)
    case bytes([UInt8])
    case json(SpecNode)

    var isEmpty: Bool {
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        switch self {
        case .text(let text): return text.utf8.allSatisfy(blank)
        case .bytes(let bytes): return bytes.allSatisfy(blank)
        case .json: return false
        }
    }

    /// The body's bytes (`nil` for an embedded JSON value).
    var bytes: [UInt8]? {
        switch self {
        case .text(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        case .json: nil
        }
    }
}

/// Where a record sits: the file and its 1-based line (for HAR, the line where the entry starts).
public struct TrafficSource: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
