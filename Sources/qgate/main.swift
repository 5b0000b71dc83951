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
              4  the history store could not be read or written (`check --record`: only when the gate passed)
            """,
        version: QGateVersion.current,
        subcommands: [Check.self, Inspect.self, DiffSpec.self, History.self, Report.self]
    )

    /// ArgumentParser exits 64 on usage errors; qgate's contract is 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == CommandResult.Code.gateFailed
                || code.rawValue == CommandResult.Code.inputError || code.rawValue == CommandResult.Code.historyError
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
              qgate check --config qgate.yml --record   # and keep the run in the history

            Input patterns in the config are relative to the config file's folder.
            Patch coverage takes the lines changed since the merge base of --base and HEAD
            (committed, staged and unstaged; renames followed, deletions ignored), or the
            lines added by a unified diff given with --diff.

            --record appends the run to the history store (--history, else the config's
            history.path, else .qgate/history next to the config) after the verdict is
            known; the exit code stays the verdict's. --baseline names the recorded run
            this one compares with: for a pull request, the latest run of the base branch
            at the merge base or the nearest commit before it; otherwise the latest run of
            this branch at or before this commit. Commit, branch, base branch, merge base
            and CI job come from the CI variables (GitHub Actions, GitLab CI, Buildkite,
            Jenkins), else from git; the options below override them. A run that cannot be
            recorded is an error on stderr and exit code 4 when the gate passed.
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

    @Flag(help: "Append this run to the history store once the verdict is known.")
    var record = false

    @Flag(help: "Choose the recorded run this one compares with and say which (stderr; kept in the record).")
    var baseline = false

    @Option(help: ArgumentHelp("The history store folder (overrides the config's history.path).", valueName: "dir"))
    var history: String?

    @Option(help: "Recorded commit (default: the CI variables, else git HEAD).")
    var commit: String?

    @Option(help: "Recorded branch (default: the CI variables, else git's current branch).")
    var branch: String?

    @Option(help: "Recorded base branch of a pull request (default: the CI variables).")
    var baseBranch: String?

    @Option(help: "Recorded merge base (default: the CI variables, else git merge-base with --base or the base branch).")
    var mergeBase: String?

    @Option(help: "Recorded CI run id (default: the CI variables).")
    var runID: String?

    @Option(help: "Recorded link to the CI run (default: the CI variables).")
    var runURL: String?

    @Option(help: "Recorded CI job name (default: the CI variables).")
    var job: String?

    func run() throws {
        var command = CheckCommand(
            configPath: config, format: format, outputPath: output, color: color.enabled, base: base, diffFile: diff)
        command.record = record
        command.baseline = baseline
        command.historyPath = history
        command.overrides = RunContext.Overrides(
            commit: commit, mergeBase: mergeBase, branch: branch, baseBranch: baseBranch, runID: runID, runURL: runURL,
            job: job)
        try FileOutput.emit(command.run())
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

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The flat-file run history that `qgate check --record` writes.",
        discussion: """
            The store is a folder of plain files (default .qgate/history, or the config's
            history.path, or --history): one immutable JSON record per run under runs/, a
            derived index.jsonl, and daily roll-ups of pruned runs under rollups/. Cache
            it in CI, commit it to a branch or sync it to object storage.

            Exit codes: 0 done (damaged records are skipped with a warning naming the
            file), 2 usage or config error, 4 the store could not be read or written.
            """,
        subcommands: [
            HistoryList.self, HistoryShow.self, HistoryPrune.self, HistoryExport.self, HistoryReindex.self,
            HistoryBaseline.self,
        ]
    )
}

/// `--history` and `--config`, shared by the history subcommands.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The history store folder.", valueName: "dir"))
    var history: String?

    @Option(name: .shortAndLong, help: "The config whose history.path names the store (default: qgate.yml when it exists).")
    var config: String?

    var location: HistoryLocation {
        HistoryLocation(history: history, config: config ?? "qgate.yml", configGiven: config != nil)
    }
}

/// `--branch` and `--since`, shared by `history list` and `history export`.
struct SelectionOptions: ParsableArguments {
    @Option(help: "Only runs of this branch.")
    var branch: String?

    @Option(help: "Only runs since \(TimeWindow.help).")
    var since: String?
}

extension HistoryListCommand.Format: ExpressibleByArgument {}
extension HistoryExporter.Format: ExpressibleByArgument {}

struct HistoryList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the recorded runs, newest first.",
        discussion: """
            Examples:
              qgate history list
              qgate history list --branch main --since 7d --limit 20
              qgate history list --format json

            Reads the index; runs the index lacks (a writer killed before its index line)
            are read from their records, and a missing or damaged index falls back to the
            records.
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var selection: SelectionOptions

    @Option(help: "At most this many runs (the newest).")
    var limit: Int?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: HistoryListCommand.Format = .text

    func run() throws {
        try FileOutput.emit(
            HistoryListCommand(
                location: store.location, branch: selection.branch, since: selection.since, limit: limit, format: format
            ).run())
    }
}

struct HistoryShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one run's record (JSON).",
        discussion: """
            Example:
              qgate history show 20261122T010712.123Z-8f3a9c0d1e2f3a4b | jq .tests.failing
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "The run id, as `qgate history list` prints it.")
    var id: String

    func run() throws {
        try FileOutput.emit(HistoryShowCommand(location: store.location, id: id).run())
    }
}

struct HistoryPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Roll old runs up into daily summaries per branch and delete their records.",
        discussion: """
            Examples:
              qgate history prune --keep-days 180
              qgate history prune --keep-days 90 --keep-runs 200

            A run is pruned when it is older than --keep-days (counted from midnight UTC)
            and not among the newest --keep-runs runs of its branch. Whole days go
            together: a branch's day is rolled up only when all of its runs may go. Each
            day's summary (rollups/<branch>/<YYYY-MM>.json) keeps, per metric, the median,
            min, max, mean and n, the run count per status and the run ids. Damaged
            records are never deleted.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Keep runs recorded in the last N days.")
    var keepDays: Int?

    @Option(help: "Keep the newest N runs of each branch.")
    var keepRuns: Int?

    @Flag(help: "Print what was done as JSON.")
    var json = false

    func run() throws {
        try FileOutput.emit(
            HistoryPruneCommand(
                location: store.location, policy: RetentionPolicy(keepDays: keepDays, keepRuns: keepRuns), json: json
            ).run())
    }
}

struct HistoryExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the recorded runs as OpenMetrics, CSV or NDJSON.",
        discussion: """
            Examples:
              qgate history export --format openmetrics > history.om
              qgate history export --format csv --branch main --since 30d -o history.csv
              qgate history export --format ndjson | jq .verdict.status

            openmetrics: every metric as a gauge qgate_<name>{branch,labels} with the run's
              time (seconds), plus qgate_kpi_value{kpi}; ends with # EOF. Load it into
              Prometheus with `promtool tsdb create-blocks-from openmetrics`.
            csv: run_id, recorded_at, branch, commit, status, metric, labels (JSON), value.
            ndjson: one record per line, as stored.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .shortAndLong, help: "openmetrics, csv or ndjson.")
    var format: HistoryExporter.Format

    @OptionGroup var selection: SelectionOptions

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.")
    var output: String?

    func run() throws {
        try FileOutput.emit(
            HistoryExportCommand(
                location: store.location, format: format, branch: selection.branch, since: selection.since, outputPath: output
            ).run())
    }
}

struct HistoryReindex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the derived index from the record files.",
        discussion: """
            The index (index.jsonl) only speeds up reading; the records are the truth.
            Rebuild it after copying records in by hand, or when a command reports it
            damaged. Damaged records are reported and left out; temporary files of writers
            that died more than an hour ago are removed.
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        try FileOutput.emit(HistoryReindexCommand(location: store.location).run())
    }
}

struct HistoryBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Say which recorded run a run here would be compared with, and why.",
        discussion: """
            Examples:
              qgate history baseline --base-branch main          # a pull request into main
              qgate history baseline --branch main --format json

            For a pull request (a base branch other than the run's branch): the latest
            recorded run of the base branch at the merge base, else at the nearest commit
            before it on the base branch's first-parent line (up to 500 commits back).
            Otherwise: the latest run of this branch at this commit or the nearest one
            before it. Runs whose verdict was `error` are never a baseline. Commit,
            branches and merge base come from the CI variables and git in the current
            directory, as for `check --record`.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "This run's branch (default: the CI variables, else git's current branch).")
    var branch: String?

    @Option(help: "The pull request's base branch (default: the CI variables).")
    var baseBranch: String?

    @Option(help: "This run's commit (default: the CI variables, else git HEAD).")
    var commit: String?

    @Option(help: "The merge base (default: git merge-base with the base branch).")
    var mergeBase: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: HistoryListCommand.Format = .text

    func run() throws {
        try FileOutput.emit(
            HistoryBaselineCommand(
                location: store.location,
                overrides: RunContext.Overrides(commit: commit, mergeBase: mergeBase, branch: branch, baseBranch: baseBranch),
                json: format == .json
            ).run())
    }
}

extension ReportCommand.Format: ExpressibleByArgument {}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The weekly quality review of the recorded runs: trends, budgets at risk, tests, coverage, spec drift.",
        discussion: """
            Examples:
              qgate report --since 7d                                  # markdown on stdout
              qgate report --since 7d --branch main > "$GITHUB_STEP_SUMMARY"
              qgate report --since 7d --format html --output review.html
              qgate report --since 2026-11-01 --until 2026-11-08 --format json | jq .kpis

            Reads the history store that `qgate check --record` writes (--history, else
            the config's history.path, else .qgate/history). For each KPI: its latest
            value and status, the trend from the first to the last value of the window
            (up or down beyond --tolerance percent, else stable) and a sparkline.
            Then: budgets (KPIs budget.*) with under 10 % headroom in their newest run;
            the week's regressions on the mainline (--branch, else the base branch pull
            requests name, else main/master) with the commits they happened between —
            the config's history.regressions metrics (--config qgate.yml), else every
            duration and latency series; the flakiest tests (retried, failed and passed
            on one commit, or flipping at history.flaky's rate) and the slowest tests;
            coverage.*.percent series first against last; changes of openapi.*
            metrics between runs; and the runs' pass/warn/fail/error counts.

            --format html writes one self-contained file (inline CSS and SVG charts of
            each KPI over time, no scripts, no external assets); json follows
            schemas/report.schema.json. Damaged records are skipped with a warning.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The window's start: \(TimeWindow.help).")
    var since = "7d"

    @Option(help: "The window's end, in the same forms (default: now).")
    var until: String?

    @Option(help: "Only runs of this branch (default: every branch).")
    var branch: String?

    @Option(name: .shortAndLong, help: "markdown, html or json.")
    var format: ReportCommand.Format = .markdown

    @Option(help: "A trend within this many percent of its first value is stable.")
    var tolerance: Double = Trend.defaultTolerancePercent

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.")
    var output: String?

    func run() throws {
        try FileOutput.emit(
            ReportCommand(
                location: store.location, since: since, until: until, branch: branch, format: format,
                tolerancePercent: tolerance, outputPath: output
            ).run())
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
