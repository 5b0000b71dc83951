/// Reads HAR 1.2 files: `log.entries[].request{method, url}` and
/// `response{status, headers, content{mimeType, text, encoding}}`.
///
/// A HAR file is one JSON document, so it is parsed whole with the spec parser (line and
/// column on every node, nesting and size limits). Entries with status 0 (no response
/// received: blocked, aborted) are skipped; entries without a method, URL or status are
/// malformed, reported with the line where the entry starts.
struct HARReader {
    let limits: SpecLimits

    func read(_ bytes: [UInt8], into collector: inout TrafficCollector) throws(InputError) {
        let file = collector.file
        let root: SpecNode
        do {
            root = try bytes.withUnsafeBufferPointer { (buffer) throws(SpecError) -> SpecNode in
                try JSONTreeParser.parse(buffer, file: file, limits: limits)
            }
        } catch {
            switch error {
            case .syntax(_, let line, let column, _, let reason):
                throw .invalid(file: file, line: line, column: column, format: "HAR", reason: reason)
            case .refused(_, let line, let column, let reason):
                throw .refused(file: file, line: line, column: column, reason: reason)
            default:
                throw .invalid(file: file, line: 0, column: 0, format: "HAR", reason: error.description)
            }
        }
        guard let entries = root["log"]?["entries"]?.array else {
            throw .invalid(file: file, line: Int(root.location.line), column: Int(root.location.column), format: "HAR",
                reason: "no log.entries array; a HAR file has {\"log\": {\"entries\": [...]}}")
        }
        for entry in entries {
            collector.records += 1
            let line = Int(entry.location.line)
            guard let request = entry["request"], let response = entry["response"] else {
                collector.malformed(line: line, "the entry has no request or no response")
                continue
            }
            guard let method = request["method"]?.string, let url = request["url"]?.string else {
                collector.malformed(line: line, "the request has no method or no url")
                continue
            }
            guard let status = TrafficFields.status(response["status"]) else {
                collector.malformed(line: line, "the response has no numeric status")
                continue
            }
            if status == 0 {
                collector.skipped += 1
                continue
            }
            let content = response["content"]
            let mimeType = content?["mimeType"]?.string
            let contentType = (mimeType?.isEmpty ?? true) ? TrafficFields.header("content-type", in: response["headers"]) : mimeType
            let body = TrafficFields.body(content?["text"], base64: content?["encoding"]?.string?.lowercased() == "base64")
            collector.exchanges.append(TrafficExchange(method: method, target: url, status: status,
                responseContentType: contentType, responseBody: body, source: TrafficSource(file: file, line: line)))
        }
    }
}
