/// One line of the store's index (`index.jsonl`): what listing runs needs, without opening
/// the record files.
///
/// Derived data: every field comes from the record, and `qgate history reindex` rebuilds
/// the whole index from the records.
public struct HistoryIndexEntry: Sendable, Hashable, Codable {
    /// Index line format; a line with another version is rebuilt from its record.
    public static let version = 1

    public var version: Int
    public var id: String
    /// The record file, relative to the store (`runs/2026-11/<id>.json`).
    public var file: String
    public var recordedAt: UTCTime
    public var branch: String?
    public var commit: String?
    public var mergeBase: String?
    public var status: Verdict.Status
    public var summary: String

    enum CodingKeys: String, CodingKey {
        case id, file, branch, commit, status, summary
        case version = "v"
        case recordedAt = "recorded_at"
        case mergeBase = "merge_base"
    }

    public init(record: HistoryRecord, file: String) {
        self.init(
            header: RecordHeader(
                schema: record.schema, id: record.id, recordedAt: record.recordedAt, branch: record.branch,
                commit: record.commit, mergeBase: record.mergeBase,
                verdict: RecordHeader.VerdictHeader(status: record.verdict.status, summary: record.verdict.summary)),
            file: file)
    }

    /// Oldest first; ties by id, so that the order is total and stable.
    static func chronological(_ lhs: HistoryIndexEntry, _ rhs: HistoryIndexEntry) -> Bool {
        lhs.recordedAt != rhs.recordedAt ? lhs.recordedAt < rhs.recordedAt : lhs.id < rhs.id
    }
}

/// The members of a record that its index line holds, decoded without the metrics and tests.
///
/// Rebuilding the index (and the fallback scan) reads only these: the JSON is still parsed
/// whole, so a truncated or garbled file is reported, but a record damaged deeper (a metric of
/// the wrong type) is reported when it is loaded, by `export` or a later reader.
struct RecordHeader: Decodable, SchemaTagged {
    struct VerdictHeader: Decodable {
        var status: Verdict.Status
        var summary: String
    }

    var schema: String
    var id: String
    var recordedAt: UTCTime
    var branch: String?
    var commit: String?
    var mergeBase: String?
    var verdict: VerdictHeader

    enum CodingKeys: String, CodingKey {
        case schema, id, branch, commit, verdict
        case recordedAt = "recorded_at"
        case mergeBase = "merge_base"
    }
}

extension HistoryIndexEntry {
    init(header: RecordHeader, file: String) {
        version = Self.version
        id = header.id
        self.file = file
        recordedAt = header.recordedAt
        branch = header.branch
        commit = header.commit
        mergeBase = header.mergeBase
        status = header.verdict.status
        summary = header.verdict.summary
    }
}
