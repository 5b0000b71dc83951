/// Why the history store could not do what was asked.
///
/// Every case names the file or folder and says what to check, because the usual causes are
/// environmental: a read-only checkout, a full disk, a store synced from elsewhere half-way.
public enum HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A folder of the store could not be created or listed.
    case folder(path: String, reason: String)
    /// A file could not be written, synced or renamed into place.
    case write(path: String, reason: String)
    /// A file could not be read.
    case read(path: String, reason: String)
    /// A record or roll-up that is not valid JSON of the expected shape.
    case damaged(path: String, reason: String)
    /// A record written by another (newer) version of the record schema.
    case unsupportedSchema(path: String, schema: String)
    /// A file over the size qgate agrees to read or write.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// The store's advisory lock could not be taken.
    case lock(path: String, reason: String)

    /// A stable identifier for scripts and diagnostics.
    public var code: String {
        switch self {
        case .folder: "history.folder"
        case .write: "history.write"
        case .read: "history.read"
        case .damaged: "history.damaged"
        case .unsupportedSchema: "history.unsupported-schema"
        case .tooLarge: "history.too-large"
        case .lock: "history.lock"
        }
    }

    /// The file or folder concerned.
    public var path: String {
        switch self {
        case .folder(let path, _), .write(let path, _), .read(let path, _), .damaged(let path, _),
            .unsupportedSchema(let path, _), .tooLarge(let path, _, _), .lock(let path, _):
            path
        }
    }

    public var description: String {
        switch self {
        case .folder(let path, let reason):
            "\(path): cannot create or list this history folder: \(reason); check the path and its permissions"
        case .write(let path, let reason):
            "\(path): cannot write to the history store: \(reason); check free space and permissions"
        case .read(let path, let reason):
            "\(path): cannot read: \(reason)"
        case .damaged(let path, let reason):
            "\(path): damaged history file, skipped: \(reason)"
        case .unsupportedSchema(let path, let schema):
            "\(path): written as '\(schema)', which this qgate does not know (\(HistoryRecord.schemaTag) expected); skipped — upgrade qgate to read it"
        case .tooLarge(let path, let bytes, let limit):
            "\(path): \(bytes) bytes is over the \(limit)-byte limit for a history file"
        case .lock(let path, let reason):
            "\(path): cannot take the history store's lock: \(reason)"
        }
    }

    /// The error as a diagnostic, naming the file.
    public func diagnostic(_ severity: Diagnostic.Severity = .warning) -> Diagnostic {
        Diagnostic(severity, code: code, description, file: path)
    }
}
