import ArgumentParser
import Foundation
import QualityGate

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `qgate` command: argument parsing and wiring only; the work is in `QualityGate`.
struct QGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qgate",
        abstract: "A CI quality gate: test results held to KPI targets, with a verdict, JSON and markdown.",
        discussion: """
            Exit codes:
              0  pass (warnings and AT_RISK KPIs allowed)
              1  the gate failed: a KPI at or above `fail_on` is OFF_TRACK
              2  usage or config error
              3  an input could not be read (missing, empty, truncated, not a test report)
            """,
        version: "0.1.0",
        subcommands: [Check.self, Inspect.self]
    )

    /// ArgumentParser exits 64 on usage errors; qgate's contract is 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == CommandResult.Code.gateFailed
                || code.rawValue == CommandResult.Code.inputError
            {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileOutput.standardError(message) }
            Glibc.exit(CommandResult.Code.usage)
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    var enabled: Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nil
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension JUnitReader.TimeUnit: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the configured inputs, evaluate the KPIs and print the verdict.",
        discussion: """
            Examples:
              qgate check --config qgate.yml
              qgate check --config qgate.yml --format markdown > "$GITHUB_STEP_SUMMARY"
              qgate check --config qgate.yml --format json --output verdict.json

            Input patterns in the config are relative to the config file's folder.
            """)

    @Option(name: .shortAndLong, help: "The config file (YAML or JSON).")
    var config = "qgate.yml"

    @Option(name: .shortAndLong, help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the output to this file; stdout then gets the text summary.")
    var output: String?

    @Option(help: "Colour for text output: auto (on a TTY without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        try FileOutput.emit(CheckCommand(configPath: config, format: format, outputPath: output, color: color.enabled).run())
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what qgate reads from artifact files: format, dialect, counts, warnings, metrics.",
        discussion: """
            Examples:
              qgate inspect build/test-results/*.xml
              qgate inspect --format json 'build/test-results/**/*.xml'
            """)

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Unit of JUnit `time` attributes: s, ms or ns.")
    var timeUnit: JUnitReader.TimeUnit = .seconds

    @Argument(help: "Files or globs (quote a glob to let qgate expand `**`).")
    var paths: [String]

    func run() throws {
        try FileOutput.emit(InspectCommand(paths: paths, format: format, timeUnit: timeUnit).run())
    }
}

enum FileOutput {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }

    static func emit(_ result: CommandResult) throws {
        if !result.stdout.isEmpty {
            FileHandle.standardOutput.write(Data(result.stdout.utf8))
        }
        for line in result.stderr { standardError(line) }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

QGate.main()
