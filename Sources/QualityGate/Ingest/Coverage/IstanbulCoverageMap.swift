/// An Istanbul coverage map (`coverage-final.json`): file coverage objects keyed by path.
///
/// Values may be wrapped as `{"data": {...}}` (older nyc); a document holding one bare file
/// coverage object (`{"path": ..., "statementMap": ...}`) is read as a map of that one file.
/// Only the keys qgate uses are decoded; `inputSourceMap`, `hash` and the rest are skipped.
struct IstanbulCoverageMap: Decodable, Sendable {
    /// Sorted by path: the decoder does not keep the document's key order.
    var files: [(path: String, coverage: FileData)]

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if container.contains(AnyKey(stringValue: "statementMap")) {
            let single = try FileData(from: decoder)
            files = [(single.path ?? "", single)]
            return
        }
        var result: [(String, FileData)] = []
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            // A value that is not an object (package.json's "name": "x") is not file coverage:
            // say which key a coverage map needs rather than "expected an object".
            if (try? container.nestedContainer(keyedBy: AnyKey.self, forKey: key)) == nil {
                throw DecodingError.keyNotFound(
                    FileData.CodingKeys.statementMap,
                    DecodingError.Context(
                        codingPath: [key], debugDescription: "an Istanbul coverage map holds one object per file"))
            }
            result.append((key.stringValue, try container.decode(FileData.self, forKey: key)))
        }
        files = result
    }

    struct FileData: Decodable, Sendable {
        var path: String?
        var statementMap: [String: Location]
        var s: [String: JSONCount]
        var fnMap: [String: Function]?
        var f: [String: JSONCount]?
        var branchMap: [String: Branch]?
        var b: [String: [JSONCount]]?

        enum CodingKeys: String, CodingKey {
            case path, statementMap, s, fnMap, f, branchMap, b, data
        }

        init(from decoder: any Decoder) throws {
            let outer = try decoder.container(keyedBy: CodingKeys.self)
            let container =
                (!outer.contains(.statementMap) && outer.contains(.data))
                ? try outer.nestedContainer(keyedBy: CodingKeys.self, forKey: .data) : outer
            path = try container.decodeIfPresent(String.self, forKey: .path)
            statementMap = try container.decode([String: Location].self, forKey: .statementMap)
            s = try container.decode([String: JSONCount].self, forKey: .s)
            fnMap = try container.decodeIfPresent([String: Function].self, forKey: .fnMap)
            f = try container.decodeIfPresent([String: JSONCount].self, forKey: .f)
            branchMap = try container.decodeIfPresent([String: Branch].self, forKey: .branchMap)
            b = try container.decodeIfPresent([String: [JSONCount]].self, forKey: .b)
        }
    }

    /// `{start: {line, column}, end: {line, column}}`; `{}` for an implicit `else`, and an end
    /// column of `null` are both legal.
    struct Location: Decodable, Sendable {
        var start: Position?
    }

    struct Position: Decodable, Sendable {
        var line: Int?
    }

    struct Function: Decodable, Sendable {
        var name: String?
        var decl: Location?
        var loc: Location?
        var line: Int?
    }

    struct Branch: Decodable, Sendable {
        var loc: Location?
        var line: Int?
        var locations: [Location]?
    }
}
