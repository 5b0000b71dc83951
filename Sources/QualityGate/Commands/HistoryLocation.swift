import Foundation

/// Which store a `qgate history` command works on: `--history DIR`, else the config's
/// `history.path` (when `--config` is given, or `qgate.yml` exists), else `.qgate/history`.
public struct HistoryLocation: Sendable, Hashable {
    /// `--history`.
    public var history: String?
    /// `--config`, and whether the user named it (an implicit `qgate.yml` that does not exist
    /// is not an error).
    public var config: String
    public var configGiven: Bool

    public init(history: String? = nil, config: String = "qgate.yml", configGiven: Bool = false) {
        self.history = history
        self.config = config
        self.configGiven = configGiven
    }

    /// The store, or the usage error to print (exit code 2).
    func store() throws(CommandFailure) -> HistoryStore {
        try configured().store
    }

    /// The store and the config's `history:` settings (nil when no config is read).
    func configured() throws(CommandFailure) -> (store: HistoryStore, settings: HistorySettings?) {
        if let history {
            guard !history.isEmpty else { throw CommandFailure(Self.usage("--history needs a folder")) }
            guard configGiven else { return (HistoryStore(root: history), nil) }
        }
        guard configGiven || FileManager.default.fileExists(atPath: config) else {
            return (HistoryStore(root: HistoryStore.defaultPath), nil)
        }
        do {
            let loaded = try ConfigLoader().load(path: config)
            return (HistoryStore(root: history ?? loaded.historyPath), loaded.history)
        } catch {
            throw CommandFailure(
                CommandResult(stderr: error.description.split(separator: "\n").map { "qgate: " + $0 }, exitCode: CommandResult.Code.usage))
        }
    }

    /// The store and what reading it found.
    func scan() throws(CommandFailure) -> (store: HistoryStore, scan: HistoryScan) {
        let store = try store()
        do {
            return (store, try store.scan())
        } catch {
            throw Self.storeError(error)
        }
    }

    static func usage(_ message: String) -> CommandResult {
        CommandResult(stderr: ["qgate: " + message], exitCode: CommandResult.Code.usage)
    }

    static func storeError(_ error: HistoryError) -> CommandFailure {
        CommandFailure(CommandResult(stderr: ["qgate: error: " + error.description], exitCode: CommandResult.Code.historyError))
    }

    static func warningLines(_ warnings: [Diagnostic]) -> [String] {
        warnings.map { "qgate: " + TerminalText.clean($0.description) }
    }

    /// `text` on stdout, or written atomically to `outputPath` with `written` said on stderr;
    /// the warnings on stderr either way. A file that cannot be written is a usage error.
    static func output(_ text: String, warnings: [Diagnostic], to outputPath: String?, written: String) throws(CommandFailure)
        -> CommandResult
    {
        var result = CommandResult(stderr: warningLines(warnings), exitCode: 0)
        guard let outputPath else {
            result.stdout = text
            return result
        }
        do {
            try OutputFile.write(text, to: outputPath)
        } catch {
            throw CommandFailure(CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.usage))
        }
        result.stderr.append("qgate: \(written) to \(outputPath)")
        return result
    }
}

/// Runs of a store picked by `--branch` and `--since`, shared by `list` and `export`.
struct HistorySelection {
    var branch: String?
    var since: String?

    /// The matching entries (oldest first), or the usage error for a bad `--since`.
    func entries(_ scan: HistoryScan, now: UTCTime) throws(CommandFailure) -> [HistoryIndexEntry] {
        var start: UTCTime?
        if let since {
            guard let parsed = TimeWindow.start(since, now: now) else {
                throw CommandFailure(HistoryLocation.usage("--since '\(since)' is not \(TimeWindow.help)"))
            }
            start = parsed
        }
        return scan.entries.filter { entry in
            (branch == nil || entry.branch == branch) && (start == nil || entry.recordedAt >= start!)
        }
    }
}

/// A command that stops early, with what it prints and its exit code.
struct CommandFailure: Error {
    var result: CommandResult

    init(_ result: CommandResult) {
        self.result = result
    }

    /// Runs a command body, turning an early stop into its result.
    static func catching(_ body: () throws(CommandFailure) -> CommandResult) -> CommandResult {
        do {
            return try body()
        } catch {
            return error.result
        }
    }
}
