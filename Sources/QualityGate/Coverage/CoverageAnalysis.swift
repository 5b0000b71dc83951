import Foundation

/// Coverage reports → repository files → merged figures, per series, plus patch coverage.
///
/// Merging semantics (stated once, used everywhere): reports that name the same repository
/// file are combined with `FileCoverage.merging` — line, function and region hits summed,
/// branch outcomes summed by position (covered if any report covers them). Report paths that
/// match no repository file are listed and left out of the figures, never dropped silently.
public struct CoverageAnalysis: Sendable {
    public var settings: CoverageSettings
    /// The config's folder: `coverage.root` and `coverage.patch.diff` are relative to it.
    public var baseDirectory: String
    /// `--base`: overrides `coverage.patch.base`.
    public var base: String?
    /// `--diff`: overrides everything else, as given (relative to the working directory).
    public var diffFile: String?
    /// Keep files that match no repository file under their report path (for `inspect`, which
    /// describes reports, not a repository); the gate leaves them out.
    public var keepUnmatched = false

    public init(settings: CoverageSettings, baseDirectory: String, base: String? = nil, diffFile: String? = nil) {
        self.settings = settings
        self.baseDirectory = baseDirectory
        self.base = base
        self.diffFile = diffFile
    }

    public struct Outcome: Sendable {
        public var summary: CoverageSummary
        public var metrics: [Metric]
        /// Patch coverage was asked for and could not be computed (git or diff errors).
        public var problems: [Diagnostic]
        public var warnings: [Diagnostic]
    }

    /// Whether any patch source is configured, so that a run without coverage reports still
    /// reports a missing patch figure instead of skipping it.
    public var wantsPatch: Bool {
        diffFile != nil || base != nil || settings.patchDiff != nil || settings.patchBase != nil
    }

    public func run(_ reports: [LabeledCoverage]) -> Outcome {
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []

        let rootPath = settings.root.map { Self.join(baseDirectory, $0) } ?? baseDirectory
        let repository = try? GitRepository.discover(from: rootPath)
        var mapper = PathMapper(root: settings.root == nil ? (repository?.root ?? rootPath) : rootPath, trackedFiles: nil, rules: settings.rewrites)
        var mappingKind = "lexical"
        if let repository {
            do {
                mapper = try PathMapper.forRepository(
                    settings.root == nil ? repository : GitRepository(root: rootPath), rules: settings.rewrites)
                mappingKind = "git ls-files"
            } catch {
                warnings.append(error.diagnostic)
            }
        }

        let excludes = settings.exclude.map(PathPattern.init)
        var unmatched: [PathMapping] = []
        var excluded = Set<String>()
        var mapped: [(labels: [String: String], pattern: String, report: CoverageReport, files: [FileCoverage])] = []
        for item in reports {
            var (files, mappings) = mapper.map(item.report.files, sourceRoots: item.report.sourceRoots)
            for mapping in mappings where !mapping.isMatched { unmatched.append(mapping) }
            if !keepUnmatched, !mappings.isEmpty, let first = mappings.first, mappings.allSatisfy({ !$0.isMatched }) {
                // Nothing of the report lands in the repository: its figures would be an empty
                // 0 of 0, so this is an input problem, not a warning.
                problems.append(
                    Diagnostic(
                        .error, code: "coverage.no-matched-files",
                        "none of the report's \(mappings.count) file path(s) match a file of the repository at \(mapper.root) (first: '\(first.reportPath)'\(first.reason.map { ": \($0)" } ?? "")); set `coverage.root` or add a `coverage.path_rewrites` rule (`before::after`)",
                        file: item.report.report))
            }
            if keepUnmatched {
                let lost = Set(mappings.filter { !$0.isMatched }.map(\.reportPath))
                files += item.report.files.filter { lost.contains($0.path) }
            }
            let kept = files.filter { file in
                if excludes.contains(where: { $0.matches(file.path) }) {
                    excluded.insert(file.path)
                    return false
                }
                return true
            }
            mapped.append((item.labels, item.pattern, item.report, kept))
        }
        if !unmatched.isEmpty {
            let sample = unmatched.prefix(5).map { mapping in
                "'\(mapping.reportPath)'" + (mapping.reason.map { " (\($0))" } ?? "")
            }.joined(separator: ", ")
            warnings.append(
                Diagnostic(
                    .warning, code: "coverage.unmatched-paths",
                    "\(unmatched.count) report path(s) match no file of the repository\(keepUnmatched ? "" : " and are left out of the figures"): \(sample)\(unmatched.count > 5 ? ", …" : ""); add a `coverage.path_rewrites` rule (`before::after`) if they are yours"))
        }

        // Series: overall, per input label pair, per group.
        var series: [CoverageSummary.Series] = []
        var metrics: [Metric] = []
        func add(_ labels: [String: String], _ members: [(labels: [String: String], pattern: String, report: CoverageReport, files: [FileCoverage])], restrictTo group: [PathPattern]? = nil) -> [FileCoverage] {
            // PathMapper's output is normalised already.
            var merged = FileCoverage.mergedByPath(members.flatMap(\.files), normalizingSingles: false)
            if let group { merged = merged.filter { file in group.contains { $0.matches(file.path) } } }
            var totals = merged.reduce(CoverageTotals()) { $0 + $1.totals }
            if group == nil {
                for member in members where member.report.summaryOnly {
                    totals = totals + (member.report.declared ?? CoverageTotals())
                }
            }
            let reportCount = Set(members.map(\.report.report)).count
            let source = "\(reportCount) report\(reportCount == 1 ? "" : "s") from \(Array(Set(members.map(\.pattern))).sorted().joined(separator: ", "))"
            series.append(CoverageSummary.Series(labels: labels, totals: totals, files: merged.count))
            metrics += CoverageMeasures.series(totals, files: merged.count, labels: labels, source: source)
            return merged
        }
        let all = add([:], mapped)
        var byLabel: [String: [String: [Int]]] = [:]
        for (index, item) in mapped.enumerated() {
            for (key, value) in item.labels { byLabel[key, default: [:]][value, default: []].append(index) }
        }
        for key in byLabel.keys.sorted() {
            for (value, indices) in byLabel[key]!.sorted(by: { $0.key < $1.key }) {
                _ = add([key: value], indices.map { mapped[$0] })
            }
        }
        for group in settings.groups {
            _ = add(["group": group.name], mapped, restrictTo: group.patterns.map(PathPattern.init))
        }

        // Patch coverage.
        var patch: CoverageSummary.Patch?
        if wantsPatch {
            do {
                let changes = try changedLines(repository: repository)
                warnings += changes.diagnostics
                let computed = PatchCoverage.compute(
                    coverage: all, changes: changes, partialCountsAsCovered: settings.partialLinesCovered)
                let rows = computed.files.filter { $0.ratio.total > 0 }
                patch = CoverageSummary.Patch(
                    status: computed.status, origin: computed.origin, totals: computed.totals, percent: computed.percent,
                    files: rows.prefix(settings.maxListedFiles).map { file in
                        CoverageSummary.PatchFile(
                            path: file.path, coverable: file.ratio.total, covered: file.ratio.covered,
                            uncoveredLines: file.uncovered.description, uncovered: file.uncovered.count)
                    },
                    omittedFiles: max(0, rows.count - settings.maxListedFiles),
                    filesWithoutCoverage: computed.filesWithoutCoverage.map(\.path))
                metrics += CoverageMeasures.patch(computed)
            } catch let error as PatchSourceError {
                problems.append(error.diagnostic)
            } catch {
                problems.append(Diagnostic(.error, code: "coverage.patch", "\(error)"))
            }
        }

        let summary = CoverageSummary(
            root: mapper.root, mapping: mappingKind, series: series, unmatched: Array(unmatched.prefix(50)),
            unmatchedCount: unmatched.count, excludedFiles: excluded.count, patch: patch)
        return Outcome(summary: summary, metrics: metrics, problems: problems, warnings: warnings)
    }

    /// Why changed lines could not be had.
    struct PatchSourceError: Error {
        var diagnostic: Diagnostic
    }

    func changedLines(repository: GitRepository?) throws -> ChangedLines {
        let diff = diffFile ?? settings.patchDiff.map { Self.join(baseDirectory, $0) }
        if let diff, diffFile != nil || base == nil {
            do {
                return try ChangedLines.read(diffFile: diff)
            } catch {
                throw PatchSourceError(diagnostic: error.diagnostic)
            }
        }
        guard let ref = base ?? settings.patchBase else {
            throw PatchSourceError(diagnostic: Diagnostic(.error, code: "coverage.patch", "no patch source"))
        }
        guard let repository else {
            throw PatchSourceError(
                diagnostic: Diagnostic(
                    .error, code: "git.not-a-repository",
                    "patch coverage against '\(ref)' needs a git checkout, but \(baseDirectory) is not in one; pass a diff file with --diff",
                    file: baseDirectory))
        }
        var changes: ChangedLines
        do {
            changes = try ChangedLines.fromGit(repository, base: ref)
        } catch {
            throw PatchSourceError(diagnostic: error.diagnostic)
        }
        // git names files from its top level; coverage is mapped relative to `coverage.root`.
        let rootPath = settings.root.map { Self.join(baseDirectory, $0) } ?? repository.root
        if let prefix = Self.relativePrefix(of: rootPath, under: repository.root), !prefix.isEmpty {
            changes.files = changes.files.compactMap { file in
                guard file.path.hasPrefix(prefix + "/") else { return nil }
                var moved = file
                moved.path = String(file.path.dropFirst(prefix.count + 1))
                return moved
            }
        }
        return changes
    }

    /// `path` relative to `root` (both resolved), or nil when it lies outside.
    static func relativePrefix(of path: String, under root: String) -> String? {
        let resolvedPath = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let resolvedRoot = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        if resolvedPath == resolvedRoot { return "" }
        guard resolvedPath.hasPrefix(resolvedRoot + "/") else { return nil }
        return String(resolvedPath.dropFirst(resolvedRoot.count + 1))
    }

    static func join(_ base: String, _ path: String) -> String {
        path.hasPrefix("/") ? path : (base == "." ? path : base + "/" + path)
    }
}
