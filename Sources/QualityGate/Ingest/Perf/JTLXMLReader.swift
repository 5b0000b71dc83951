/// Reads a JMeter JTL XML (`<testResults><httpSample t lb rc s ts …>`) through the streaming
/// libxml2 reader, so memory stays flat like the CSV reader.
///
/// Only samples directly under `<testResults>` count: nested samples are sub-results (embedded
/// resources, transaction children) that JMeter already folds into their parent.
struct JTLXMLReader {
    static let formatName = "JMeter JTL XML"

    final class Handler: XMLEventHandler {
        let path: String
        var table = SeriesTable()
        var bad = BadRows()
        var rows = 0
        var sawRoot = false

        init(path: String) { self.path = path }

        func startElement(_ name: XMLBytes, _ attributes: XMLAttributeList, in stream: XMLEventStream) {
            if stream.depth == 1 {
                guard name == "testResults" else {
                    stream.stop(.invalid(file: path, line: stream.line, column: stream.column, format: JTLXMLReader.formatName, reason: "root element is not <testResults>"))
                    return
                }
                sawRoot = true
                return
            }
            guard stream.depth == 2, name == "httpSample" || name == "sample" else { return }
            guard let label = attributes["lb"], let elapsed = attributes["t"]?.int, elapsed >= 0 else {
                bad.add(line: stream.line, "<\(name.string)> without a label (lb) or a numeric elapsed time (t)")
                return
            }
            let status = attributes["rc"].flatMap { $0.isEmpty ? nil : ($0.int ?? 0) }
            let error = attributes["s"].map { !($0 == "true") } ?? status.map { $0 >= 400 || $0 == 0 } ?? false
            let start = attributes["ts"]?.int.map(Double.init)
            let index = table.index(of: label.buffer) { SampleSeries(method: nil, name: label.string) }
            table.record(index, milliseconds: Double(elapsed), error: error, status: status, start: start)
            rows += 1
        }

        func endElement(_ name: XMLBytes, in stream: XMLEventStream) {}
    }

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        let handler = Handler(path: path)
        try XMLEventStream(path: path, handler: handler).run()
        try handler.bad.check(file: path, format: Self.formatName, rows: handler.rows)
        guard handler.rows > 0 else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "no samples under <testResults>")
        }
        return PerfResult(
            path: path, format: .jmeterXML, detectedBy: detectedBy, series: handler.table.result(),
            percentiles: handler.table.method, badRows: handler.bad.count, rows: handler.rows,
            warnings: handler.bad.warnings(rows: handler.rows))
    }
}
