/// `qgate history list`: the runs in the store, newest first.
public struct HistoryListCommand: Sendable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case text, json
    }

    public var location: HistoryLocation
    public var branch: String?
    public var since: String?
    public var limit: Int?
    public var format: Format
    public var now: UTCTime

    public init(
        location: HistoryLocation, branch: String? = nil, since: String? = nil, limit: Int? = nil, format: Format = .text,
        now: UTCTime = .now()
    ) {
        self.location = location
        self.branch = branch
        self.since = since
        self.limit = limit
        self.format = format
        self.now = now
    }

    /// One listed run (the index entry without its line-format version).
    struct ListedRun: Encodable {
        var id: String
        var recordedAt: UTCTime
        var branch: String?
        var commit: String?
        var mergeBase: String?
        var status: Verdict.Status
        var summary: String
        var file: String
    }

    struct Listing: Encodable {
        var schema = "qgate.history-list/1"
        var store: String
        var source: HistoryScan.Source
        var total: Int
        var runs: [ListedRun]
        var warnings: [Diagnostic]
    }

    public func run() -> CommandResult {
        CommandFailure.catching(list)
    }

    func list() throws(CommandFailure) -> CommandResult {
        if let limit, limit < 0 { throw CommandFailure(HistoryLocation.usage("--limit must be 0 or more")) }
        let (store, scan) = try location.scan()
        var entries = try HistorySelection(branch: branch, since: since).entries(scan, now: now)
        entries.reverse()
        if let limit { entries = Array(entries.prefix(limit)) }
        let runs = entries.map {
            ListedRun(
                id: $0.id, recordedAt: $0.recordedAt, branch: $0.branch, commit: $0.commit, mergeBase: $0.mergeBase,
                status: $0.status, summary: $0.summary, file: $0.file)
        }
        let stdout = switch format {
        case .json:
            JSONRenderer.render(
                Listing(store: store.root, source: scan.source, total: scan.entries.count, runs: runs, warnings: scan.warnings))
        case .text:
            Self.text(runs, total: scan.entries.count, store: store.root)
        }
        return CommandResult(stdout: stdout, stderr: HistoryLocation.warningLines(scan.warnings), exitCode: 0)
    }

    static func text(_ runs: [ListedRun], total: Int, store: String) -> String {
        let header = ["RECORDED (UTC)", "BRANCH", "COMMIT", "STATUS", "RUN"]
        let rows = runs.map { run in
            [
                run.recordedAt.description, TerminalText.clean(run.branch ?? "-"),
                TerminalText.clean(String((run.commit ?? "-").prefix(12))), run.status.rawValue, run.id,
            ]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], min(cell.count, 40)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = rows.isEmpty ? [] : [line(header)] + rows.map(line)
        let noun = total == 1 ? "run" : "runs"
        lines.append("\(runs.count) of \(total) \(noun) in \(TerminalText.clean(store))")
        return lines.joined(separator: "\n") + "\n"
    }
}
