/// A positioned message about an input or the configuration.
///
/// Recoverable problems are collected as diagnostics and shown next to the verdict; only
/// problems that make a result untrustworthy are errors. Rendered compiler-style
/// (`path:line:column: warning: message`) so that CI log viewers turn them into links.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case note, warning, error
    }

    public var severity: Severity
    /// A stable, machine-readable kind such as `junit.count-mismatch` or `input.no-match`.
    public var code: String
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?

    public init(
        _ severity: Severity, code: String, _ message: String, file: String? = nil, line: Int? = nil,
        column: Int? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column: severity: message`, omitting the parts that are unknown.
    public var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let line {
                prefix += ":\(line)"
                if let column { prefix += ":\(column)" }
            }
            prefix += ": "
        }
        return "\(prefix)\(severity.rawValue): \(message)"
    }
}
