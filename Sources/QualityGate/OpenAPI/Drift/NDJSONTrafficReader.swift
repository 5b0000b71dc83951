/// Reads NDJSON exchange logs: one JSON object per line, read line by line.
///
/// The documented shape qgate recommends:
///
///     {"method": "GET", "url": "https://api.example.com/v1/pets/7?x=1", "status": 200,
///      "response_content_type": "application/json", "response_body": {"id": 7, "name": "Rex"}}
///
/// `url` may be `path`; `response_body` may be the JSON value itself or its text
/// (`response_body_base64` for base64 text); both body fields are optional. Also accepted:
/// records with `request`/`response` objects (Redocly, Kong: `response.status`,
/// `response.headers`, `response.body`), nginx JSON logs (`request_method`, `request_uri`,
/// `status`, or `request: "GET /x HTTP/1.1"`), and events holding such records deeper, as
/// Schemathesis `--report ndjson` writes them (`recorder.interactions`, bodies as
/// `{"$base64": …}`). See `TrafficFields` for every accepted field name.
struct NDJSONTrafficReader {
    let limits: SpecLimits

    func read(_ bytes: [UInt8], into collector: inout TrafficCollector) {
        let file = collector.file
        collector.eachLine(of: bytes) { collector, lineNumber, line in
            let source = TrafficSource(file: file, line: lineNumber)
            let parsed: Result<SpecNode, SpecError> = line.withUnsafeBufferPointer { buffer in
                Result { () throws(SpecError) -> SpecNode in try JSONTreeParser.parse(buffer, file: file, limits: limits) }
            }
            switch parsed {
            case .failure(let error):
                if case .syntax(_, _, let column, _, let reason) = error {
                    collector.malformed(line: lineNumber, "not JSON at column \(column): \(reason)")
                } else {
                    collector.malformed(line: lineNumber, error.description)
                }
            case .success(let record):
                guard record.object != nil else {
                    collector.malformed(line: lineNumber, "the line is JSON but not an object")
                    return
                }
                switch TrafficFields.exchanges(in: record, source: source) {
                case .exchanges(let found): collector.exchanges.append(contentsOf: found)
                case .skipped: collector.skipped += 1
                case .malformed(let reason): collector.malformed(line: lineNumber, reason)
                }
            }
        }
    }
}
