/// `qgate history export`: the store's runs as OpenMetrics, CSV or NDJSON.
public struct HistoryExportCommand: Sendable {
    public var location: HistoryLocation
    public var format: HistoryExporter.Format
    public var branch: String?
    public var since: String?
    /// Write here (atomically) instead of stdout.
    public var outputPath: String?
    public var now: UTCTime

    public init(
        location: HistoryLocation, format: HistoryExporter.Format, branch: String? = nil, since: String? = nil,
        outputPath: String? = nil, now: UTCTime = .now()
    ) {
        self.location = location
        self.format = format
        self.branch = branch
        self.since = since
        self.outputPath = outputPath
        self.now = now
    }

    public func run() -> CommandResult {
        CommandFailure.catching(export)
    }

    func export() throws(CommandFailure) -> CommandResult {
        let (store, scan) = try location.scan()
        let entries = try HistorySelection(branch: branch, since: since).entries(scan, now: now)
        var warnings = scan.warnings
        var text = ""
        var count = 0
        if format == .ndjson {
            // Entries are oldest first, the order the exporter uses.
            for entry in entries {
                do {
                    let (record, bytes) = try store.loadWithBytes(entry)
                    text += HistoryExporter.ndjsonLine(record, stored: bytes)
                    count += 1
                } catch {
                    warnings.append(error.diagnostic())
                }
            }
        } else {
            let loaded = store.loadAll(entries)
            text = HistoryExporter(format: format).export(loaded.records)
            warnings += loaded.warnings
            count = loaded.records.count
        }
        return try HistoryLocation.output(text, warnings: warnings, to: outputPath, written: "exported \(count) run(s)")
    }
}
