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
        let outcome = Gate().run(config, base: base, diffFile: diffFile)
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
        if record || baseline { useHistory(outcome, config: config, into: &result) }
        return result
    }

    /// Chooses the baseline (`--baseline`) and appends the run to the store (`--record`). The
    /// verdict's exit code stands; a store that cannot be written is an error on stderr and,
    /// when the gate passed, exit code 4, so that a CI job never believes a run was recorded
    /// when it was not.
    func useHistory(_ outcome: GateOutcome, config: GateConfig, into result: inout CommandResult) {
        let store = HistoryStore(root: historyPath ?? config.historyPath)
        let (context, warnings) = RunContext.resolve(
            overrides: overrides, environment: environment, directory: config.baseDirectory, base: base)
        result.stderr += warnings.map { "qgate: " + TerminalText.clean($0.description) }
        var choice: BaselineChoice?
        if baseline {
            do {
                let scan = try store.scan()
                result.stderr += HistoryLocation.warningLines(scan.warnings)
                let repository = try? GitRepository.discover(from: config.baseDirectory)
                choice = BaselineSelector().select(scan.entries, context: context, repository: repository)
            } catch {
                choice = BaselineChoice(reason: "no baseline: \(error.description)")
            }
            result.stderr.append("qgate: " + TerminalText.clean(choice!.reason))
        }
        guard record else { return }
        let now = UTCTime.now()
        var record = HistoryRecord(
            outcome: outcome, id: HistoryStore.newID(at: now), recordedAt: now, context: context, config: configPath,
            environment: .current())
        record.baseline = choice?.run
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
