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
        relativePath(forID: id).map(month(ofFile:))
    }

    /// The month folder of a listed record file (`runs/YYYY-MM/<id>.json`).
    static func month(ofFile file: String) -> String {
        String(file.dropFirst(5).prefix(7))
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
    /// baselines, the `lookback` newest runs of the mainline before it (from up to three
    /// earlier months). Reads each month's digest — frame headers first, then only the frames
    /// wanted — and the records the digest lacks, then appends their frames (best effort: a
    /// read-only store is reviewed all the same).
    public func reviewTable(since: UTCTime, until: UTCTime, branch: String?, lookback: Int) throws(HistoryError) -> ReviewLoad {
        let months = try listMonths()
        var reader = DigestReader(store: self)
        let first = since.month, last = until.month
        var read: [DigestReader.Month] = []
        for month in months where month >= first && month <= last {
            guard let data = reader.read(month) else { continue }
            reader.load.table.rows += reader.rows(data) { time, runBranch in
                time >= since && time <= until && (branch == nil || runBranch == branch)
            }
            read.append(data)
        }
        // The mainline's runs before the window: a baseline for regressions, newest first.
        let line = ReviewDetectors.mainline(reader.load.table.rows, branch: branch)
        if lookback > 0, line != nil || !reader.load.table.rows.isEmpty {
            var needed = lookback
            func takeEarlier(_ data: DigestReader.Month) {
                let rows = reader.newestRows(data, limit: needed) { time, runBranch in time < since && runBranch == line }
                reader.load.table.earlier += rows
                needed -= rows.count
            }
            for data in read.reversed() where needed > 0 { takeEarlier(data) }
            for month in months.reversed() where month < first && month >= Self.monthsBefore(first, 3) {
                guard needed > 0 else { break }
                if let data = reader.read(month) { takeEarlier(data) }
            }
        }
        var load = reader.load
        load.table.sort()
        load.fromRecords = reader.missing.count
        if !reader.missing.isEmpty {
            try? lock.withLock { () throws(HistoryError) in try appendDigest(reader.missing) }
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
            sizes[Self.id(ofFile: file)] = UInt64(info.st_size)
        }
        return sizes
    }

    /// The run id of a listed record file (`runs/YYYY-MM/<id>.json`).
    static func id(ofFile file: String) -> String {
        String(file.dropFirst(5 + 8).dropLast(5))
    }

    /// Rewrites each month's digest with one valid frame per listed run, reading the records
    /// it lacks; months without runs lose their digest. The caller holds the lock.
    func rewriteDigests(files: [String]) throws(HistoryError) {
        var byMonth: [String: [String]] = [:]
        for file in files { byMonth[Self.month(ofFile: file), default: []].append(file) }
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: digestFolder) {
            for name in existing where name.hasSuffix(".qgd") && byMonth[String(name.dropLast(4))] == nil {
                unlink(digestFolder + "/" + name)
            }
        }
        for (month, files) in byMonth.sorted(by: { $0.key < $1.key }) {
            let sizes = recordSizes(files)
            let path = digestPath(month: month)
            var seen = Set<String>()
            var output = Data()
            var changed = true
            if let data = try? Self.readFile(path, limit: RunDigest.maxFileBytes) {
                data.withUnsafeBytes { bytes in
                    let scan = RunDigest.scan(bytes)
                    let current = RunDigest.current(scan.frames) {
                        sizes[$0.id] == $0.recordBytes && RunDigest.verify($0, in: bytes)
                    }
                    for frame in current {
                        seen.insert(frame.id)
                        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[frame.bytes]))
                    }
                    changed = scan.damagedBytes > 0 || scan.frames.count != seen.count
                }
            }
            var frames: [UInt8] = []
            for file in files where !seen.contains(Self.id(ofFile: file)) {
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
