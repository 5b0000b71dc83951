import Foundation

/// Runs the configured OpenAPI checks for `qgate check`: load the spec, compare it with its
/// base, and turn the findings into metrics.
public struct OpenAPIAnalysis: Sendable {
    public var settings: OpenAPISettings
    /// The folder config paths are relative to.
    public var baseDirectory: String
    /// `--base REF`: compare with the spec as it was at the merge base of REF and HEAD.
    public var baseRef: String?
    /// "Today" for waiver expiry and sunset dates (`yyyy-MM-dd`).
    public var today: String

    public init(settings: OpenAPISettings, baseDirectory: String, baseRef: String? = nil, today: String? = nil) {
        self.settings = settings
        self.baseDirectory = baseDirectory
        self.baseRef = baseRef
        self.today = today ?? DiffOptions().today
    }

    public struct Outcome: Sendable {
        public var summary: OpenAPISummary?
        public var metrics: [Metric] = []
        public var problems: [Diagnostic] = []
        public var warnings: [Diagnostic] = []
        /// The spec read (revision), for other analyses that map requests to its paths.
        public var spec: APISpec?
    }

    func locate(_ spec: String) -> String {
        if spec.hasPrefix("git:") || spec.hasPrefix("/") { return spec }
        return baseDirectory == "." ? spec : baseDirectory + "/" + spec
    }

    public func run() -> Outcome {
        var outcome = Outcome()
        let specArgument = locate(settings.spec)
        let revision: APISpec
        do {
            revision = try APISpec(SpecLoader().load(argument: specArgument))
        } catch {
            outcome.problems.append(error.diagnostic)
            return outcome
        }
        outcome.warnings += revision.warnings
        outcome.spec = revision
        let source = settings.spec
        var summary = OpenAPISummary(spec: settings.spec, dialect: revision.dialect.rawValue, operations: revision.operations.count)
        outcome.metrics.append(Metric(name: "openapi.operations", value: Double(revision.operations.count), source: source))
        let completeness = SpecCompleteness.evaluate(revision)
        summary.completeness = completeness
        outcome.metrics += OpenAPIMeasures.completeness(completeness, source: source)
        if !settings.traffic.isEmpty {
            var logs: [TrafficLog] = []
            for pattern in settings.traffic {
                let files = Glob.expand(pattern, base: baseDirectory)
                if files.isEmpty { outcome.problems.append(InputError.noMatch(pattern: pattern).diagnostic) }
                for file in files {
                    do {
                        logs.append(try TrafficReader().read(path: file))
                    } catch {
                        outcome.problems.append(error.diagnostic)
                    }
                }
            }
            if !logs.isEmpty {
                var options = DriftAnalysis.Options()
                if let prefix = settings.serverPrefix { options.prefixes = [prefix] }
                let drift = DriftAnalysis.analyze(revision, traffic: logs, options: options)
                summary.drift = drift
                outcome.metrics += OpenAPIMeasures.drift(drift, source: settings.traffic.joined(separator: ", "))
            }
        }

        do {
            if let (baseArgument, origin) = try baseSpecArgument(specArgument) {
                let base = try APISpec(SpecLoader().load(argument: baseArgument))
                var options = DiffOptions()
                options.today = today
                options.stabilityLevel = settings.stabilityLevel
                options.deprecationDaysBeta = settings.deprecationDaysBeta
                options.deprecationDaysStable = settings.deprecationDaysStable
                options.levelOverrides = settings.levelOverrides
                options.disabled = settings.disabledRules
                var changes = SpecDiff(base: base, revision: revision, options: options).changes()
                // Waivers: in force until (and including) their expiry date.
                var kept: [SpecChange] = []
                for change in changes {
                    if let waiver = settings.waivers.first(where: { $0.covers(change) && $0.expires >= today }) {
                        summary.waived.append(.init(change: change, reason: waiver.reason, expires: waiver.expires))
                    } else {
                        kept.append(change)
                    }
                }
                for waiver in settings.waivers where waiver.expires < today {
                    outcome.warnings.append(Diagnostic(.warning, code: "openapi.waiver-expired",
                        "the waiver for \(waiver.rule)\(waiver.endpoint.map { " on \($0)" } ?? "") expired on \(waiver.expires) and no longer applies (\(waiver.reason))",
                        file: nil, line: waiver.line))
                }
                changes = kept
                let report = SpecDiffReport(base: base, baseName: baseArgument, revision: revision, revisionName: specArgument, changes: changes)
                summary.diff = report
                summary.baseOrigin = origin
                outcome.metrics += [
                    Metric(name: "openapi.breaking_changes", value: Double(report.count(.err)), source: source),
                    Metric(name: "openapi.warnings", value: Double(report.count(.warn)), source: source),
                    Metric(name: "openapi.info_changes", value: Double(report.count(.info)), source: source),
                    Metric(name: "openapi.waived_changes", value: Double(summary.waived.count), source: source),
                ]
            }
        } catch let error as SpecError {
            outcome.problems.append(error.diagnostic)
        } catch {
            outcome.problems.append(Diagnostic(.error, code: "openapi.base", "\(error)"))
        }
        outcome.summary = summary
        return outcome
    }

    /// The base spec: `openapi.base` as configured, else the same file at the merge base of
    /// `--base` and HEAD, else none.
    func baseSpecArgument(_ specArgument: String) throws -> (String, String)? {
        if let base = settings.base {
            return (locate(base), "openapi.base in the config")
        }
        guard let baseRef else { return nil }
        guard !specArgument.hasPrefix("git:") else {
            throw SpecError.git(spec: specArgument, reason: "with --base, openapi.spec must be a file in the work tree")
        }
        let repository: GitRepository
        let mergeBase: String
        do {
            repository = try GitRepository.discover(from: baseDirectory)
            mergeBase = try repository.mergeBase(baseRef)
        } catch {
            throw SpecError.git(spec: specArgument, reason: "\(error)")
        }
        let absolute = URL(fileURLWithPath: specArgument).standardizedFileURL.resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: repository.root).standardizedFileURL.resolvingSymlinksInPath().path
        guard absolute.hasPrefix(root + "/") else {
            throw SpecError.git(spec: specArgument, reason: "the spec is outside the git repository at \(root)")
        }
        let relative = String(absolute.dropFirst(root.count + 1))
        let short = String(mergeBase.prefix(12))
        return ("git:\(mergeBase):\(relative)", "\(relative) at \(short), the merge base of \(baseRef) and HEAD")
    }
}
