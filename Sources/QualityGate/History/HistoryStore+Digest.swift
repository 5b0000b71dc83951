import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The digest files (`digest/YYYY-MM.qgd`, see `RunDigest`): appended at record time, read by
/// the weekly review, healed by it and rewritten by `reindex` and `prune`.
extension HistoryStore {
    var digestFolder: String { root + "/digest" }

    func digestPath(month: String) -> String { digestFolder + "/" + month + ".qgd" }

    /// The month folder of a record id (`runs/YYYY-MM/…`).
    static func month(ofID id: String) -> String? {
        relativePath(forID: id).map { String($0.dropFirst(5).prefix(7)) }
    }

    /// Appends the frames of `records`, one `write(2)` per month file on an `O_APPEND`
    /// descriptor; the caller holds the lock. Not fsynced: the digest is derived, and a torn
    /// frame is skipped by readers (its run is read from its record).
    func appendDigest(_ records: [(record: HistoryRecord, bytes: Int)]) throws(HistoryError) {
        var byMonth: [String: [UInt8]] = [:]
        for (record, bytes) in records {
            guard let month = Self.month(ofID: record.id) else { continue }
            byMonth[month, default: []] += RunDigest.frame(record, recordBytes: bytes)
        }
        guard !byMonth.isEmpty else { return }
        try DurableFile.makeFolder(digestFolder)
        for (month, bytes) in byMonth.sorted(by: { $0.key < $1.key }) {
            let path = digestPath(month: month)
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .write(path: path, reason: DurableFile.errnoText()) }
            defer { close(descriptor) }
            try DurableFile.writeAll(descriptor, Data(bytes), path: path)
        }
    }

    /// A digest that cannot be written costs speed, not data: a warning, never a failure.
    static func digestWarning(_ error: HistoryError) -> Diagnostic {
        Diagnostic(.warning, code: error.code,
            "the digest is not updated: \(error.description); `qgate report` reads the records instead (slower)")
    }

    /// What the review loader read.
    public struct ReviewLoad: Sendable {
        public var table: RunTable
        public var warnings: [Diagnostic]
        /// Runs read from their records because the digest had no frame for them.
        public var fromRecords: Int
    }

    /// The runs of the window `since...until` (of `branch`, if given) and, for regression
    /// baselines, at least `lookback` runs before it when the store has them (from up to three
    /// earlier months). Reads each month's digest and the records the digest lacks, then
    /// appends the missing frames (best effort: a read-only store is reviewed all the same).
    public func reviewTable(since: UTCTime, until: UTCTime, branch: String?, lookback: Int) throws(HistoryError) -> ReviewLoad {
        let months = try listMonths()
        var load = ReviewLoad(table: RunTable(), warnings: [], fromRecords: 0)
        var keys = RunDigest.KeyCache()
        var missing: [(record: HistoryRecord, bytes: Int)] = []
        func place(_ time: UTCTime, _ runBranch: String?) -> RunDigest.Placement {
            guard branch == nil || runBranch == branch, time <= until else { return .skip }
            return time >= since ? .window : .earlier
        }
        let first = since.month, last = until.month
        for month in months where month >= first && month <= last {
            readMonth(month, into: &load, keys: &keys, missing: &missing, place: place)
        }
        for month in months.reversed() where month < first {
            guard load.table.earlier.count < lookback, month >= Self.monthsBefore(first, 3) else { break }
            readMonth(month, into: &load, keys: &keys, missing: &missing, place: place)
        }
        load.table.sort()
        load.fromRecords = missing.count
        if !missing.isEmpty {
            try? lock.withLock { () throws(HistoryError) in try appendDigest(missing) }
        }
        return load
    }

    /// `YYYY-MM` `count` months before `month` (string order is time order).
    static func monthsBefore(_ month: String, _ count: Int) -> String {
        guard month.count == 7, let year = Int(month.prefix(4)), let number = Int(month.suffix(2)) else { return month }
        let index = year * 12 + (number - 1) - count
        let text = String(index % 12 + 1)
        return "\(index / 12)-\(text.count == 1 ? "0" + text : text)"
    }

    /// The size of each record file, by run id (files that cannot be stat'ed are left out:
    /// reading them reports why).
    func recordSizes(_ files: [String]) -> [String: UInt64] {
        var sizes: [String: UInt64] = [:]
        sizes.reserveCapacity(files.count)
        var info = stat()
        for file in files where stat(root + "/" + file, &info) == 0 {
            sizes[String(file.dropFirst(5 + 8).dropLast(5))] = UInt64(info.st_size)
        }
        return sizes
    }

    /// One month: its digest frames for the listed runs, the records of the others.
    func readMonth(
        _ month: String, into load: inout ReviewLoad, keys: inout RunDigest.KeyCache, missing: inout [(record: HistoryRecord, bytes: Int)],
        place: (UTCTime, String?) -> RunDigest.Placement
    ) {
        guard let listed = listMonth(month) else { return }
        load.warnings += listed.warnings
        let sizes = recordSizes(listed.files)
        var seen = Set<String>()
        let path = digestPath(month: month)
        if let data = try? Self.readFile(path, limit: RunDigest.maxFileBytes) {
            let scan = data.withUnsafeBytes { bytes in
                RunDigest.read(bytes, into: &load.table, keys: &keys, seen: &seen) { id, recordBytes, time, branch in
                    sizes[id] == recordBytes ? place(time, branch) : .stale
                }
            }
            if scan.damagedBytes > 0 {
                load.warnings.append(
                    Diagnostic(.note, code: "history.damaged-digest",
                        "\(scan.damagedBytes) damaged byte(s) skipped; their runs were read from their records (`qgate history reindex` rewrites the digest)",
                        file: path))
            }
        }
        for file in listed.files {
            let id = String(file.dropFirst(5 + 8).dropLast(5))
            guard !seen.contains(id) else { continue }
            do {
                let (record, bytes): (HistoryRecord, Data) = try readDocumentAndBytes(relative: file)
                missing.append((record, bytes.count))
                let placement = place(record.recordedAt, record.branch)
                guard placement != .skip else { continue }
                let row = load.table.row(record)
                if placement == .window { load.table.rows.append(row) } else { load.table.earlier.append(row) }
            } catch {
                load.warnings.append(error.diagnostic())
            }
        }
    }

    /// Rewrites each month's digest with one valid frame per listed run, reading the records
    /// it lacks; months without runs lose their digest. The caller holds the lock.
    func rewriteDigests(files: [String]) throws(HistoryError) {
        var byMonth: [String: [String]] = [:]
        for file in files { byMonth[String(file.dropFirst(5).prefix(7)), default: []].append(file) }
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: digestFolder) {
            for name in existing where name.hasSuffix(".qgd") && byMonth[String(name.dropLast(4))] == nil {
                unlink(digestFolder + "/" + name)
            }
        }
        for (month, files) in byMonth.sorted(by: { $0.key < $1.key }) {
            let sizes = recordSizes(files)
            let path = digestPath(month: month)
            var table = RunTable()
            var keys = RunDigest.KeyCache()
            var seen = Set<String>()
            var output = Data()
            var changed = true
            if let data = try? Self.readFile(path, limit: RunDigest.maxFileBytes) {
                data.withUnsafeBytes { bytes in
                    let scan = RunDigest.read(bytes, into: &table, keys: &keys, seen: &seen) { id, recordBytes, _, _ in
                        sizes[id] == recordBytes ? .skip : .stale
                    }
                    for range in scan.kept { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range])) }
                    changed = scan.damagedBytes > 0 || scan.skipped > 0
                }
            }
            var frames: [UInt8] = []
            for file in files where !seen.contains(String(file.dropFirst(5 + 8).dropLast(5))) {
                if let (record, bytes): (HistoryRecord, Data) = try? readDocumentAndBytes(relative: file) {
                    frames += RunDigest.frame(record, recordBytes: bytes.count)
                }
            }
            guard changed || !frames.isEmpty else { continue }
            output.append(contentsOf: frames)
            try DurableFile.makeFolder(digestFolder)
            try DurableFile.write(output, to: path)
        }
    }
}
