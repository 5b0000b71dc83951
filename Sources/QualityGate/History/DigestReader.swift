import Foundation

/// Reads the history store month by month for the weekly review: the digest's frame headers
/// first (`RunDigest.scan`), then only the frames the review wants, and the records of runs the
/// digest lacks (collected in `missing`, so that their frames can be appended).
struct DigestReader {
    /// One month folder as read: its current frames (listed run, same record size, first frame
    /// per run) over the digest bytes, and the rows of runs read from their records.
    struct Month {
        var name: String
        var data = Data()
        var frames: [RunDigest.Frame] = []
        var records: [RunTable.Row] = []
    }

    let store: HistoryStore
    var load = HistoryStore.ReviewLoad(table: RunTable(), warnings: [], fromRecords: 0)
    var keys = RunDigest.KeyCache()
    var missing: [(record: HistoryRecord, bytes: Int)] = []

    init(store: HistoryStore) {
        self.store = store
    }

    mutating func read(_ month: String) -> Month? {
        guard let listed = store.listMonth(month) else { return nil }
        load.warnings += listed.warnings
        let sizes = store.recordSizes(listed.files)
        var result = Month(name: month)
        var seen = Set<String>()
        let path = store.digestPath(month: month)
        if let data = try? HistoryStore.mapFile(path, limit: RunDigest.maxFileBytes) {
            let scan = data.withUnsafeBytes { RunDigest.scan($0) }
            result.data = data
            result.frames = RunDigest.current(scan.frames) { sizes[$0.id] == $0.recordBytes }
            seen = Set(result.frames.map(\.id))
            if scan.damagedBytes > 0 {
                load.warnings.append(
                    Diagnostic(.note, code: "history.damaged-digest",
                        "\(scan.damagedBytes) damaged byte(s) skipped; their runs were read from their records (`qgate history reindex` rewrites the digest)",
                        file: path))
            }
        }
        for file in listed.files where !seen.contains(HistoryStore.id(ofFile: file)) {
            if let row = recordRow(file) { result.records.append(row) }
        }
        return result
    }

    /// The row of a run read from its record (reported when damaged), remembered for healing.
    mutating func recordRow(_ file: String) -> RunTable.Row? {
        do {
            let (record, bytes): (HistoryRecord, Data) = try store.readDocumentAndBytes(relative: file)
            missing.append((record, bytes.count))
            return load.table.row(record)
        } catch {
            load.warnings.append(error.diagnostic())
            return nil
        }
    }

    /// The month's runs that `wanted` picks (by time and branch), in no particular order.
    mutating func rows(_ month: Month, where wanted: (UTCTime, String?) -> Bool) -> [RunTable.Row] {
        let frames = month.frames.filter { wanted($0.time, $0.branch) }
        return decode(month, frames) + month.records.filter { wanted($0.recordedAt, $0.branch) }
    }

    /// At most `limit` of the month's runs that `wanted` picks, the newest.
    mutating func newestRows(_ month: Month, limit: Int, where wanted: (UTCTime, String?) -> Bool) -> [RunTable.Row] {
        guard limit > 0 else { return [] }
        enum Candidate {
            case frame(RunDigest.Frame)
            case record(RunTable.Row)
        }
        var candidates: [(time: UTCTime, id: String, candidate: Candidate)] =
            month.frames.filter { wanted($0.time, $0.branch) }.map { ($0.time, $0.id, .frame($0)) }
        candidates += month.records.filter { wanted($0.recordedAt, $0.branch) }.map { ($0.recordedAt, $0.id, .record($0)) }
        candidates.sort { ($0.time, $0.id) > ($1.time, $1.id) }
        var frames: [RunDigest.Frame] = []
        var rows: [RunTable.Row] = []
        for entry in candidates.prefix(limit) {
            switch entry.candidate {
            case .frame(let frame): frames.append(frame)
            case .record(let row): rows.append(row)
            }
        }
        return decode(month, frames) + rows
    }

    /// Decodes `frames` of `month`; a frame whose body is damaged (its header and checksum were
    /// fine) is reported and its run read from its record.
    mutating func decode(_ month: Month, _ frames: [RunDigest.Frame]) -> [RunTable.Row] {
        var rows: [RunTable.Row] = []
        rows.reserveCapacity(frames.count)
        var damaged: [RunDigest.Frame] = []
        month.data.withUnsafeBytes { bytes in
            for frame in frames {
                do {
                    guard RunDigest.verify(frame, in: bytes) else { throw ByteCursor.Failure.damaged }
                    rows.append(try RunDigest.row(UnsafeRawBufferPointer(rebasing: bytes[frame.payload]), table: &load.table, keys: &keys))
                } catch {
                    damaged.append(frame)
                }
            }
        }
        for frame in damaged {
            load.warnings.append(
                Diagnostic(.note, code: "history.damaged-digest",
                    "the damaged frame of run \(frame.id) was skipped; its record was read instead (`qgate history reindex` rewrites the digest)",
                    file: store.digestPath(month: month.name)))
            if let file = HistoryStore.relativePath(forID: frame.id), let row = recordRow(file) { rows.append(row) }
        }
        return rows
    }
}
