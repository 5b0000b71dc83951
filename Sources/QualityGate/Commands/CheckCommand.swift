import Foundation

/// `qgate check`: read the config, evaluate, render, and map the verdict to an exit code.
public struct CheckCommand: Sendable {
    public var configPath: String
    public var format: OutputFormat
    /// Write the rendering here instead of stdout (stdout then gets the text summary).
    public var outputPath: String?
    public var color: Bool
    /// `--base`: the ref that patch coverage is measured against.
    public var base: String?
    /// `--diff`: a unified diff file for patch coverage instead of git.
    public var diffFile: String?
    /// `--record`: append this run to the history store once the verdict is known.
    public var record = false
    /// `--history`: the store folder, instead of the config's `history.path`.
    public var historyPath: String?
    /// `--baseline`: choose the recorded run this one compares with, and say which.
    public var baseline = false
    /// `--commit`, `--branch`, ...: what CI variables and git would otherwise say.
    public var overrides = RunContext.Overrides()
    /// The environment CI variables are read from (the process environment by default).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(
        configPath: String, format: OutputFormat = .text, outputPath: String? = nil, color: Bool = false,
        base: String? = nil, diffFile: String? = nil
    ) {
        self.base = base
        self.diffFile = diffFile
        self.configPath = configPath
        self.format = format
        self.outputPath = outputPath
        self.color = color
    }

    public func run() -> CommandResult {
        let config: GateConfig
        do {
            config = try ConfigLoader().load(path: configPath)
        } catch {
            return CommandResult(stderr: error.description.split(separator: "\n").map { "qgate: " + $0 }, exitCode: CommandResult.Code.usage)
        }
        let store = HistoryStore(root: historyPath ?? config.historyPath)
        let readsHistory = baseline || config.history.baseline == .always
            || (config.history.baseline == .auto && config.wantsHistory)
        // Where the run happened (CI variables, git) matters only to the store.
        var stderr: [String] = []
        var context = RunContext()
        var history: HistoryInput?
        if record || readsHistory {
            let (resolved, warnings) = RunContext.resolve(
                overrides: overrides, environment: environment, directory: config.baseDirectory, base: base)
            context = resolved
            stderr += warnings.map { "qgate: " + TerminalText.clean($0.description) }
            if readsHistory { history = readHistory(store, config: config, context: context, into: &stderr) }
        }
        let outcome = Gate().run(config, base: base, diffFile: diffFile, history: history)
        let verdict = outcome.verdict
        let rendered = Self.render(verdict, format: format, color: color && outputPath == nil)
        var result = CommandResult(exitCode: Int32(verdict.exitCode))
        if let outputPath {
            do {
                try OutputFile.write(rendered, to: outputPath)
            } catch {
                return CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.usage)
            }
            result.stdout = TextRenderer(color: color).render(verdict)
        } else {
            result.stdout = rendered
        }
        result.stderr = stderr
        if record { recordRun(outcome, store: store, context: context, baseline: history?.choice, into: &result) }
        return result
    }

    /// Chooses the baseline run and reads what the comparison needs: the baseline record, the
    /// recent runs of its branch (regressions, flip rates) and earlier records of this commit.
    /// A store that cannot be read gives no baseline (delta KPIs are then NEUTRAL), not an error.
    func readHistory(_ store: HistoryStore, config: GateConfig, context: RunContext, into stderr: inout [String]) -> HistoryInput {
        let scan: HistoryScan
        do {
            scan = try store.scan()
        } catch {
            let choice = BaselineChoice(reason: "no baseline: \(error.description)")
            stderr.append("qgate: " + TerminalText.clean(choice.reason))
            return HistoryInput(choice: choice)
        }
        stderr += HistoryLocation.warningLines(scan.warnings)
        let repository = try? GitRepository.discover(from: config.baseDirectory)
        let choice = BaselineSelector().select(scan.entries, context: context, repository: repository)
        stderr.append("qgate: " + TerminalText.clean(choice.reason))
        var input = HistoryInput(choice: choice)
        input.fingerprint = EnvironmentFingerprint.current().fingerprint
        let size = max(config.history.regressions?.window ?? 0, config.history.flaky.window)
        var windowEntries = scan.entries.filter { $0.branch == choice.branch && $0.status != .error }
        if let run = choice.run {
            windowEntries = windowEntries.filter { !HistoryIndexEntry.chronological(scan.entries.first { $0.id == run.id } ?? $0, $0) }
        }
        // Records of this commit are the current side (reruns), never baseline samples.
        let commit = context.commit?.lowercased()
        let rerunEntries = commit.map { commit in scan.entries.filter { $0.commit?.lowercased() == commit && $0.status != .error } } ?? []
        if let commit { windowEntries.removeAll { $0.commit?.lowercased() == commit } }
        let loaded = store.loadAll(Array(windowEntries.suffix(size)))
        let reruns = store.loadAll(rerunEntries)
        stderr += HistoryLocation.warningLines(loaded.warnings + reruns.warnings)
        input.window = loaded.records
        input.reruns = reruns.records
        if let run = choice.run {
            input.baseline = loaded.records.last { $0.id == run.id }
            if input.baseline == nil, let entry = scan.entries.first(where: { $0.id == run.id }) {
                do {
                    input.baseline = try store.load(entry)
                } catch {
                    stderr.append("qgate: warning: the baseline run cannot be read: \(error.description)")
                }
            }
        }
        return input
    }

    /// Appends the run to the store (`--record`). The verdict's exit code stands; a store that
    /// cannot be written is an error on stderr and, when the gate passed, exit code 4, so that a
    /// CI job never believes a run was recorded when it was not.
    func recordRun(
        _ outcome: GateOutcome, store: HistoryStore, context: RunContext, baseline: BaselineChoice?, into result: inout CommandResult
    ) {
        let now = UTCTime.now()
        var record = HistoryRecord(
            outcome: outcome, id: HistoryStore.newID(at: now), recordedAt: now, context: context, config: configPath,
            environment: .current())
        record.baseline = baseline?.run
        do {
            let appended = try store.append(record)
            result.stderr += appended.warnings.map { "qgate: " + $0.description }
            result.stderr.append("qgate: recorded run \(record.id) in \(store.root)")
        } catch {
            result.stderr.append("qgate: error: this run was not recorded: \(error.description)")
            if result.exitCode == CommandResult.Code.pass { result.exitCode = CommandResult.Code.historyError }
        }
    }

    public static func render(_ verdict: Verdict, format: OutputFormat, color: Bool) -> String {
        switch format {
        case .text: TextRenderer(color: color).render(verdict)
        case .markdown: MarkdownRenderer().render(verdict)
        case .json: JSONRenderer.render(verdict)
        }
    }
}
