import Foundation

/// `qgate history baseline`: which recorded run a run here would be compared with, and why.
public struct HistoryBaselineCommand: Sendable {
    public var location: HistoryLocation
    public var overrides: RunContext.Overrides
    public var environment: [String: String]
    /// Where git is asked (the current directory).
    public var directory: String
    public var json: Bool

    public init(
        location: HistoryLocation, overrides: RunContext.Overrides = RunContext.Overrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment, directory: String = ".", json: Bool = false
    ) {
        self.location = location
        self.overrides = overrides
        self.environment = environment
        self.directory = directory
        self.json = json
    }

    public func run() -> CommandResult {
        CommandFailure.catching(choose)
    }

    func choose() throws(CommandFailure) -> CommandResult {
        let scan = try location.scan().scan
        let (context, warnings) = RunContext.resolve(overrides: overrides, environment: environment, directory: directory)
        let repository = try? GitRepository.discover(from: directory)
        let choice = BaselineSelector().select(scan.entries, context: context, repository: repository)
        let stderr = HistoryLocation.warningLines(warnings + scan.warnings)
        if json { return CommandResult(stdout: JSONRenderer.render(choice), stderr: stderr, exitCode: 0) }
        return CommandResult(stdout: TerminalText.clean(choice.reason) + "\n", stderr: stderr, exitCode: 0)
    }
}
