/// The rule vocabulary: oasdiff's 509 check IDs with their default levels and tags.
///
/// Adopting oasdiff's IDs (research/openapi.md §7.4) makes qgate's findings comparable with
/// the tool most teams know and lets its test suite be our conformance suite.
public enum CheckCatalog {
    /// The rule `id`; unknown IDs are a programming error caught by the tests.
    public static func rule(_ id: String) -> CheckRule? {
        entries[id]
    }

    /// The default level of `id` (`.info` for an unknown id, never silently breaking).
    public static func level(_ id: String) -> ChangeLevel {
        entries[id]?.level ?? .info
    }

    public static var all: [CheckRule] {
        entries.values.sorted { $0.id < $1.id }
    }
}

/// One rule of the catalogue.
public struct CheckRule: Sendable, Hashable, Codable {
    public let id: String
    public let level: ChangeLevel
    /// `request`, `response` or `none`.
    public let direction: String
    /// `schema`, `parameters`, `paths`, `security`…
    public let area: String
    /// `structure`, `constraints`, `existence`, `type`, `values`, `lifecycle`…
    public let kind: String
    public let action: String
    /// The oasdiff check group that reports it (e.g. `RequestPropertyMaxLengthUpdatedCheck`).
    public let group: String
}

/// How serious a spec change is, in oasdiff's three levels.
public enum ChangeLevel: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Not breaking: worth a changelog line.
    case info = "INFO"
    /// Possibly breaking; the document does not say enough to decide.
    case warn = "WARN"
    /// Breaking: a client written against the base can fail against the revision.
    case err = "ERR"

    var rank: Int {
        switch self {
        case .info: 0
        case .warn: 1
        case .err: 2
        }
    }

    public static func < (lhs: ChangeLevel, rhs: ChangeLevel) -> Bool { lhs.rank < rhs.rank }

    /// Accepts `ERR`, `err`, `error`, `WARN`, `warning`, `INFO`.
    public init?(name: String) {
        switch name.lowercased() {
        case "err", "error", "breaking": self = .err
        case "warn", "warning": self = .warn
        case "info": self = .info
        default: return nil
        }
    }
}
