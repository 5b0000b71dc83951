import Foundation

/// The recorded-traffic formats drift reads.
public enum TrafficFormat: String, Sendable, Codable, CaseIterable {
    /// HAR 1.2 (browser dev tools, Playwright `recordHar`, proxies, Schemathesis `--report har`).
    case har
    /// One JSON object per line; see `NDJSONTrafficReader` for the accepted shapes.
    case ndjson
    /// Nginx/Apache `combined` (or `common`) access logs: method, path, status; no bodies.
    case accessLog = "access-log"
}

/// The exchanges read from one traffic file, with what could not be read.
public struct TrafficLog: Sendable {
    public var exchanges: [TrafficExchange]
    public var summary: TrafficSourceSummary
}

/// What one traffic file contributed; part of the drift report.
public struct TrafficSourceSummary: Sendable, Codable, Hashable {
    public var file: String
    public var format: TrafficFormat
    /// Records read: HAR entries, or non-blank lines.
    public var records: Int
    /// Exchanges kept.
    public var exchanges: Int
    /// Well-formed records that hold no usable exchange (a HAR entry without a response,
    /// status 0; an access-log line for a request nginx could not parse, `"-"`; an NDJSON
    /// event that is not an exchange).
    public var skipped: Int
    /// Records that could not be read.
    public var malformed: Int
    /// The first malformed records, with line numbers (at most `TrafficReader.sampleLimit`).
    public var malformedSamples: [MalformedRecord]
}

/// A record that could not be read.
public struct MalformedRecord: Sendable, Codable, Hashable {
    /// 1-based line in the file.
    public var line: Int
    public var reason: String
}

/// Reads traffic files into exchanges.
///
/// Tolerant record by record, strict in bulk: a malformed line or entry is counted and
/// reported with its line number, but a file where malformed records pass a threshold (more
/// than `maxMalformed`, or at least `maxMalformedFraction` of all records) is refused, so a
/// wrong format or a truncated capture can never read as "little traffic, no drift". A file
/// with records but no exchange at all is refused for the same reason.
public struct TrafficReader: Sendable {
    public static let sampleLimit = 20

    /// Most malformed records tolerated in one file.
    public var maxMalformed: Int
    /// Share of malformed records (0…1) at which the file is refused.
    public var maxMalformedFraction: Double
    /// File size and JSON nesting ceilings (shared with spec loading).
    public var limits: SpecLimits

    public init(maxMalformed: Int = 100, maxMalformedFraction: Double = 0.5, limits: SpecLimits = SpecLimits()) {
        self.maxMalformed = maxMalformed
        self.maxMalformedFraction = maxMalformedFraction
        self.limits = limits
    }

    /// Reads `path`; the format is `format`, else guessed from the extension (`.har`,
    /// `.ndjson`/`.jsonl`, `.log`), else from the content.
    public func read(path: String, format: TrafficFormat? = nil) throws(InputError) -> TrafficLog {
        let bytes: [UInt8]
        do {
            bytes = try SpecSource.fileSystem.read(path, limits: limits)
        } catch {
            switch error {
            case .unreadable(_, let reason): throw .unreadable(file: path, reason: reason)
            case .refused(_, let line, let column, let reason): throw .refused(file: path, line: line, column: column, reason: reason)
            default: throw .unreadable(file: path, reason: error.description)
            }
        }
        return try read(bytes: bytes, file: path, format: format ?? Self.format(ofExtension: path))
    }

    /// Reads traffic already in memory; `file` names it in messages.
    public func read(bytes: [UInt8], file: String, format: TrafficFormat? = nil) throws(InputError) -> TrafficLog {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw .empty(file: file)
        }
        let format = format ?? Self.sniff(bytes)
        var collector = TrafficCollector(file: file, format: format)
        switch format {
        case .har: try HARReader(limits: limits).read(bytes, into: &collector)
        case .ndjson: NDJSONTrafficReader(limits: limits).read(bytes, into: &collector)
        case .accessLog: AccessLogReader().read(bytes, into: &collector)
        }
        let summary = collector.summary
        if summary.malformed > 0,
            summary.malformed > maxMalformed || Double(summary.malformed) >= maxMalformedFraction * Double(summary.records)
        {
            let first = summary.malformedSamples[0]
            throw .invalid(file: file, line: first.line, column: 0, format: Self.name(format),
                reason: "\(summary.malformed) of \(summary.records) records are malformed (first: \(first.reason)); is this really \(Self.name(format))?")
        }
        if collector.exchanges.isEmpty {
            throw .invalid(file: file, line: 0, column: 0, format: Self.name(format),
                reason: "no HTTP exchange found in \(summary.records) records")
        }
        return TrafficLog(exchanges: collector.exchanges, summary: summary)
    }

    static func name(_ format: TrafficFormat) -> String {
        switch format {
        case .har: "HAR"
        case .ndjson: "NDJSON"
        case .accessLog: "access log"
        }
    }

    static func format(ofExtension path: String) -> TrafficFormat? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".har") { return .har }
        if lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") { return .ndjson }
        if lowered.hasSuffix(".log") { return .accessLog }
        return nil
    }

    /// `{` on a first line that is a whole JSON object → NDJSON (unless it is a one-line HAR);
    /// `{` otherwise → HAR (pretty-printed); anything else → access log.
    static func sniff(_ bytes: [UInt8]) -> TrafficFormat {
        guard let start = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }),
            bytes[start] == UInt8(ascii: "{")
        else { return .accessLog }
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
        let firstLine = Array(bytes[start..<end])
        let parsed = firstLine.withUnsafeBufferPointer { buffer in
            try? JSONTreeParser.parse(buffer, file: "", limits: SpecLimits())
        }
        guard let parsed else { return .har }
        return parsed["log"]?["entries"] != nil ? .har : .ndjson
    }
}

/// Gathers exchanges and record counts while a reader runs.
struct TrafficCollector {
    let file: String
    let format: TrafficFormat
    var exchanges: [TrafficExchange] = []
    var records = 0
    var skipped = 0
    var malformed = 0
    var samples: [MalformedRecord] = []

    init(file: String, format: TrafficFormat) {
        self.file = file
        self.format = format
    }

    /// Calls `body` with each line that is not blank (1-based number, bytes without the
    /// line end `\n` or `\r\n`), counting it as a record.
    mutating func eachLine(of bytes: [UInt8], _ body: (inout TrafficCollector, Int, ArraySlice<UInt8>) -> Void) {
        var lineNumber = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            lineNumber += 1
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            let line = bytes[start..<last]
            start = end + 1
            guard line.contains(where: { !($0 == 0x20 || $0 == 0x09) }) else { continue }
            records += 1
            body(&self, lineNumber, line)
        }
    }

    mutating func malformed(line: Int, _ reason: String) {
        malformed += 1
        if samples.count < TrafficReader.sampleLimit { samples.append(MalformedRecord(line: line, reason: reason)) }
    }

    var summary: TrafficSourceSummary {
        TrafficSourceSummary(file: file, format: format, records: records, exchanges: exchanges.count, skipped: skipped,
            malformed: malformed, malformedSamples: samples)
    }
}
