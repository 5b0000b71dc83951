/// The store's derived digest: per month (`digest/YYYY-MM.qgd`), one binary frame per run with
/// the fields the weekly review reads, so that `qgate report` over a month of thousands of
/// runs reads one file per month instead of thousands of JSON records.
///
/// The digest is derived like `index.jsonl`: records stay the truth. `qgate check --record`
/// appends a frame under the store lock; a run without a frame (written by an older qgate,
/// copied in by hand, or whose writer died between the record and the frame) is read from its
/// record and its frame appended by the next report; `qgate history reindex` rewrites the files.
///
/// A frame is `QGD1`, the payload length (u32 LE), a 64-bit checksum of the payload, and the
/// payload. A reader skips a frame whose checksum does not match and looks for the next `QGD1`,
/// so a torn append (a writer killed mid-write) or a garbled region costs only the runs inside
/// it, and those are read from their records. Frames of runs that are no longer in `runs/`
/// (pruned) are ignored. Repeated key lists (the metric series, KPI ids, failing tests) are
/// stored per frame, so no frame depends on another, and the reader reuses the keys of the
/// previous frame when the bytes are the same.
enum RunDigest {
    static let magic: (UInt8, UInt8, UInt8, UInt8) = (0x51, 0x47, 0x44, 0x31)  // "QGD1"
    static let headerBytes = 16
    static let version: UInt8 = 1
    /// A frame claiming more is damaged (a record is at most `HistoryStore.maxRecordBytes`).
    static let maxPayloadBytes = 64 << 20
    /// Digest files larger than this are not read (the runs are read from their records).
    static let maxFileBytes = 2 << 30

    // MARK: Writing

    /// The frame of `record`, whose file holds `recordBytes` bytes (a reader trusts a frame only
    /// while the record file still has that size: a record truncated or rewritten since is read
    /// again, and reported if it is damaged).
    static func frame(_ record: HistoryRecord, recordBytes: Int) -> [UInt8] {
        var payload = ByteSink()
        payload.byte(version)
        payload.string(record.id)
        payload.varint(UInt64(recordBytes))
        payload.int64(record.recordedAt.milliseconds)
        for text in [record.commit, record.branch, record.baseBranch, record.config, record.environment.fingerprint] {
            payload.optionalString(text)
        }
        payload.string(record.verdict.status.rawValue)
        payload.varint(UInt64(max(0, record.tests.counts.total)))
        payload.block { sink in
            sink.varint(UInt64(record.verdict.results.count))
            for result in record.verdict.results { sink.string(result.id) }
        }
        for result in record.verdict.results {
            payload.byte((result.value != nil ? 1 : 0) | (result.margin != nil ? 2 : 0) | (result.unit != nil ? 4 : 0))
            if let value = result.value { payload.double(value) }
            if let margin = result.margin { payload.double(margin) }
            if let unit = result.unit { payload.string(unit) }
            payload.string(result.status.rawValue)
        }
        payload.block { sink in
            sink.varint(UInt64(record.metrics.count))
            for metric in record.metrics {
                sink.string(metric.name)
                let labels = metric.labels.sorted { $0.key < $1.key }
                sink.varint(UInt64(labels.count))
                for (key, value) in labels {
                    sink.string(key)
                    sink.string(value)
                }
            }
        }
        for metric in record.metrics { payload.double(metric.value) }
        for list in [record.tests.failing, record.tests.flaky, record.tests.skipped, record.tests.slowest.map(\.id)] {
            payload.block { sink in
                sink.varint(UInt64(list.count))
                for id in list { sink.string(id) }
            }
        }
        for timing in record.tests.slowest { payload.double(timing.seconds) }

        var frame: [UInt8] = [magic.0, magic.1, magic.2, magic.3]
        frame.reserveCapacity(headerBytes + payload.bytes.count)
        var length = UInt32(payload.bytes.count).littleEndian
        withUnsafeBytes(of: &length) { frame.append(contentsOf: $0) }
        var sum = payload.bytes.withUnsafeBytes { checksum($0) }.littleEndian
        withUnsafeBytes(of: &sum) { frame.append(contentsOf: $0) }
        frame.append(contentsOf: payload.bytes)
        return frame
    }

    /// A 64-bit checksum, eight bytes at a step: it finds torn and garbled frames, it is not
    /// a defence against someone who can write the store (they can rewrite the records too).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = ((hash ^ word) &* 0xFF51_AFD7_ED55_8CCD)
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    // MARK: Reading

    /// One valid frame, from its header fields (the rest is decoded on demand).
    struct Frame {
        /// The whole frame, for rewriting the file.
        var bytes: Range<Int>
        var payload: Range<Int>
        var id: String
        var recordBytes: UInt64
        var time: UTCTime
        var branch: String?
        /// Whether its checksum was checked; frames that sit between two intact frame starts
        /// are checked only when decoded (`verify`), so a review does not hash every month.
        var verified: Bool
    }

    /// The valid frames of one digest file, in file order.
    struct Scan {
        var frames: [Frame] = []
        /// Bytes skipped because they did not form a valid frame.
        var damagedBytes = 0
    }

    /// Finds every frame of `bytes` (magic, length in bounds, header fields readable, and either
    /// followed by another frame start or the end of the file, or a right checksum),
    /// resynchronising on the next `QGD1` after damage. Callers `verify` a frame before use.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Scan {
        var scan = Scan()
        var offset = 0
        var damagedFrom: Int?
        while offset + headerBytes <= bytes.count {
            guard isMagic(bytes, at: offset) else {
                if damagedFrom == nil { damagedFrom = offset }
                offset += 1
                continue
            }
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            let expected = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            let start = offset + headerBytes
            var verified = false
            var header: (id: String, recordBytes: UInt64, time: UTCTime, branch: String?)?
            if length <= maxPayloadBytes, start + length <= bytes.count {
                let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])
                let next = start + length
                let framed = next == bytes.count || (next + headerBytes <= bytes.count && isMagic(bytes, at: next))
                if !framed {
                    verified = checksum(payload) == expected
                }
                if framed || verified { header = try? Self.header(payload) }
            }
            guard let header else {
                if damagedFrom == nil { damagedFrom = offset }
                offset += 1
                continue
            }
            if let from = damagedFrom {
                scan.damagedBytes += offset - from
                damagedFrom = nil
            }
            scan.frames.append(
                Frame(
                    bytes: offset..<start + length, payload: start..<start + length, id: header.id, recordBytes: header.recordBytes,
                    time: header.time, branch: header.branch, verified: verified))
            offset = start + length
        }
        if let from = damagedFrom {
            scan.damagedBytes += bytes.count - from
        } else if offset < bytes.count {
            scan.damagedBytes += bytes.count - offset
        }
        return scan
    }

    /// One frame per run: the last of its frames that `usable` accepts, in file order. The last
    /// wins because a report appends a fresh frame for a run whose frame it could not use.
    static func current(_ frames: [Frame], where usable: (Frame) -> Bool) -> [Frame] {
        var latest: [String: Int] = [:]
        for (index, frame) in frames.enumerated() where usable(frame) { latest[frame.id] = index }
        return frames.indices.filter { latest[frames[$0].id] == $0 }.map { frames[$0] }
    }

    /// Whether `frame`'s payload has the checksum its header names.
    static func verify(_ frame: Frame, in bytes: UnsafeRawBufferPointer) -> Bool {
        frame.verified
            || checksum(UnsafeRawBufferPointer(rebasing: bytes[frame.payload]))
                == UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: frame.bytes.lowerBound + 8, as: UInt64.self))
    }

    static func header(_ payload: UnsafeRawBufferPointer) throws(ByteCursor.Failure) -> (
        id: String, recordBytes: UInt64, time: UTCTime, branch: String?
    ) {
        var cursor = ByteCursor(payload)
        guard try cursor.byte() == version else { throw .damaged }
        let id = try cursor.string()
        let recordBytes = try cursor.varint()
        let time = UTCTime(milliseconds: try cursor.int64())
        _ = try cursor.optionalString()
        return (id, recordBytes, time, try cursor.optionalString())
    }

    static func isMagic(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        bytes[offset] == magic.0 && bytes[offset + 1] == magic.1 && bytes[offset + 2] == magic.2 && bytes[offset + 3] == magic.3
    }

    /// The keys of the previous frame, reused when a frame's key block has the same bytes.
    struct KeyCache {
        var kpis = Slot()
        var series = Slot()
        var lists = [Slot](repeating: Slot(), count: 4)

        struct Slot {
            var bytes: [UInt8] = []
            var keys: [Int32] = []
            var valid = false

            func matches(_ block: UnsafeRawBufferPointer) -> Bool {
                guard valid, bytes.count == block.count else { return false }
                return bytes.withUnsafeBytes { memcmp($0.baseAddress!, block.baseAddress!, block.count) == 0 }
            }

            mutating func store(_ block: UnsafeRawBufferPointer, _ keys: [Int32]) {
                bytes = Array(block)
                self.keys = keys
                valid = true
            }
        }
    }

    /// Decodes one frame's payload into a row.
    static func row(
        _ payload: UnsafeRawBufferPointer, table: inout RunTable, keys: inout KeyCache
    ) throws(ByteCursor.Failure) -> RunTable.Row {
        var cursor = ByteCursor(payload)
        guard try cursor.byte() == version else { throw .damaged }
        let id = try cursor.string()
        _ = try cursor.varint()
        let time = UTCTime(milliseconds: try cursor.int64())
        let commit = try cursor.optionalString()
        let branch = try cursor.optionalString()
        let baseBranch = try cursor.optionalString()
        let config = try cursor.optionalString()
        let fingerprint = try cursor.optionalString()
        guard let status = Verdict.Status(rawValue: try cursor.string()) else { throw .damaged }
        let testTotal = Int(clamping: try cursor.varint())

        let kpiKeys = try keyBlock(&cursor, &keys.kpis) { cursor throws(ByteCursor.Failure) in
            table.kpiKey(try cursor.string())
        }
        var kpis: [RunTable.KPIValue] = []
        kpis.reserveCapacity(kpiKeys.count)
        for key in kpiKeys {
            let flags = try cursor.byte()
            let value = flags & 1 != 0 ? try cursor.double() : nil
            let margin = flags & 2 != 0 ? try cursor.double() : nil
            let unit = flags & 4 != 0 ? try cursor.string() : nil
            guard let kpiStatus = KPIStatus(rawValue: try cursor.string()) else { throw .damaged }
            kpis.append(RunTable.KPIValue(kpi: key, value: value, status: kpiStatus, margin: margin, unit: unit))
        }
        let seriesKeys = try keyBlock(&cursor, &keys.series) { cursor throws(ByteCursor.Failure) in
            let name = try cursor.string()
            let count = try cursor.count()
            var labels: [String: String] = [:]
            for _ in 0..<count {
                let key = try cursor.string()
                labels[key] = try cursor.string()
            }
            return table.seriesKey(name: name, labels: labels)
        }
        let values = try cursor.doubles(seriesKeys.count)
        var lists: [[Int32]] = []
        for slot in 0..<4 {
            lists.append(try keyBlock(&cursor, &keys.lists[slot]) { cursor throws(ByteCursor.Failure) in
                table.testKey(try cursor.string())
            })
        }
        let seconds = try cursor.doubles(lists[3].count)
        guard cursor.isAtEnd else { throw .damaged }
        return RunTable.Row(
            id: id, recordedAt: time, commit: commit, branch: branch, baseBranch: baseBranch, config: config,
            fingerprint: fingerprint, status: status, testTotal: testTotal, kpis: kpis, seriesKeys: seriesKeys, values: values,
            failing: lists[0], flaky: lists[1], skipped: lists[2],
            slowest: zip(lists[3], seconds).map { RunTable.Timing(test: $0, seconds: $1) })
    }

    /// A length-prefixed block of keys: the previous frame's keys when the bytes are equal,
    /// else each entry decoded by `entry`.
    static func keyBlock(
        _ cursor: inout ByteCursor, _ slot: inout KeyCache.Slot, entry: (inout ByteCursor) throws(ByteCursor.Failure) -> Int32
    ) throws(ByteCursor.Failure) -> [Int32] {
        let block = try cursor.bytes(try cursor.count())
        if slot.matches(block) { return slot.keys }
        var inner = ByteCursor(block)
        let count = try inner.count()
        var keys: [Int32] = []
        keys.reserveCapacity(count)
        for _ in 0..<count { keys.append(try entry(&inner)) }
        guard inner.isAtEnd else { throw .damaged }
        slot.store(block, keys)
        return keys
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
