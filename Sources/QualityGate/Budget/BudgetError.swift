/// Why a budget file could not be loaded.
///
/// Every case names the file, the JSON pointer of the offending value and, where the file
/// was parsed, its line and column, so that the one-line message leads straight to the spot
/// (`budgets/api.json:12:20: error: /budgets/2/critical: unknown unit 'mss' …`). The command
/// maps all of them to exit code 2 (configuration error).
public enum BudgetError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// Not well-formed JSON.
    case syntax(file: String, line: Int, column: Int, reason: String)
    /// Well-formed, but not a valid budget file: a missing, unknown or wrongly typed member, a
    /// limit that cannot be read, a unit that does not fit the statistic, a waiver without reason…
    case invalid(file: String, pointer: String, line: Int, column: Int, reason: String)
    /// Two budgets with one id (possibly in two files).
    case duplicateID(id: String, file: String, pointer: String, line: Int, column: Int, first: String)

    public var code: String {
        switch self {
        case .unreadable: "budget.unreadable"
        case .syntax: "budget.syntax"
        case .invalid: "budget.invalid"
        case .duplicateID: "budget.duplicate-id"
        }
    }

    public var diagnostic: Diagnostic {
        func position(_ line: Int) -> Int? { line > 0 ? line : nil }
        switch self {
        case .unreadable(let file, let reason):
            return Diagnostic(.error, code: code, "cannot read the budget file: \(reason)", file: file)
        case .syntax(let file, let line, let column, let reason):
            return Diagnostic(.error, code: code, "invalid JSON: \(reason)", file: file, line: position(line),
                column: position(line).map { _ in column })
        case .invalid(let file, let pointer, let line, let column, let reason):
            return Diagnostic(.error, code: code, "\(pointer.isEmpty ? "/" : pointer): \(reason)", file: file,
                line: position(line), column: position(line).map { _ in column })
        case .duplicateID(let id, let file, let pointer, let line, let column, let first):
            return Diagnostic(.error, code: code, "\(pointer): budget id '\(id)' is already used at \(first); ids must be unique",
                file: file, line: position(line), column: position(line).map { _ in column })
        }
    }

    public var description: String { diagnostic.description }
}
