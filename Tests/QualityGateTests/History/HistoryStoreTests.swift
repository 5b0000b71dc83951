import Foundation
import Testing

@testable import QualityGate

@Suite("History store")
struct HistoryStoreTests {
    @Test("a record round-trips through its file and the index; names are time + 16 hex digits")
    func roundTrip() throws {
        let store = HistoryFixtures.store()
        let record = HistoryFixtures.record("2026-11-20T10:00:00.250Z", metrics: [
            RecordedMetric(name: "tests.pass_rate", labels: ["suite": "unit"], value: 99.5),
            RecordedMetric(name: "tests.total", value: 475),
        ])
        let path = try HistoryFixtures.append(record, to: store)
        #expect(path.hasPrefix(store.root + "/runs/2026-11/20261120T100000.250Z-"))
        #expect(path.hasSuffix(".json"))
        #expect(HistoryStore.isValidID(record.id))

        let scan = try store.scan()
        #expect(scan.source == .index)
        #expect(scan.warnings.isEmpty)
        #expect(scan.entries.map(\.id) == [record.id])
        #expect(scan.entries[0].recordedAt.description == "2026-11-20T10:00:00.250Z")
        #expect(try store.load(scan.entries[0]) == record)

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"schema\":\"qgate.history-record/2\""))
        #expect(text.contains("\"recorded_at\":\"2026-11-20T10:00:00.250Z\""))
        #expect(!FileManager.default.fileExists(atPath: store.root + "/runs/2026-11/.tmp-" + record.id))
    }

    @Test("ids: exact shape only; two ids made in the same millisecond differ")
    func ids() {
        let now = HistoryFixtures.time("2026-01-02T03:04:05.006Z")
        let first = HistoryStore.newID(at: now)
        let second = HistoryStore.newID(at: now)
        #expect(first != second)
        #expect(first.hasPrefix("20260102T030405.006Z-"))
        #expect(HistoryStore.relativePath(forID: first) == "runs/2026-01/\(first).json")
        for bad in ["", "../../etc/passwd", "20260102T030405.006Z-../../../x", "20260102T030405.006Z-ABCDEF0123456789",
                    "/etc/passwd", "20260102T030405.006Z-0123456789abcdef/", "20260102T030405.006Z-0123456789abcde\u{0}"] {
            #expect(HistoryStore.relativePath(forID: bad) == nil, "\(bad)")
        }
    }

    @Test("branch names become one safe path component: no /, no leading dot, no NUL, at most 73 bytes")
    func safeNames() {
        #expect(SafePathComponent.make("main") == "main")
        #expect(SafePathComponent.make("release-1.2_x") == "release-1.2_x")
        let tricky = [
            "../../etc", "/etc/passwd", "..", ".", "", "a\u{0}b", "feature/x", "feature_x~deadbeef", "C:\\Windows",
            ".hidden", "ветка", String(repeating: "x", count: 10_000), String(repeating: "../", count: 500),
        ]
        var seen: [String: String] = [:]
        for name in tricky {
            let safe = SafePathComponent.make(name)
            #expect(!safe.isEmpty)
            #expect(!safe.contains("/") && !safe.contains("\\") && !safe.contains("\u{0}"), "\(safe)")
            #expect(!safe.hasPrefix("."), "\(safe)")
            #expect(safe != ".." && safe != ".")
            #expect(safe.utf8.count <= SafePathComponent.maxLength + 9)
            #expect(safe.utf8.allSatisfy { $0 < 0x80 })
            if let other = seen[safe] { Issue.record("\(name.prefix(20)) and \(other.prefix(20)) both became \(safe)") }
            seen[safe] = name
        }
        // A rewritten name never equals a name kept as it is.
        #expect(SafePathComponent.make("feature/x") != SafePathComponent.make("feature_x"))
        #expect(SafePathComponent.make("feature/x") == SafePathComponent.make("feature/x"))
    }

    @Test("branch path tricks: records and roll-ups stay inside the store")
    func pathTricks() throws {
        let store = HistoryFixtures.store()
        let branches = ["../../etc", "/etc/passwd", "a\u{0}b", String(repeating: "../", count: 200), ".."]
        for branch in branches {
            try HistoryFixtures.append(HistoryFixtures.record("2026-01-05T10:00:00Z", branch: branch), to: store)
        }
        let report = try store.prune(RetentionPolicy(keepDays: 30), now: HistoryFixtures.time("2026-11-22T00:00:00Z"))
        #expect(report.prunedRuns == branches.count)
        #expect(report.rollupFiles.count == branches.count)
        let parent = (store.root as NSString).deletingLastPathComponent
        let outside = try FileManager.default.contentsOfDirectory(atPath: parent)
        #expect(outside == ["history"], "only the store was written in its parent folder: \(outside)")
        for file in report.rollupFiles {
            let standardized = URL(fileURLWithPath: store.root + "/" + file).standardizedFileURL.path
            #expect(standardized.hasPrefix(URL(fileURLWithPath: store.root).standardizedFileURL.path + "/rollups/"), "\(file)")
            #expect(file.split(separator: "/").count == 3, "\(file)")
        }
        let rollups = store.rollups()
        #expect(rollups.warnings.isEmpty)
        #expect(Set(rollups.files.map(\.branch)) == Set(branches))
    }

    @Test("a missing index falls back to the records; reindex rebuilds it")
    func missingIndex() throws {
        let store = HistoryFixtures.store()
        for day in 1...3 { try HistoryFixtures.append(HistoryFixtures.record("2026-11-0\(day)T12:00:00Z"), to: store) }
        try FileManager.default.removeItem(atPath: store.root + "/index.jsonl")
        let scan = try store.scan()
        #expect(scan.source == .records)
        #expect(scan.entries.count == 3)
        #expect(scan.warnings.isEmpty)
        let rebuilt = try store.reindex()
        #expect(rebuilt.entries == scan.entries)
        #expect(try store.scan().source == .index)
        let lines = try String(contentsOfFile: store.root + "/index.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
    }

    @Test("a stale index (record without its line, line without its record) is completed from the files")
    func staleIndex() throws {
        let store = HistoryFixtures.store()
        let kept = HistoryFixtures.record("2026-11-01T12:00:00Z")
        let removed = HistoryFixtures.record("2026-11-02T12:00:00Z")
        try HistoryFixtures.append(kept, to: store)
        let removedPath = try HistoryFixtures.append(removed, to: store)
        let index = try String(contentsOfFile: store.root + "/index.jsonl", encoding: .utf8)
        // A writer killed between its rename and its index line:
        let unindexed = HistoryFixtures.record("2026-11-03T12:00:00Z")
        let data = try HistoryStore.encodeRecord(unindexed, path: "x")
        let path = store.root + "/" + HistoryStore.relativePath(forID: unindexed.id)!
        try data.write(to: URL(fileURLWithPath: path))
        // A record deleted by hand:
        try FileManager.default.removeItem(atPath: removedPath)

        let scan = try store.scan()
        #expect(scan.source == .indexAndRecords)
        #expect(scan.entries.map(\.id) == [kept.id, unindexed.id])
        #expect(scan.warnings.isEmpty)
        #expect(index.split(separator: "\n").count == 2)
    }

    @Test("a damaged index line: one warning naming the index, every record read; a torn last line is cut off")
    func damagedIndex() throws {
        let store = HistoryFixtures.store()
        for day in 1...2 { try HistoryFixtures.append(HistoryFixtures.record("2026-11-0\(day)T12:00:00Z"), to: store) }
        let indexPath = store.root + "/index.jsonl"
        let original = try String(contentsOfFile: indexPath, encoding: .utf8)
        try ("{\"v\":1,\"id\":" + "\n" + original).write(toFile: indexPath, atomically: false, encoding: .utf8)
        var scan = try store.scan()
        #expect(scan.source == .records)
        #expect(scan.entries.count == 2)
        #expect(scan.warnings.count == 1)
        #expect(scan.warnings.first?.code == "history.damaged-index")
        #expect(scan.warnings.first?.file == indexPath)
        #expect(scan.warnings.first?.line == 1)

        // A torn last line (being appended, or a writer killed mid-append) is ignored, not
        // reported; the next writer cuts it off before appending.
        try (original + "{\"v\":1,\"id\":\"2026").write(toFile: indexPath, atomically: false, encoding: .utf8)
        scan = try store.scan()
        #expect(scan.source == .index)
        #expect(scan.warnings.isEmpty)
        #expect(scan.entries.count == 2)
        let third = HistoryFixtures.record("2026-11-03T12:00:00Z")
        try HistoryFixtures.append(third, to: store)
        let lines = try String(contentsOfFile: indexPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "2 lines, the new one, and the final newline: \(lines)")
        #expect(lines[2].contains(third.id))
        scan = try store.scan()
        #expect(scan.source == .index)
        #expect(scan.entries.count == 3)
        #expect(scan.warnings.isEmpty)

        // A torn index with no complete line at all.
        try "{\"v\":1".write(toFile: indexPath, atomically: false, encoding: .utf8)
        try HistoryFixtures.append(HistoryFixtures.record("2026-11-04T12:00:00Z"), to: store)
        #expect(try String(contentsOfFile: indexPath, encoding: .utf8).split(separator: "\n").count == 1)
        scan = try store.scan()
        #expect(scan.source == .indexAndRecords)
        #expect(scan.entries.count == 4)
        try store.reindex()
        #expect(try store.scan().source == .index)
    }

    @Test("a garbled record is skipped with one warning naming it; the others are read")
    func damagedRecord() throws {
        let store = HistoryFixtures.store()
        var paths: [String] = []
        for day in 1...3 { paths.append(try HistoryFixtures.append(HistoryFixtures.record("2026-11-0\(day)T12:00:00Z"), to: store)) }
        try Data("{\"schema\":\"qgate.history-record/1\",\"id\":".utf8).write(to: URL(fileURLWithPath: paths[1]))
        try FileManager.default.removeItem(atPath: store.root + "/index.jsonl")

        let scan = try store.scan()
        #expect(scan.entries.count == 2)
        #expect(scan.warnings.count == 1)
        #expect(scan.warnings[0].file == paths[1])
        #expect(scan.warnings[0].code == "history.damaged")
        #expect(scan.warnings[0].description.contains("damaged history file, skipped"))

        // Through an intact index, loading the record reports it the same way.
        let reindexed = try store.reindex()
        #expect(reindexed.entries.count == 2)
        try HistoryFixtures.append(HistoryFixtures.record("2026-11-04T12:00:00Z"), to: store)
        let loaded = store.loadAll(try store.scan().entries)
        #expect(loaded.records.count == 3)
        #expect(loaded.warnings.isEmpty)
    }

    @Test("other damage: empty file, wrong id, a newer schema, not JSON; stray names are ignored with a note")
    func otherDamage() throws {
        let store = HistoryFixtures.store()
        let good = HistoryFixtures.record("2026-11-01T12:00:00Z")
        try HistoryFixtures.append(good, to: store)
        func plant(_ when: String, _ body: (HistoryRecord) throws -> Data) throws -> String {
            let record = HistoryFixtures.record(when)
            let path = store.root + "/" + HistoryStore.relativePath(forID: record.id)!
            try body(record).write(to: URL(fileURLWithPath: path))
            return path
        }
        let empty = try plant("2026-11-02T12:00:00Z") { _ in Data() }
        let wrongID = try plant("2026-11-03T12:00:00Z") { _ in try HistoryStore.encodeRecord(good, path: "x") }
        let newer = try plant("2026-11-04T12:00:00Z") { _ in Data("{\"schema\":\"qgate.history-record/3\"}".utf8) }
        let binary = try plant("2026-11-05T12:00:00Z") { _ in Data([0xFF, 0x00, 0x7B]) }
        _ = FileManager.default.createFile(atPath: store.root + "/runs/2026-11/notes.txt", contents: Data("hi".utf8))

        let scan = try store.scan()
        #expect(scan.entries.map(\.id) == [good.id])
        let byFile = Dictionary(grouping: scan.warnings.filter { $0.severity == .warning }, by: { $0.file ?? "" })
        #expect(byFile[empty]?.first?.message.contains("the file is empty") == true)
        #expect(byFile[wrongID]?.first?.message.contains("does not match its file name") == true)
        #expect(byFile[newer]?.first?.code == "history.unsupported-schema")
        #expect(byFile[binary]?.first?.code == "history.damaged")
        #expect(byFile.count == 4)
        #expect(scan.warnings.filter { $0.severity == .note }.map(\.code) == ["history.stray-file"])
    }

    @Test("a store on a file is an error naming it; an index that cannot be written leaves the record and warns")
    func writeFailures() throws {
        let files = TestFiles()
        let blocker = files.write("not-a-folder", "x")
        let store = HistoryStore(root: blocker)
        do {
            _ = try store.append(HistoryFixtures.record("2026-11-01T12:00:00Z"))
            Issue.record("a store on a file was written")
        } catch {
            #expect(error.code == "history.folder")
            #expect(error.description.contains("not-a-folder"))
        }

        let healthy = HistoryFixtures.store()
        try FileManager.default.createDirectory(atPath: healthy.root + "/index.jsonl", withIntermediateDirectories: true)
        let record = HistoryFixtures.record("2026-11-01T12:00:00Z")
        let appended = try healthy.append(record)
        #expect(FileManager.default.fileExists(atPath: appended.path))
        #expect(appended.warnings.count == 1)
        #expect(appended.warnings.first?.message.contains("qgate history reindex") == true)
        let scan = try healthy.scan()
        #expect(scan.entries.map(\.id) == [record.id])
    }

    @Test("UTC times: formatted with milliseconds, parsed from dates, times and offsets")
    func utcTimes() throws {
        let time = HistoryFixtures.time("2026-11-22T01:07:12.123Z")
        #expect(time.description == "2026-11-22T01:07:12.123Z")
        #expect(time.compact == "20261122T010712.123Z")
        #expect(time.day == "2026-11-22")
        #expect(time.startOfDay.description == "2026-11-22T00:00:00.000Z")
        #expect(UTCTime(parsing: "2026-11-22T03:07:12.123+02:00") == time)
        #expect(UTCTime(parsing: "2026-11-22")?.description == "2026-11-22T00:00:00.000Z")
        #expect(UTCTime(parsing: "1969-12-31T23:59:59.999Z")?.description == "1969-12-31T23:59:59.999Z")
        for bad in ["", "2026-13-01", "2026-11-22T25:00Z", "yesterday", "2026-11-22T01:07:12", "2026-11-22T01:07:12.Z"] {
            #expect(UTCTime(parsing: bad) == nil, "\(bad)")
        }
        let now = HistoryFixtures.time("2026-11-22T12:00:00Z")
        #expect(TimeWindow.start("7d", now: now)?.description == "2026-11-15T12:00:00.000Z")
        #expect(TimeWindow.start("12h", now: now)?.description == "2026-11-22T00:00:00.000Z")
        #expect(TimeWindow.start("2w", now: now)?.description == "2026-11-08T12:00:00.000Z")
        #expect(TimeWindow.start("2026-11-01", now: now)?.description == "2026-11-01T00:00:00.000Z")
        #expect(TimeWindow.start("7x", now: now) == nil)
        #expect(TimeWindow.start("99999999999999999d", now: now) == nil)
    }
}
