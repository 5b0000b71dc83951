/// Why a unified diff could not be read.
///
/// A diff that cannot be trusted must not read as "nothing changed" (a neutral patch result),
/// so a malformed hunk stops the parse and names the diff's line.
public enum DiffError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// `line` is the 1-based line of the diff text.
    case malformed(file: String, line: Int, reason: String)

    public var code: String {
        switch self {
        case .unreadable: "diff.unreadable"
        case .malformed: "diff.malformed"
        }
    }

    public var description: String {
        diagnostic.description
    }

    /// The error as a positioned diagnostic, for the verdict.
    public var diagnostic: Diagnostic {
        switch self {
        case .unreadable(let file, let reason):
            Diagnostic(.error, code: code, "cannot read the diff: \(reason)", file: file)
        case .malformed(let file, let line, let reason):
            Diagnostic(.error, code: code, "malformed unified diff: \(reason)", file: file, line: line)
        }
    }
}
