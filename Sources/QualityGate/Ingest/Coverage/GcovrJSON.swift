/// The parts of gcovr's `--json` output that qgate reads (format 0.1 to 0.15 and later).
///
/// Early versions had no `functions` array and some spelled the version key
/// `gcovr_json_format_version`; both are optional here.
struct GcovrJSON: Decodable, Sendable {
    var formatVersion: String?
    var files: [File]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "gcovr/format_version"
        case legacyVersion = "gcovr_json_format_version"
        case files
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion =
            try Self.version(container, .formatVersion) ?? Self.version(container, .legacyVersion)
        files = try container.decode([File].self, forKey: .files)
    }

    /// The version is a string in every release seen, but a number costs nothing to accept.
    static func version(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String? {
        if let text = try? container.decodeIfPresent(String.self, forKey: key) { return text }
        return try container.decodeIfPresent(Double.self, forKey: key).map { String($0) }
    }

    struct File: Decodable, Sendable {
        var file: String
        var lines: [Line]
        var functions: [Function]?
    }

    struct Line: Decodable, Sendable {
        var lineNumber: Int
        var count: JSONCount
        var branches: [Branch]?
        var excluded: Bool?
        var noncode: Bool?

        enum CodingKeys: String, CodingKey {
            case lineNumber = "line_number"
            case count, branches
            case excluded = "gcovr/excluded"
            case noncode = "gcovr/noncode"
        }
    }

    struct Branch: Decodable, Sendable {
        var count: JSONCount
        var excluded: Bool?

        enum CodingKeys: String, CodingKey {
            case count
            case excluded = "gcovr/excluded"
        }
    }

    struct Function: Decodable, Sendable {
        var name: String?
        var demangledName: String?
        var lineno: Int?
        /// Absent for excluded functions.
        var executionCount: JSONCount?
        var excluded: Bool?

        enum CodingKeys: String, CodingKey {
            case name
            case demangledName = "demangled_name"
            case lineno
            case executionCount = "execution_count"
            case excluded = "gcovr/excluded"
        }
    }
}
