import Foundation

/// Reads a JMeter JTL CSV (one raw sample per row) into per-label series.
///
/// The header names the columns (their set and order are configurable in JMeter), so columns
/// are found by name: `elapsed` and `label` are required; `success`, `responseCode` and
/// `timeStamp` are used when present. Streams the file: memory is one read buffer plus the
/// series, whatever the row count (see `LatencyDistribution`, `SeriesTable`).
struct JTLCSVReader {
    static let formatName = "JMeter JTL CSV"

    struct Columns {
        var elapsed: Int
        var label: Int
        var success: Int?
        var responseCode: Int?
        var timeStamp: Int?
        var count: Int
        /// Fields a row must have: one past the last column used (computed once, not per row).
        var needed: Int

        init(elapsed: Int, label: Int, success: Int?, responseCode: Int?, timeStamp: Int?, count: Int) {
            self.elapsed = elapsed
            self.label = label
            self.success = success
            self.responseCode = responseCode
            self.timeStamp = timeStamp
            self.count = count
            needed = [elapsed, label, success ?? 0, responseCode ?? 0, timeStamp ?? 0].max()! + 1
        }
    }

    /// The byte ranges of the columns a row contributes.
    struct UsedFields {
        var elapsed: Range<Int> = 0..<0
        var label: Range<Int> = 0..<0
        var success: Range<Int>?
        var responseCode: Range<Int>?
        var timeStamp: Range<Int>?

        init() {}

        @inline(__always)
        init(_ columns: Columns, _ range: (Int) -> Range<Int>) {
            elapsed = range(columns.elapsed)
            label = range(columns.label)
            success = columns.success.map(range)
            responseCode = columns.responseCode.map(range)
            timeStamp = columns.timeStamp.map(range)
        }
    }

    /// Files at least this large (uncompressed) are read in two parts on two threads.
    var parallelBytes = 64 << 20

    /// The rows of one part of the file: its own series, bad rows and splitters. Confined to the
    /// one thread that reads that part, hence `@unchecked Sendable`.
    final class Chunk: @unchecked Sendable {
        let columns: Columns
        let separator: UInt8
        var table = SeriesTable()
        var bad = BadRows()
        var rows = 0
        var lines = 0
        var failure: InputError?
        private var fields = CSVFields()
        private let bounds = FieldBounds(capacity: 64)
        private var pending: [UInt8] = []
        private var pendingLine = 0

        init(columns: Columns, separator: UInt8) {
            self.columns = columns
            self.separator = separator
        }

        /// One line after the header; `number` is its line number (in the part, for a later part).
        func line(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) {
            if !pending.isEmpty {
                pending.append(0x0A)
                pending.append(contentsOf: bytes)
                let done = pending.withUnsafeBufferPointer { row($0, number: pendingLine) }
                if done {
                    pending.removeAll(keepingCapacity: true)
                } else if pending.count > 1_000_000 {
                    bad.add(line: pendingLine, "a quoted field is never closed")
                    pending.removeAll(keepingCapacity: true)
                }
                return
            }
            if bytes.isEmpty { return }
            if !row(bytes, number: number) {
                pending = Array(bytes)
                pendingLine = number
            }
        }

        func finish() {
            if !pending.isEmpty { bad.add(line: pendingLine, "a quoted field is never closed") }
            pending = []
        }

        /// Records one row; false when it ends inside a quoted field (the next line continues it).
        private func row(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> Bool {
            // The fields this reader uses, from the fast splitter or, for quoted rows, CSVFields.
            var used = UsedFields()
            var found: Int
            if columns.needed <= bounds.capacity, bounds.scan(bytes, separator: separator, maxFields: columns.needed) {
                found = bounds.count
                if found >= columns.needed { used = UsedFields(columns, bounds.range) }
            } else {
                fields.split(bytes, separator: separator, maxFields: columns.needed)
                if fields.openQuote { return false }
                found = fields.ranges.count
                if found >= columns.needed { used = UsedFields(columns) { fields.ranges[$0] } }
            }
            guard found >= columns.needed else {
                bad.add(line: number, "\(found) field\(found == 1 ? "" : "s"), the header names \(columns.count)")
                return true
            }
            guard let elapsed = CSVFields.number(bytes, used.elapsed), elapsed >= 0 else {
                bad.add(line: number, "elapsed '\(CSVFields.text(bytes, used.elapsed).prefix(40))' is not a number of milliseconds")
                return true
            }
            var status: Int?
            if let range = used.responseCode, !range.isEmpty {
                status = CSVFields.integer(bytes, range) ?? 0
            }
            var error: Bool
            if let range = used.success, !range.isEmpty {
                let first = bytes[range.lowerBound] | 0x20
                error = first != UInt8(ascii: "t")
            } else {
                error = status.map { $0 >= 400 || $0 == 0 } ?? false
            }
            let start = used.timeStamp.flatMap { CSVFields.number(bytes, $0) }
            let labelRange = used.label
            let key = UnsafeBufferPointer(rebasing: bytes[labelRange])
            let index = table.index(of: key) {
                SampleSeries(method: nil, name: CSVFields.text(bytes, labelRange))
            }
            table.record(index, milliseconds: elapsed, error: error, status: status, start: start)
            rows += 1
            return true
        }

        /// Adds a later part's rows; its line numbers are shifted by `lineOffset`.
        func absorb(_ other: Chunk, lineOffset: Int) {
            table.merge(other.table)
            bad.absorb(other.bad, lineOffset: lineOffset)
            rows += other.rows
        }
    }

    /// Columns from the header line, or the one-line error naming what is missing.
    func header(_ text: String, line: Int, path: String) throws(InputError) -> (Columns, UInt8) {
        let separator: UInt8 = text.contains(",") ? 0x2C : text.contains("\t") ? 0x09 : text.contains(";") ? 0x3B : 0x2C
        let names = text.split(separator: Character(UnicodeScalar(separator)), omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        func find(_ name: String) -> Int? { names.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame } }
        let missing = ["elapsed", "label"].filter { find($0) == nil }
        guard missing.isEmpty, let elapsed = find("elapsed"), let label = find("label") else {
            throw .invalid(
                file: path, line: line, column: 0, format: Self.formatName,
                reason: "the header lacks the required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (it has: \(names.prefix(20).joined(separator: ",")))")
        }
        let columns = Columns(
            elapsed: elapsed, label: label, success: find("success"), responseCode: find("responseCode"),
            timeStamp: find("timeStamp"), count: names.count)
        return (columns, separator)
    }

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let chunk: Chunk
        if let parallel = try readParallel(path: path) {
            chunk = parallel
        } else {
            chunk = try readSequential(path: path)
        }
        try chunk.bad.check(file: path, format: Self.formatName, rows: chunk.rows)
        if chunk.rows == 0 {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "the file has a header but no samples")
        }
        return PerfResult(
            path: path, format: .jmeterCSV, detectedBy: detectedBy, series: chunk.table.result(), percentiles: chunk.table.method,
            badRows: chunk.bad.count, rows: chunk.rows, warnings: chunk.bad.warnings(rows: chunk.rows))
    }

    /// One pass over the whole file (any size, gzip too).
    func readSequential(path: String) throws(InputError) -> Chunk {
        var chunk: Chunk?
        let summary = try LineStream(path: path, format: Self.formatName).forEachLine { (line) throws(InputError) in
            guard let chunk else {
                if !line.isEmpty {
                    let (columns, separator) = try header(line.text, line: line.number, path: path)
                    chunk = Chunk(columns: columns, separator: separator)
                }
                return
            }
            chunk.line(line.bytes, number: line.number)
        }
        guard summary.sawContent, let chunk else { throw .empty(file: path) }
        chunk.finish()
        return chunk
    }

    /// Two parts on two threads for a large plain file whose first line is the header; nil when
    /// the file does not qualify (small, gzip, blank first line), so the caller reads it in one pass.
    /// The series merge exactly (sketches add bucket by bucket), so the result is the same.
    func readParallel(path: String) throws(InputError) -> Chunk? {
        let file = try InputFile.open(path)
        var info = stat()
        guard fstat(fileno(file), &info) == 0, Int(info.st_size) >= parallelBytes else {
            fclose(file)
            return nil
        }
        let size = Int(info.st_size)
        var head = [UInt8](repeating: 0, count: 64 * 1024)
        let count = head.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        guard count >= 2, !(head[0] == 0x1F && head[1] == 0x8B), let newline = head.prefix(count).firstIndex(of: 0x0A) else { return nil }
        var text = String(decoding: head[..<newline], as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.trimmingBlanks.trimmingCharacters(in: ["\r"])
        guard !text.isEmpty else { return nil }
        let (columns, separator) = try header(text, line: 1, path: path)
        let bodyStart = newline + 1
        let middle = bodyStart + (size - bodyStart) / 2
        let parts = [Chunk(columns: columns, separator: separator), Chunk(columns: columns, separator: separator)]
        let ranges = [(bodyStart, middle), (middle, size)]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let part = parts[index]
            do throws(InputError) {
                part.lines = try ByteRangeLines.forEach(path: path, from: ranges[index].0, to: ranges[index].1) { bytes, number in
                    part.line(bytes, number: index == 0 ? number + 1 : number)
                }
                part.finish()
            } catch {
                part.failure = error
            }
        }
        for part in parts { if let failure = part.failure { throw failure } }
        parts[0].absorb(parts[1], lineOffset: 1 + parts[0].lines)
        return parts[0]
    }
}
