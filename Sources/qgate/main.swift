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
        abstract: "A CI quality gate: test results and coverage held to KPI targets, with a verdict, JSON and markdown.",
        discussion: """
            Exit codes:
              0  pass (warnings and AT_RISK KPIs allowed)
              1  the gate failed: a KPI at or above `fail_on` is OFF_TRACK
              2  usage or config error
              3  an input could not be read (missing, empty, truncated, malformed, unknown format)
            """,
        version: "0.1.0",
        subcommands: [Check.self, Inspect.self, DiffSpec.self]
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
              qgate check --config qgate.yml --base origin/main      # with patch coverage

            Input patterns in the config are relative to the config file's folder.
            Patch coverage takes the lines changed since the merge base of --base and HEAD
            (committed, staged and unstaged; renames followed, deletions ignored), or the
            lines added by a unified diff given with --diff.
            """)

    @Option(name: .shortAndLong, help: "The config file (YAML or JSON).")
    var config = "qgate.yml"

    @Option(name: .shortAndLong, help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the output to this file; stdout then gets the text summary.")
    var output: String?

    @Option(help: "Colour for text output: auto (on a TTY without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Git ref for patch coverage (e.g. origin/main); overrides coverage.patch.base.")
    var base: String?

    @Option(help: "Unified diff file for patch coverage instead of git; overrides --base.")
    var diff: String?

    func run() throws {
        try FileOutput.emit(
            CheckCommand(
                configPath: config, format: format, outputPath: output, color: color.enabled, base: base,
                diffFile: diff
            ).run())
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what qgate reads from artifact files: format, dialect, counts, warnings, metrics.",
        discussion: """
            Examples:
              qgate inspect build/test-results/*.xml
              qgate inspect --format json 'build/test-results/**/*.xml'
              qgate inspect --format json coverage/lcov.info build/cobertura.xml

            Formats are detected by content; `inspect` says which evidence it used.
            Coverage: LCOV (also .gz), Cobertura, JaCoCo, Clover, llvm-cov export JSON,
            Go coverprofile, coverage.py JSON, Istanbul coverage-final.json and
            coverage-summary.json, gcovr JSON. Coverage paths are mapped to the git
            repository of the working directory; unmatched ones are listed.
            """)

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Unit of JUnit `time` attributes: s, ms or ns.")
    var timeUnit: JUnitReader.TimeUnit = .seconds

    @Option(name: .customLong("input-format"), help: "Read every file as this format instead of detecting it (junit, lcov, cobertura, ...).")
    var inputFormat: String?

    @Argument(help: "Files or globs (quote a glob to let qgate expand `**`).")
    var paths: [String]

    func run() throws {
        try FileOutput.emit(
            InspectCommand(paths: paths, format: format, timeUnit: timeUnit, inputFormat: inputFormat).run())
    }
}

extension ChangeLevel: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }
}

struct DiffSpec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff-spec",
        abstract: "Compare two versions of an OpenAPI spec: breaking changes, warnings and info.",
        discussion: """
            Examples:
              qgate diff-spec base.yaml head.yaml
              qgate diff-spec git:origin/main:openapi.yaml openapi.yaml --format json
              qgate diff-spec old.json new.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"

            Specs: OpenAPI 2.0 (Swagger), 3.0 and 3.1, YAML or JSON, multi-file with relative
            $refs. `git:REF:PATH` reads a spec (and the files it references) from a git
            revision; PATH is relative to the repository root, or to the current directory
            when it starts with ./ or ../. Remote $ref URLs are never fetched.

            Rules and levels are oasdiff's (ERR breaking, WARN possibly breaking, INFO
            non-breaking), with its rule IDs. Endpoints are paired ignoring path-parameter
            names (/pets/{id} is /pets/{petId}).

            Exit codes: 0 nothing at or above --fail-on, 1 a change at or above it,
            2 usage error, 3 a spec could not be loaded (with file:line:column).
            """)

    @Argument(help: "The base (old) spec: a file or git:REF:PATH.")
    var base: String

    @Argument(help: "The revision (new) spec: a file or git:REF:PATH.")
    var revision: String

    @Option(name: .shortAndLong, help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the output to this file; stdout then gets a one-line summary.")
    var output: String?

    @Option(help: "Lowest level that fails with exit code 1: ERR, WARN or INFO.")
    var failOn: ChangeLevel = .err

    @Option(help: "Lowest level reported: ERR, WARN or INFO.")
    var level: ChangeLevel = .info

    @Option(help: "Exempt endpoints whose x-stability-level is below this (draft, alpha, beta, stable).")
    var stabilityLevel: String?

    @Option(help: "Minimum days between deprecation and removal for beta endpoints (x-sunset).")
    var deprecationDaysBeta: Int = 31

    @Option(help: "Minimum days between deprecation and removal for stable endpoints (x-sunset).")
    var deprecationDaysStable: Int = 180

    @Flag(help: "Pair endpoints by path-parameter names too (/a/{id} and /a/{key} then differ).")
    var includePathParams = false

    @Option(help: "Colour for text output: auto (on a TTY without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        var options = DiffOptions()
        options.minimumLevel = level
        options.stabilityLevel = stabilityLevel
        options.deprecationDaysBeta = deprecationDaysBeta
        options.deprecationDaysStable = deprecationDaysStable
        options.includePathParameterNames = includePathParams
        try FileOutput.emit(
            DiffSpecCommand(
                base: base, revision: revision, format: format, outputPath: output, color: color.enabled,
                failOn: failOn, options: options
            ).run(standardOutput: { FileHandle.standardOutput.write(Data($0)) }))
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
