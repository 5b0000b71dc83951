import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The flat-file run history: a folder of plain files that CI can cache, a branch can hold
/// and object storage can sync.
///
/// ```
/// <store>/runs/2026-11/20261122T010712.123Z-<16 hex>.json   one immutable record per run
/// <store>/index.jsonl                                        derived: one line per run
/// <store>/rollups/<branch>/2026-05.json                      daily summaries of pruned runs
/// <store>/.lock                                              flock(2) target, never replaced
/// ```
///
/// **Records** are written to a temporary file in their folder, synced and renamed into place
/// (`DurableFile`), so a killed writer leaves no partial record under a record name. Names come
/// from the UTC time and 64 random bits, never from a branch or CI id, so they sort by time,
/// never collide between concurrent writers and cannot point outside the store.
///
/// **The index** is derived and may always be rebuilt (`reindex`). Writers append one line under
/// the store lock (`StoreLock`, `flock`) with a single `write(2)`, so concurrent writers never
/// interleave or lose lines; rebuilding the index from the files on every write was the other
/// option, but its cost grows with the store, and recording must not. A writer killed between
/// its rename and its index line leaves the index stale, not wrong: readers compare the index
/// with a listing of the record files (names only), read the records the index lacks, drop lines
/// whose file is gone, and fall back to reading every record when the index is missing or damaged.
public struct HistoryStore: Sendable {
    /// Where `qgate check --record` writes when neither `--history` nor `history.path` says.
    public static let defaultPath = ".qgate/history"
    /// Record files larger than this are refused, written or read (a record is a few KB to a
    /// few hundred KB; this is a runaway).
    public static let maxRecordBytes = 16 << 20

    public let root: String

    public init(root: String) {
        self.root = root
    }

    var indexPath: String { root + "/index.jsonl" }
    var runsFolder: String { root + "/runs" }
    var lock: StoreLock { StoreLock(path: root + "/.lock") }

    // MARK: Names

    /// A new record id: `20261122T010712.123Z-` and 16 random hex digits.
    public static func newID(at time: UTCTime) -> String {
        time.compact + "-" + DurableFile.randomHex(8)
    }

    /// Whether `id` has the exact shape `newID` makes (so it is safe as a file name).
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 37 else { return false }
        func digit(_ i: Int) -> Bool { bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        func hex(_ i: Int) -> Bool { digit(i) || (bytes[i] >= 0x61 && bytes[i] <= 0x66) }
        return (0..<8).allSatisfy(digit) && bytes[8] == 0x54 && (9..<15).allSatisfy(digit) && bytes[15] == 0x2E
            && (16..<19).allSatisfy(digit) && bytes[19] == 0x5A && bytes[20] == 0x2D && (21..<37).allSatisfy(hex)
    }

    /// `runs/YYYY-MM/<id>.json` for a valid id; nil for anything else.
    public static func relativePath(forID id: String) -> String? {
        guard isValidID(id) else { return nil }
        return "runs/\(id.prefix(4))-\(id.dropFirst(4).prefix(2))/\(id).json"
    }

    // MARK: Writing

    /// What `append` did.
    public struct Appended: Sendable, Hashable {
        /// The record's path (inside the store).
        public var path: String
        /// The record is safe, but the index line could not be written (readers will find the
        /// record by listing the files; `qgate history reindex` repairs the index).
        public var warnings: [Diagnostic]
    }

    /// Writes `record` as a new file and appends its index line.
    public func append(_ record: HistoryRecord) throws(HistoryError) -> Appended {
        guard let relative = Self.relativePath(forID: record.id) else {
            throw .write(path: root, reason: "'\(record.id)' is not a record id made by HistoryStore.newID")
        }
        let path = root + "/" + relative
        let data = try Self.encodeRecord(record, path: path)
        guard data.count <= Self.maxRecordBytes else {
            throw .tooLarge(path: path, bytes: data.count, limit: Self.maxRecordBytes)
        }
        try DurableFile.makeFolder((path as NSString).deletingLastPathComponent)
        try DurableFile.write(data, to: path)
        var warnings: [Diagnostic] = []
        do {
            try lock.withLock { () throws(HistoryError) in
                try appendIndexLine(HistoryIndexEntry(record: record, file: relative))
                do throws(HistoryError) {
                    try appendDigest([(record, data.count)])
                } catch {
                    warnings.append(Self.digestWarning(error))
                }
            }
        } catch {
            warnings.append(
                Diagnostic(.warning, code: error.code,
                    "the run is recorded, but its index line is not: \(error.description); `qgate history reindex` repairs the index",
                    file: indexPath))
        }
        return Appended(path: path, warnings: warnings)
    }

    /// Appends one line with one `write(2)` on an `O_APPEND` descriptor; the caller holds the
    /// lock. A torn last line can only be left by a writer that died mid-write (every writer
    /// holds the lock), so it is cut off first: its record is still found by listing the files.
    func appendIndexLine(_ entry: HistoryIndexEntry) throws(HistoryError) {
        let line = try Self.encodeIndexLine(entry, path: indexPath)
        let descriptor = open(indexPath, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .write(path: indexPath, reason: DurableFile.errnoText()) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_size > 0 {
            let end = Int(info.st_size)
            let window = min(end, 1 << 20)
            var tail = [UInt8](repeating: 0, count: window)
            if pread(descriptor, &tail, window, off_t(end - window)) == window, tail.last != 0x0A {
                let keep = tail.lastIndex(of: 0x0A).map { end - window + $0 + 1 } ?? (window == end ? 0 : end)
                if keep < end, ftruncate(descriptor, off_t(keep)) != 0 {
                    throw .write(path: indexPath, reason: "cannot cut a torn line: " + DurableFile.errnoText())
                }
            }
        }
        try DurableFile.writeAll(descriptor, line, path: indexPath)
        guard fsync(descriptor) == 0 else { throw .write(path: indexPath, reason: "fsync: " + DurableFile.errnoText()) }
    }

    /// Rewrites the index from the record files, atomically, under the lock, and removes
    /// temporary files left by writers that died more than an hour ago.
    @discardableResult
    public func reindex() throws(HistoryError) -> HistoryScan {
        try lock.withLock { () throws(HistoryError) -> HistoryScan in
            let listing = try listRecordFiles()
            var scan = readRecords(listing.files)
            scan.warnings = listing.warnings + scan.warnings
            try writeIndex(scan.entries)
            do throws(HistoryError) {
                try rewriteDigests(files: listing.files)
            } catch {
                scan.warnings.append(Self.digestWarning(error))
            }
            removeStaleTemporaryFiles(listing.folders + [digestFolder])
            return scan
        }
    }

    /// Replaces the index with `entries`; the caller holds the lock.
    func writeIndex(_ entries: [HistoryIndexEntry]) throws(HistoryError) {
        var data = Data()
        for entry in entries { data += try Self.encodeIndexLine(entry, path: indexPath) }
        try DurableFile.makeFolder(root)
        try DurableFile.write(data, to: indexPath)
    }

    func removeStaleTemporaryFiles(_ folders: [String]) {
        let cutoff = Date().addingTimeInterval(-3600)
        for folder in [root] + folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where name.hasPrefix(DurableFile.temporaryPrefix) {
                let path = folder + "/" + name
                if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                    modified < cutoff
                {
                    unlink(path)
                }
            }
        }
    }

    // MARK: Reading

    /// The runs in the store, from the index where it agrees with the record files.
    public func scan() throws(HistoryError) -> HistoryScan {
        let listing = try listRecordFiles()
        var warnings = listing.warnings
        let index = readIndex()
        guard let lines = index.entries else {
            if let damage = index.warning { warnings.append(damage) }
            var scan = readRecords(listing.files)
            scan.warnings = warnings + scan.warnings
            return scan
        }
        var byFile: [String: HistoryIndexEntry] = [:]
        for entry in lines where entry.version == HistoryIndexEntry.version {
            byFile[entry.file] = entry
        }
        var entries: [HistoryIndexEntry] = []
        var missing: [String] = []
        for file in listing.files {
            if let entry = byFile[file], Self.relativePath(forID: entry.id) == file {
                entries.append(entry)
            } else {
                missing.append(file)
            }
        }
        let stale = !missing.isEmpty || byFile.count != entries.count || lines.count != entries.count
        if !missing.isEmpty {
            let found = readRecords(missing)
            entries += found.entries
            warnings += found.warnings
        }
        entries.sort(by: HistoryIndexEntry.chronological)
        return HistoryScan(entries: entries, warnings: warnings, source: stale ? .indexAndRecords : .index)
    }

    /// Reads one run's record.
    public func load(_ entry: HistoryIndexEntry) throws(HistoryError) -> HistoryRecord {
        try readRecord(relative: entry.file)
    }

    /// Reads the records of `entries`, skipping (and warning about) damaged ones.
    public func loadAll(_ entries: [HistoryIndexEntry]) -> (records: [HistoryRecord], warnings: [Diagnostic]) {
        var records: [HistoryRecord] = []
        var warnings: [Diagnostic] = []
        for entry in entries {
            do {
                records.append(try load(entry))
            } catch {
                warnings.append(error.diagnostic())
            }
        }
        return (records, warnings)
    }

    /// Record files (relative paths), oldest first by name; a store that does not exist yet
    /// is empty, not an error.
    func listRecordFiles() throws(HistoryError) -> (files: [String], folders: [String], warnings: [Diagnostic]) {
        var files: [String] = []
        var folders: [String] = []
        var warnings: [Diagnostic] = []
        for month in try listMonths() {
            guard let listed = listMonth(month) else { continue }
            files += listed.files
            warnings += listed.warnings
            if listed.listed { folders.append(runsFolder + "/" + month) }
        }
        return (files, folders, warnings)
    }

    /// The names in `runs/` (month folders, `YYYY-MM`), sorted; none when the store does not
    /// exist yet.
    func listMonths() throws(HistoryError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runsFolder, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw .folder(path: runsFolder, reason: "it is not a folder") }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: runsFolder).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw .folder(path: runsFolder, reason: error.localizedDescription)
        }
    }

    /// The record files of one month folder (`runs/YYYY-MM`), oldest first by name; nil when it
    /// is not a folder. Unlistable folders and stray names are warned about.
    func listMonth(_ month: String) -> (files: [String], warnings: [Diagnostic], listed: Bool)? {
        let folder = runsFolder + "/" + month
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return ([], [HistoryError.folder(path: folder, reason: "it cannot be listed; its runs are left out").diagnostic()], false)
        }
        var files: [String] = []
        var warnings: [Diagnostic] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let relative = "runs/\(month)/\(name)"
            let id = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
            if Self.relativePath(forID: id) == relative {
                files.append(relative)
            } else {
                warnings.append(
                    Diagnostic(.note, code: "history.stray-file",
                        "not a record name (runs/YYYY-MM/<time>-<16 hex>.json); ignored", file: folder + "/" + name))
            }
        }
        return (files, warnings, true)
    }

    /// Index entries from the records themselves.
    func readRecords(_ files: [String]) -> HistoryScan {
        var entries: [HistoryIndexEntry] = []
        var warnings: [Diagnostic] = []
        for file in files {
            do {
                let header: RecordHeader = try readDocument(relative: file)
                entries.append(HistoryIndexEntry(header: header, file: file))
            } catch {
                warnings.append(error.diagnostic())
            }
        }
        entries.sort(by: HistoryIndexEntry.chronological)
        return HistoryScan(entries: entries, warnings: warnings, source: .records)
    }

    func readRecord(relative: String) throws(HistoryError) -> HistoryRecord {
        try readDocument(relative: relative)
    }

    /// A record file as `T` (the whole record, or its header), checked against its file name.
    func readDocument<T: Decodable & SchemaTagged & Identified>(relative: String) throws(HistoryError) -> T {
        try readDocumentAndBytes(relative: relative).document
    }

    /// A run's record and the bytes it was read from (which `export --format ndjson` passes on).
    public func loadWithBytes(_ entry: HistoryIndexEntry) throws(HistoryError) -> (record: HistoryRecord, bytes: Data) {
        let (record, bytes): (HistoryRecord, Data) = try readDocumentAndBytes(relative: entry.file)
        return (record, bytes)
    }

    func readDocumentAndBytes<T: Decodable & SchemaTagged & Identified>(relative: String) throws(HistoryError) -> (document: T, bytes: Data) {
        let path = root + "/" + relative
        let data = try Self.readFile(path, limit: Self.maxRecordBytes)
        let document: T = try Self.decode(data, path: path, schemas: HistoryRecord.readableTags)
        guard Self.relativePath(forID: document.id) == relative else {
            throw .damaged(path: path, reason: "its id '\(document.id.prefix(60))' does not match its file name")
        }
        return (document, data)
    }

    /// The index lines, or nil with a warning when the index is missing or damaged.
    ///
    /// A last line without its newline is a line being appended right now (readers take no
    /// lock) or one left by a writer that died mid-write: it is ignored, not reported, and the
    /// record it stood for is found by listing the files.
    func readIndex() -> (entries: [HistoryIndexEntry]?, warning: Diagnostic?) {
        guard FileManager.default.fileExists(atPath: indexPath) else { return (nil, nil) }
        let data: Data
        do {
            data = try Self.readFile(indexPath, limit: 1 << 30)
        } catch {
            return (nil, error.diagnostic())
        }
        let decoder = JSONDecoder()
        var entries: [HistoryIndexEntry] = []
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if data.last != 0x0A { lines.removeLast() }
        for (offset, line) in lines.enumerated() where !line.isEmpty {
            guard let entry = try? decoder.decode(HistoryIndexEntry.self, from: Data(line)) else {
                return (nil, Diagnostic(.warning, code: "history.damaged-index",
                    "line \(offset + 1) of the index is damaged; reading every record instead (`qgate history reindex` rebuilds it)",
                    file: indexPath, line: offset + 1))
            }
            entries.append(entry)
        }
        return (entries, nil)
    }

    // MARK: Encoding

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encodeRecord(_ record: HistoryRecord, path: String) throws(HistoryError) -> Data {
        do {
            return try encoder(pretty: false).encode(record) + Data("\n".utf8)
        } catch {
            throw .write(path: path, reason: "cannot encode the record: \(error)")
        }
    }

    static func encodeIndexLine(_ entry: HistoryIndexEntry, path: String) throws(HistoryError) -> Data {
        do {
            return try encoder(pretty: false).encode(entry) + Data("\n".utf8)
        } catch {
            throw .write(path: path, reason: "cannot encode an index line: \(error)")
        }
    }

    static func readFile(_ path: String, limit: Int) throws(HistoryError) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .read(path: path, reason: "no such file")
        }
        if let size = attributes[.size] as? Int, size > limit {
            throw .tooLarge(path: path, bytes: size, limit: limit)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .read(path: path, reason: error.localizedDescription)
        }
    }

    /// A file mapped into memory rather than copied (the digest: tens of MB of which a review
    /// decodes a part). Safe because digest files are only ever appended to or replaced by
    /// rename, never truncated in place.
    static func mapFile(_ path: String, limit: Int) throws(HistoryError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .read(path: path, reason: DurableFile.errnoText()) }
        guard Int(info.st_size) <= limit else { throw .tooLarge(path: path, bytes: Int(info.st_size), limit: limit) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .read(path: path, reason: error.localizedDescription)
        }
    }

    /// Decodes a schema-tagged document, telling "another schema version" from "damaged".
    ///
    /// The document is parsed once when it is well-formed; only a failure parses it again, for
    /// its `schema` tag alone, to say which of the two it is.
    static func decode<T: Decodable & SchemaTagged>(_ data: Data, path: String, schema: String) throws(HistoryError) -> T {
        try decode(data, path: path, schemas: [schema])
    }

    /// `decode` accepting any of `schemas` (the last is the current one, named in errors).
    static func decode<T: Decodable & SchemaTagged>(_ data: Data, path: String, schemas: [String]) throws(HistoryError) -> T {
        let schema = schemas.last!
        if let document = try? JSONDecoder().decode(T.self, from: data), schemas.contains(document.schema) {
            return document
        }
        let tag: SchemaTag
        do {
            tag = try JSONDecoder().decode(SchemaTag.self, from: data)
        } catch {
            throw .damaged(path: path, reason: data.isEmpty ? "the file is empty" : "not a JSON object (\(shortReason(error)))")
        }
        guard let found = tag.schema else { throw .damaged(path: path, reason: "no `schema` tag") }
        guard schemas.contains(found) else {
            let family = schema.prefix { $0 != "/" }
            if found.hasPrefix(family + "/") { throw .unsupportedSchema(path: path, schema: found) }
            throw .damaged(path: path, reason: "its schema is '\(found.prefix(60))', not '\(schema)'")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .damaged(path: path, reason: shortReason(error))
        }
    }

    /// A one-line account of a decoding error: what is wrong, and where in the document.
    static func shortReason(_ error: any Error) -> String {
        func place(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing '\(key.stringValue)' at \(place(context.codingPath))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type at \(place(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context)?:
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "invalid at \(place(context.codingPath)): \(underlying ?? context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// Just the `schema` member of a document, read when the whole does not decode.
struct SchemaTag: Decodable {
    var schema: String?
}

/// A document that names its format and version in a `schema` member.
protocol SchemaTagged {
    var schema: String { get }
}

/// A record or its header: the id its file is named after.
protocol Identified {
    var id: String { get }
}

extension HistoryRecord: SchemaTagged, Identified {}
extension RecordHeader: Identified {}
extension RollupFile: SchemaTagged {}
