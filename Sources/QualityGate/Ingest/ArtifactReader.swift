import Foundation

/// Reads one artifact file into facts, choosing the reader by the configured format or by content.
///
/// Detection looks at the first 64 KiB only (an XML root, JSON keys, record prefixes), so a
/// mis-detected file fails loudly in its reader rather than reading as an empty report; the
/// evidence is recorded with the result so that `inspect` can say why a format was chosen.
public struct ArtifactReader: Sendable {
    /// Bytes looked at for detection.
    public static let headBytes = 64 * 1024

    public init() {}

    /// Formats a config may name: `junit`, `auto`, or a coverage format.
    public static var knownFormats: [String] {
        ["auto", "junit"] + CoverageFormat.allCases.map(\.rawValue) + PerfSourceFormat.allCases.map(\.rawValue)
    }

    public func read(path: String, format: String?, timeUnit: JUnitReader.TimeUnit) throws(InputError) -> Artifact {
        if format == "junit" {
            return .tests(try JUnitReader(timeUnit: timeUnit).read(path: path))
        }
        if let format, let coverage = CoverageFormat(rawValue: format) {
            return .coverage(try CoverageReaders.reader(for: coverage).read(path: path, detectedBy: "configured format: \(format)"))
        }
        if let format, let perf = PerfSourceFormat(rawValue: format) {
            return .performance(try PerfReaders.read(path: path, format: perf, detectedBy: "configured format: \(format)"))
        }
        switch try detect(path: path) {
        case .junit:
            return .tests(try JUnitReader(timeUnit: timeUnit).read(path: path))
        case .coverage(let coverage, let evidence):
            return .coverage(try CoverageReaders.reader(for: coverage).read(path: path, detectedBy: evidence))
        case .performance(let perf, let evidence):
            return .performance(try PerfReaders.read(path: path, format: perf, detectedBy: evidence))
        }
    }

    /// Test results only (the JUnit reader), for callers that want a `TestRun`.
    public func readTests(path: String, format: String?, timeUnit: JUnitReader.TimeUnit) throws(InputError) -> TestRun {
        try JUnitReader(timeUnit: timeUnit).read(path: path)
    }

    enum Detection {
        case junit
        case coverage(CoverageFormat, evidence: String)
        case performance(PerfSourceFormat, evidence: String)
    }

    /// Chooses a reader from the file's first bytes.
    func detect(path: String) throws(InputError) -> Detection {
        let head = try Self.head(of: path)
        if head.isEmpty || head.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .empty(file: path)
        }
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B {
            return .coverage(.lcov, evidence: "gzip-compressed file (LCOV tracefile)")
        }
        let text = String(decoding: head, as: UTF8.self)
        if let root = XMLRootTag(head: text) {
            if root.name == "testsuites" || root.name == "testsuite" { return .junit }
        }
        if let (format, evidence) = CoverageReaders.detect(head: text) {
            return .coverage(format, evidence: evidence)
        }
        if let (format, evidence) = PerfReaders.detect(head: text) {
            return .performance(format, evidence: evidence)
        }
        if let root = XMLRootTag(head: text) {
            // Unknown XML goes to the JUnit reader, which names the root and suggests a fix
            // (NUnit, xUnit, TRX, Checkstyle...).
            _ = root
            return .junit
        }
        let first = text.prefix(80).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        throw .unknownFormat(file: path, evidence: "starts with '\(first.prefix(60))'; not JUnit XML, a known coverage format or a known performance-result format")
    }

    static func head(of path: String) throws(InputError) -> [UInt8] {
        let file = try InputFile.open(path)
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: headBytes)
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, headBytes, file) }
        return Array(buffer.prefix(count))
    }
}
