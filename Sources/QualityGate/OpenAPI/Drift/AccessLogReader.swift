/// Reads Nginx/Apache access logs in the `combined` or `common` format:
///
///     203.0.113.9 - - [10/Oct/2026:13:55:36 +0000] "GET /v1/pets/7?x=1 HTTP/1.1" 200 2326 "-" "curl/8.5"
///
/// Byte-level parsing (no regular expression): the quoted request line gives the method and
/// target, the number after it the status. Quotes inside the request line are escaped by
/// both servers (`\"` by Apache, `\x22` by nginx). A request line of `"-"` (nginx logging a
/// connection that sent no parsable request) is skipped; a line without a quoted request
/// line or a three-digit status is malformed. No bodies: access logs support operation and
/// status drift and coverage, not schema validation.
struct AccessLogReader {
    func read(_ bytes: [UInt8], into collector: inout TrafficCollector) {
        let file = collector.file
        collector.eachLine(of: bytes) { collector, lineNumber, line in
            switch parse(line) {
            case .success(let fields):
                guard let (method, target, status) = fields else {
                    collector.skipped += 1
                    return
                }
                collector.exchanges.append(TrafficExchange(method: method, target: target, status: status,
                    source: TrafficSource(file: file, line: lineNumber)))
            case .failure(let problem):
                collector.malformed(line: lineNumber, problem.reason)
            }
        }
    }

    struct Problem: Error {
        let reason: String
    }

    /// (method, target, status), `nil` for a `"-"` request, or why the line is unreadable.
    func parse(_ line: ArraySlice<UInt8>) -> Result<(String, String, Int)?, Problem> {
        let quote = UInt8(ascii: "\"")
        guard let open = line.firstIndex(of: quote) else {
            return .failure(Problem(reason: "no quoted request line (\"METHOD /path HTTP/1.1\")"))
        }
        var index = open + 1
        var close: Int?
        while index < line.endIndex {
            if line[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if line[index] == quote {
                close = index
                break
            }
            index += 1
        }
        guard let close else { return .failure(Problem(reason: "the quoted request line is not closed")) }
        let request = String(decoding: line[(open + 1)..<close], as: UTF8.self)
        var after = close + 1
        while after < line.endIndex, line[after] == 0x20 { after += 1 }
        var status = 0
        var digits = 0
        while after < line.endIndex, line[after] >= 48, line[after] <= 57 {
            status = status * 10 + Int(line[after] - 48)
            digits += 1
            after += 1
        }
        guard digits == 3 else { return .failure(Problem(reason: "no three-digit status after the request line")) }
        if request == "-" || request.isEmpty { return .success(nil) }
        let parts = request.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].allSatisfy({ $0.isLetter }) else {
            return .failure(Problem(reason: "the request line '\(SchemaValidator.clip(request))' is not METHOD TARGET [PROTOCOL]"))
        }
        return .success((String(parts[0]), String(parts[1]), status))
    }
}
