/// Why an OpenAPI document (or a file it references) could not be loaded.
///
/// Every case names the file and, where known, the line and column, so that a CI log points
/// at the spot; the command maps all of them to exit code 3 (bad input).
public enum SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case empty(file: String)
    /// Not well-formed JSON or YAML.
    case syntax(file: String, line: Int, column: Int, format: String, reason: String)
    /// Refused on purpose: alias bombs, absurd nesting, gigantic files.
    case refused(file: String, line: Int, column: Int, reason: String)
    /// Well-formed, but not an OpenAPI or Swagger document.
    case notASpec(file: String, reason: String)
    /// A `$ref` that points nowhere (missing file, missing pointer target, remote URL not allowed).
    case unresolvedReference(file: String, line: Int, column: Int, reference: String, reason: String)
    /// A `$ref` chain that only leads back to itself.
    case referenceCycle(file: String, line: Int, column: Int, reference: String)
    /// `git:REF:PATH` could not be read through git.
    case git(spec: String, reason: String)

    public var code: String {
        switch self {
        case .unreadable: "openapi.unreadable"
        case .empty: "openapi.empty"
        case .syntax: "openapi.syntax"
        case .refused: "openapi.refused"
        case .notASpec: "openapi.not-a-spec"
        case .unresolvedReference: "openapi.unresolved-ref"
        case .referenceCycle: "openapi.ref-cycle"
        case .git: "openapi.git"
        }
    }

    public var diagnostic: Diagnostic {
        switch self {
        case .unreadable(let file, let reason):
            Diagnostic(.error, code: code, "cannot read the spec: \(reason)", file: file)
        case .empty(let file):
            Diagnostic(.error, code: code, "the spec file is empty", file: file)
        case .syntax(let file, let line, let column, let format, let reason):
            Diagnostic(.error, code: code, "invalid \(format): \(reason)", file: file, line: line, column: column)
        case .refused(let file, let line, let column, let reason):
            Diagnostic(.error, code: code, "refused: \(reason)", file: file, line: line > 0 ? line : nil,
                column: line > 0 ? column : nil)
        case .notASpec(let file, let reason):
            Diagnostic(.error, code: code, "not an OpenAPI document: \(reason)", file: file)
        case .unresolvedReference(let file, let line, let column, let reference, let reason):
            Diagnostic(.error, code: code, "unresolved $ref '\(reference)': \(reason)", file: file,
                line: line > 0 ? line : nil, column: line > 0 ? column : nil)
        case .referenceCycle(let file, let line, let column, let reference):
            Diagnostic(.error, code: code, "$ref '\(reference)' only refers to itself (a cycle of references)",
                file: file, line: line > 0 ? line : nil, column: line > 0 ? column : nil)
        case .git(let spec, let reason):
            Diagnostic(.error, code: code, "cannot read '\(spec)' from git: \(reason)")
        }
    }

    public var description: String { diagnostic.description }
}

/// Ceilings that keep a hostile document from exhausting the machine.
public struct SpecLimits: Sendable, Hashable {
    /// Largest file read (bytes).
    public var maxFileBytes: Int = 256 << 20
    /// Deepest nesting of arrays/objects.
    public var maxDepth: Int = 256
    /// Most nodes one document may expand to (YAML aliases are expanded): the alias-bomb guard.
    public var maxNodes: Int = 20_000_000
    /// Most files one multi-file spec may pull in through `$ref`s.
    public var maxFiles: Int = 10_000

    public init() {}
}
