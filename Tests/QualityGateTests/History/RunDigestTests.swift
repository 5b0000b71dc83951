import Foundation
import Testing

@testable import QualityGate

/// The store's derived digest (`digest/YYYY-MM.qgd`): written with each record, read by the
/// review, healed when it lacks runs, and never trusted over a damaged or changed record.
@Suite("History digest")
struct RunDigestTests {
    static let now = HistoryFixtures.time("2026-11-22T12:00:00Z")

    static func store(runs: Int = 12) throws -> (HistoryStore, [String]) {
        let store = HistoryFixtures.store()
        var paths: [String] = []
        for index in 0..<runs {
            let record = HistoryFixtures.record(
                String(format: "2026-11-%02dT%02d:00:00Z", 16 + index / 6, index % 6 * 3 + 1), branch: index % 3 == 0 ? "dev" : "main",
                commit: "c\(index)",
                metrics: [
                    RecordedMetric(name: "tests.pass_rate", value: 90 + Double(index)),
                    RecordedMetric(name: "latency.p95_ms", labels: ["endpoint": "GET /a", "zone": "eu"], value: 100 + Double(index)),
                ])
            paths.append(try HistoryFixtures.append(record, to: store))
        }
        return (store, paths)
    }

    func report(_ store: HistoryStore) -> CommandResult {
        ReportCommand(location: HistoryLocation(history: store.root), since: "7d", format: .json, now: Self.now).run()
    }

    func digestFiles(_ store: HistoryStore) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.root + "/digest")) ?? []).sorted()
    }

    @Test("record time writes a frame per run; the review from the digest equals the review from the records, which heals it")
    func sameReview() throws {
        let (store, _) = try Self.store()
        #expect(digestFiles(store) == ["2026-11.qgd"])
        let fromDigest = report(store)
        #expect(fromDigest.exitCode == 0 && fromDigest.stderr.isEmpty)
        let load = try store.reviewTable(since: HistoryFixtures.time("2026-11-15T00:00:00Z"), until: Self.now, branch: nil, lookback: 0)
        #expect(load.fromRecords == 0 && load.table.rows.count == 12)
        #expect(load.table.rows.map(\.commit) == (0..<12).map { "c\($0)" })
        #expect(load.table.series.map(\.display) == ["tests.pass_rate", #"latency.p95_ms{endpoint="GET /a",zone="eu"}"#])
        #expect(load.table.rows[5].failing.map { load.table.testIDs[Int($0)] } == ["Cart::removes"])

        try FileManager.default.removeItem(atPath: store.root + "/digest")
        let fromRecords = report(store)
        #expect(fromRecords.stdout == fromDigest.stdout)
        #expect(digestFiles(store) == ["2026-11.qgd"])
        let healed = try store.reviewTable(since: HistoryFixtures.time("2026-11-15T00:00:00Z"), until: Self.now, branch: "main", lookback: 0)
        #expect(healed.fromRecords == 0 && healed.table.rows.count == 8)
        #expect(report(store).stdout == fromDigest.stdout)
    }

    @Test("garbled and torn digest bytes: a note, the runs inside read from their records, the others from the digest")
    func damagedDigest() throws {
        let (store, _) = try Self.store()
        let expected = report(store).stdout
        let path = store.root + "/digest/2026-11.qgd"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let size = bytes.count
        for offset in stride(from: size / 3, to: size / 3 + 40, by: 1) { bytes[offset] ^= 0x5A }
        // A torn frame at the end, as a writer killed mid-append leaves it.
        bytes += Data(RunDigest.frame(HistoryFixtures.record("2026-11-20T00:00:00Z"), recordBytes: 10).prefix(30))
        try bytes.write(to: URL(fileURLWithPath: path))
        let load = try store.reviewTable(since: HistoryFixtures.time("2026-11-15T00:00:00Z"), until: Self.now, branch: nil, lookback: 0)
        #expect(load.table.rows.count == 12)
        #expect(load.fromRecords >= 1 && load.fromRecords <= 2)
        #expect((1...2).contains(load.warnings.count))
        #expect(load.warnings.allSatisfy { $0.description.contains("damaged") && $0.description.contains(path) })
        let result = report(store)
        #expect(result.stdout.contains("damaged"))
        // Apart from the note, the same review.
        #expect(result.stdout.replacingOccurrences(of: #""warnings" : \[[^\]]*\]"#, with: "", options: .regularExpression)
            == expected.replacingOccurrences(of: #""warnings" : \[[^\]]*\]"#, with: "", options: .regularExpression))
        // A record appended after the torn tail is read from its frame; reindex rewrites the file clean.
        try HistoryFixtures.append(HistoryFixtures.record("2026-11-21T00:00:00Z"), to: store)
        try store.reindex()
        let clean = try store.reviewTable(since: HistoryFixtures.time("2026-11-15T00:00:00Z"), until: Self.now, branch: nil, lookback: 0)
        #expect(clean.warnings.isEmpty && clean.fromRecords == 0 && clean.table.rows.count == 13)
    }

    @Test("a record changed after its frame was written is read again (and reported when it is damaged)")
    func changedRecord() throws {
        let (store, paths) = try Self.store()
        try Data("{\"schema\":".utf8).write(to: URL(fileURLWithPath: paths[4]))
        let load = try store.reviewTable(since: HistoryFixtures.time("2026-11-15T00:00:00Z"), until: Self.now, branch: nil, lookback: 0)
        #expect(load.table.rows.count == 11)
        #expect(load.warnings.count == 1 && load.warnings[0].description.contains(paths[4]))
    }

    @Test("prune drops the pruned runs' frames; runs outside the window and other branches are skipped")
    func pruned() throws {
        let (store, _) = try Self.store()
        let before = try Data(contentsOf: URL(fileURLWithPath: store.root + "/digest/2026-11.qgd")).count
        let pruned = try store.prune(RetentionPolicy(keepRuns: 4), now: Self.now)
        // Four runs per branch are kept: main loses four, dev has only four.
        #expect(pruned.prunedRuns == 4)
        let after = try Data(contentsOf: URL(fileURLWithPath: store.root + "/digest/2026-11.qgd")).count
        #expect(after < before && after > before / 2)
        let load = try store.reviewTable(since: HistoryFixtures.time("2026-11-01T00:00:00Z"), until: Self.now, branch: nil, lookback: 0)
        #expect(load.fromRecords == 0 && load.table.rows.map(\.commit) == ["c0", "c3", "c6", "c7", "c8", "c9", "c10", "c11"])
    }

    @Test("hostile digests: random bytes, magic sprinkled in, lengths and counts past the end: no crash, nothing read")
    func hostile() throws {
        var random = SystemRandomNumberGenerator()
        var table = RunTable()
        var keys = RunDigest.KeyCache()
        for round in 0..<200 {
            var bytes = (0..<(round * 37 % 4096)).map { _ in UInt8.random(in: 0...255, using: &random) }
            for offset in stride(from: 0, to: max(0, bytes.count - 16), by: 97) {
                bytes.replaceSubrange(offset..<offset + 4, with: [0x51, 0x47, 0x44, 0x31])
            }
            // A frame whose checksum is right but whose payload claims huge counts.
            var payload = ByteSink()
            payload.byte(RunDigest.version)
            payload.string("x")
            payload.varint(1)
            payload.int64(0)
            payload.byte(0)
            payload.byte(0)
            payload.varint(UInt64.max)
            var frame: [UInt8] = [0x51, 0x47, 0x44, 0x31]
            var length = UInt32(payload.bytes.count).littleEndian
            withUnsafeBytes(of: &length) { frame.append(contentsOf: $0) }
            var sum = payload.bytes.withUnsafeBytes { RunDigest.checksum($0) }.littleEndian
            withUnsafeBytes(of: &sum) { frame.append(contentsOf: $0) }
            bytes += frame + payload.bytes
            bytes.withUnsafeBytes { buffer in
                let scan = RunDigest.scan(buffer)
                // Only the planted frame has a right checksum and header; its body is damaged.
                #expect(scan.frames.map(\.id) == ["x"])
                for frame in scan.frames {
                    #expect(throws: ByteCursor.Failure.self) {
                        try RunDigest.row(UnsafeRawBufferPointer(rebasing: buffer[frame.payload]), table: &table, keys: &keys)
                    }
                }
            }
        }
        #expect(table.series.isEmpty && table.kpiIDs.isEmpty)
    }
}
