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

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        var columns: Columns?
        var separator: UInt8 = 0x2C
        var table = SeriesTable()
        var bad = BadRows()
        var rows = 0
        var fields = CSVFields()
        var pending: [UInt8] = []
        var pendingLine = 0

        func header(_ line: ByteLine) throws(InputError) -> Columns {
            let text = line.text
            separator = text.contains(",") ? 0x2C : text.contains("\t") ? 0x09 : text.contains(";") ? 0x3B : 0x2C
            let names = text.split(separator: Character(UnicodeScalar(separator)), omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            func find(_ name: String) -> Int? { names.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame } }
            let missing = ["elapsed", "label"].filter { find($0) == nil }
            guard missing.isEmpty, let elapsed = find("elapsed"), let label = find("label") else {
                throw .invalid(
                    file: path, line: line.number, column: 0, format: Self.formatName,
                    reason: "the header lacks the required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (it has: \(names.prefix(20).joined(separator: ",")))")
            }
            return Columns(
                elapsed: elapsed, label: label, success: find("success"), responseCode: find("responseCode"),
                timeStamp: find("timeStamp"), count: names.count)
        }

        let bounds = FieldBounds(capacity: 64)

        func row(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, columns: Columns) -> Bool {
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

        let summary = try LineStream(path: path, format: Self.formatName).forEachLine { (line) throws(InputError) in
            guard let columns else {
                if !line.isEmpty { columns = try header(line) }
                return
            }
            if !pending.isEmpty {
                pending.append(0x0A)
                pending.append(contentsOf: line.bytes)
                let done = pending.withUnsafeBufferPointer { row($0, number: pendingLine, columns: columns) }
                if done {
                    pending.removeAll(keepingCapacity: true)
                } else if pending.count > 1_000_000 {
                    bad.add(line: pendingLine, "a quoted field is never closed")
                    pending.removeAll(keepingCapacity: true)
                }
                return
            }
            if line.isEmpty { return }
            if !row(line.bytes, number: line.number, columns: columns) {
                pending = Array(line.bytes)
                pendingLine = line.number
            }
        }
        if !pending.isEmpty { bad.add(line: pendingLine, "a quoted field is never closed") }
        guard summary.sawContent else { throw .empty(file: path) }
        try bad.check(file: path, format: Self.formatName, rows: rows)
        if rows == 0 {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "the file has a header but no samples")
        }
        return PerfResult(
            path: path, format: .jmeterCSV, detectedBy: detectedBy, series: table.result(), percentiles: table.method,
            badRows: bad.count, rows: rows, warnings: bad.warnings(rows: rows))
    }
}
