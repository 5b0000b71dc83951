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
        // By index: iterating the array by value would copy (retain) every change once more.
        let changes = changes
        json.elements(count: changes.count) { writer, index in Self.write(changes[index], into: &writer) }
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

    private static func write(_ change: SpecChange, into json: inout PrettyJSONWriter) {
        json.beginObject()
        if let base = change.base { json.key("base"); write(base, into: &json) }
        json.member("id", change.id)
        json.member("level", change.level.rawValue)
        json.member("message", change.message)
        json.member("method", change.method)
        json.member("path", change.path)
        if let revision = change.revision { json.key("revision"); write(revision, into: &json) }
        json.endObject()
    }

    private static func write(_ position: SpecPosition, into json: inout PrettyJSONWriter) {
        json.beginObject()
        json.member("column", position.column)
        json.member("file", position.file)
        json.member("line", position.line)
        json.member("pointer", position.pointer)
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
