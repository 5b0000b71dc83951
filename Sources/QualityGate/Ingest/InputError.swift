/// Why an input could not be turned into facts.
///
/// Each case is a distinct, reported condition so that a broken report can never read as
/// "0 tests, pass": an empty file, a truncated file, XML of another kind and a pattern that
/// matches nothing each get their own code and message.
public enum InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A configured pattern matched no file.
    case noMatch(pattern: String)
    /// The file could not be opened or read (missing, permissions, a directory).
    case unreadable(file: String, reason: String)
    /// The file is empty or holds only whitespace.
    case empty(file: String)
    /// The XML ends before its root element closes (a writer killed mid-file).
    case truncated(file: String, line: Int, column: Int, insideElement: String?)
    /// The file is not well-formed XML.
    case malformed(file: String, line: Int, column: Int, reason: String)
    /// Well-formed XML whose root is not a JUnit report.
    case notATestReport(file: String, root: String, hint: String?)
    /// Refused on purpose: DTD entities (XXE, entity bombs), absurd nesting.
    case refused(file: String, line: Int, column: Int, reason: String)
    /// Readable syntax but data that breaks its format's rules (a malformed LCOV record, a
    /// negative count, an absolute or `..` path where a relative one is required).
    /// `line` is 0 when the position is unknown (JSON).
    case invalid(file: String, line: Int, column: Int, format: String, reason: String)
    /// No reader recognises the content; `evidence` says what was seen.
    case unknownFormat(file: String, evidence: String)

    /// A stable identifier for scripts and for the verdict's JSON.
    public var code: String {
        switch self {
        case .noMatch: "input.no-match"
        case .unreadable: "input.unreadable"
        case .empty: "input.empty"
        case .truncated: "input.truncated"
        case .malformed: "input.malformed"
        case .notATestReport: "input.not-a-test-report"
        case .refused: "input.refused"
        case .invalid: "input.invalid"
        case .unknownFormat: "input.unknown-format"
        }
    }

    public var file: String? {
        switch self {
        case .noMatch: nil
        case .unreadable(let file, _), .empty(let file), .truncated(let file, _, _, _),
            .malformed(let file, _, _, _), .notATestReport(let file, _, _), .refused(let file, _, _, _),
            .invalid(let file, _, _, _, _), .unknownFormat(let file, _):
            file
        }
    }

    /// What went wrong and what to do, without the location.
    public var message: String {
        switch self {
        case .noMatch(let pattern):
            "'\(pattern)' matched no file: check the path, or that the test step wrote its reports before qgate ran"
        case .unreadable(_, let reason):
            "cannot read the file: \(reason)"
        case .empty:
            "the file is empty: the test runner probably crashed before writing results"
        case .truncated(_, _, _, let element):
            "the report is truncated\(element.map { " inside <\($0)>" } ?? ""): the writer was probably killed before it finished"
        case .malformed(_, _, _, let reason):
            "not well-formed XML: \(reason)"
        case .notATestReport(_, let root, let hint):
            "root element <\(root)> is not a JUnit test report (expected <testsuites> or <testsuite>)\(hint.map { "; \($0)" } ?? "")"
        case .refused(_, _, _, let reason):
            "refused: \(reason)"
        case .invalid(_, _, _, let format, let reason):
            "invalid \(format) data: \(reason)"
        case .unknownFormat(_, let evidence):
            "unknown report format (\(evidence)); name it with `format:` if qgate supports it"
        }
    }

    /// One line: `file:line:column: message`.
    public var description: String {
        diagnostic.description
    }

    /// The error as a positioned diagnostic, for the verdict.
    public var diagnostic: Diagnostic {
        var line: Int?
        var column: Int?
        switch self {
        case .truncated(_, let l, let c, _), .malformed(_, let l, let c, _), .refused(_, let l, let c, _):
            line = l
            column = c
        case .invalid(_, let l, let c, _, _) where l > 0:
            line = l
            column = c > 0 ? c : nil
        default: break
        }
        return Diagnostic(.error, code: code, message, file: file, line: line, column: column)
    }
}
