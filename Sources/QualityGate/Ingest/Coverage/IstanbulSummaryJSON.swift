/// Istanbul's `json-summary` report (`coverage-summary.json`): a `total` entry plus one entry
/// per file, each with `lines`, `statements`, `functions` and `branches` counters.
///
/// `pct` is not decoded: it is truncated to two decimals by Istanbul and reads `"Unknown"` in a
/// blank summary; qgate keeps the exact covered/total pairs instead.
struct IstanbulSummaryJSON: Decodable, Sendable {
    var total: Entry
    /// How many per-file entries sit beside `total`.
    var fileCount: Int

    enum CodingKeys: String, CodingKey {
        case total
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        total = try container.decode(Entry.self, forKey: .total)
        let all = try decoder.container(keyedBy: IstanbulCoverageMap.AnyKey.self)
        fileCount = all.allKeys.filter { $0.stringValue != "total" }.count
    }

    struct Entry: Decodable, Sendable {
        var lines: Counter
        var statements: Counter?
        var functions: Counter?
        var branches: Counter?
    }

    struct Counter: Decodable, Sendable {
        var total: Int
        var covered: Int

        var ratio: CoverageRatio { CoverageRatio(covered: covered, total: total) }
    }
}
