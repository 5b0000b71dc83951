extension SpecDiffReport {
    /// Writes the report as `JSONEncoder` would (same bytes, see `PrettyJSONWriter`), in
    /// chunks, so that a diff with hundreds of thousands of changes is never held twice
    /// in memory.
    func writeJSON(to sink: @escaping ([UInt8]) -> Void) {
        var json = PrettyJSONWriter(sink: sink)
        json.beginObject()
        json.key("base")
        Self.write(base, into: &json)
        json.key("changes")
        json.beginArray()
        // Through the buffer: reading each change from the array would copy (retain) it.
        changes.withUnsafeBufferPointer { buffer in
            let layout = ChangeLayout(depth: json.depth, changes: buffer)
            defer { layout.deallocate() }
            json.elements(count: buffer.count) { writer, index in
                writer.rawElement { bytes in layout.write(change: index, into: &bytes) }
            }
        }
        json.endArray()
        json.key("counts")
        json.beginObject()
        for (level, count) in counts.sorted(by: { $0.key < $1.key }) { json.member(level, count) }
        json.endObject()
        json.key("revision")
        Self.write(revision, into: &json)
        json.member("schema", schema)
        json.key("warnings")
        json.beginArray()
        for warning in warnings { Self.write(warning, into: &json) }
        json.endArray()
        json.endObject()
        json.finish()
    }

    /// The whole document as one string (tests, `--output` of small reports).
    public var jsonText: String {
        var bytes: [UInt8] = []
        writeJSON { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ side: Side, into json: inout PrettyJSONWriter) {
        json.beginObject()
        json.member("dialect", side.dialect)
        json.member("openapi", side.openapi)
        json.member("operations", side.operations)
        json.member("spec", side.spec)
        json.member("version", side.version)
        json.endObject()
    }

    private static func write(_ diagnostic: Diagnostic, into json: inout PrettyJSONWriter) {
        json.beginObject()
        json.member("code", diagnostic.code)
        if let column = diagnostic.column { json.member("column", column) }
        json.member("file", diagnostic.file)
        if let line = diagnostic.line { json.member("line", line) }
        json.member("message", diagnostic.message)
        json.member("severity", diagnostic.severity.rawValue)
        json.endObject()
    }
}

/// The bytes of one change as `PrettyJSONWriter`'s member calls lay it out (sorted keys,
/// two spaces per level), written with the separators and keys made once: a big report
/// (Stripe: 200,000+ changes, 240 MB) spent most of its formatting time on that layout
/// bookkeeping. `SpecDiffReportJSONTests` hold it to `JSONEncoder`'s bytes.
///
/// Reads the changes and the quoted file names through raw memory, valid while the report is
/// written (`deallocate` after): the formatting threads then touch no reference count that
/// the other thread touches too (a shared string's count is a contended cache line).
private struct ChangeLayout: @unchecked Sendable {
    /// The nesting level of the change objects (the array's elements).
    let depth: Int
    private let changes: UnsafeBufferPointer<SpecChange>
    /// Every file name quoted and escaped, one after the other; `fileRanges[number]` is
    /// where the name of file `number` is.
    private let quotedFiles: UnsafeMutableBufferPointer<UInt8>
    private let fileRanges: UnsafeMutableBufferPointer<Range<Int>>

    init(depth: Int, changes: UnsafeBufferPointer<SpecChange>) {
        self.depth = depth
        self.changes = changes
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for name in SpecFileNames.snapshot() {
            let start = bytes.count
            PrettyJSONWriter.appendQuoted(name, to: &bytes)
            ranges.append(start..<bytes.count)
        }
        quotedFiles = .allocate(capacity: max(bytes.count, 1))
        _ = quotedFiles.initialize(from: bytes)
        fileRanges = .allocate(capacity: max(ranges.count, 1))
        _ = fileRanges.initialize(from: ranges)
    }

    func deallocate() {
        quotedFiles.deallocate()
        fileRanges.deallocate()
    }

    /// Comma (unless the first member), newline and indentation before a member at `level`;
    /// from a literal, so that no shared array's reference count is touched by the
    /// formatting threads.
    private static func separate(first: Bool, level: Int, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
        var left = 2 * level
        while left > 0 {
            let run = min(left, 64)
            spaces.withUTF8Buffer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<run])) }
            left -= run
        }
    }

    private static let spaces: StaticString = "                                                                "

    /// Newline, indentation and the closing brace of an object at `level`.
    private static func close(level: Int, into out: inout [UInt8]) {
        separate(first: true, level: level, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Change number `index`.
    func write(change index: Int, into out: inout [UInt8]) {
        write(changes[index], into: &out)
    }

    private func write(_ change: borrowing SpecChange, into out: inout [UInt8]) {
        let level = depth + 1
        out.append(UInt8(ascii: "{"))
        var started = false
        func member(_ key: StaticString) {
            Self.separate(first: !started, level: level, into: &out)
            started = true
            Self.append(key, to: &out)
        }
        if let base = change.base {
            member("\"base\" : ")
            write(base, level: level, into: &out)
        }
        member("\"id\" : ")
        PrettyJSONWriter.appendQuoted(change.id, to: &out)
        member("\"level\" : ")
        PrettyJSONWriter.appendQuoted(change.level.rawValue, to: &out)
        member("\"message\" : ")
        PrettyJSONWriter.appendQuoted(change.message, to: &out)
        if let method = change.method {
            member("\"method\" : ")
            PrettyJSONWriter.appendQuoted(method, to: &out)
        }
        if let path = change.path {
            member("\"path\" : ")
            PrettyJSONWriter.appendQuoted(path, to: &out)
        }
        if let revision = change.revision {
            member("\"revision\" : ")
            write(revision, level: level, into: &out)
        }
        Self.close(level: depth, into: &out)
    }

    /// A position object whose key sits at `level`.
    private func write(_ position: borrowing SpecPosition, level: Int, into out: inout [UInt8]) {
        let inner = level + 1
        out.append(UInt8(ascii: "{"))
        func member(_ key: StaticString, first: Bool = false) {
            Self.separate(first: first, level: inner, into: &out)
            Self.append(key, to: &out)
        }
        member("\"column\" : ", first: true)
        Self.appendDecimal(position.column, to: &out)
        member("\"file\" : ")
        let number = Int(position.fileNumber)
        if number < fileRanges.count {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: quotedFiles[fileRanges[number]]))
        } else {
            PrettyJSONWriter.appendQuoted(position.file, to: &out)
        }
        member("\"line\" : ")
        Self.appendDecimal(position.line, to: &out)
        member("\"pointer\" : ")
        PrettyJSONWriter.appendQuoted(position.pointer, to: &out)
        Self.close(level: level, into: &out)
    }

    /// A literal's bytes in one copy (appending a `String`'s `utf8` view went byte by byte).
    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// `value` in decimal, as `String(value)` spells it, without making the string.
    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value >= 0 else { return out.append(contentsOf: Array(String(value).utf8)) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = UInt(value), start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
