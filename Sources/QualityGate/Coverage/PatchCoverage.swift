/// Coverage of the lines a change adds or rewrites (patch / diff coverage).
///
/// Only changed lines that the coverage data calls coverable count; changed comments, blank
/// lines and declarations are neither covered nor missed. When no changed line is coverable
/// the result is `neutral`, never a fake 100 % (diff-cover prints 100 %, Codecov has shown
/// 100 % over uncovered changes: codecov/support#463). Changed files absent from the coverage
/// data are listed in `filesWithoutCoverage` instead of being dropped silently (diff-cover's
/// "No lines with coverage information in this diff", its most reported confusion): they are
/// either not measured at all, or a path mapping problem the user must see.
public struct PatchCoverage: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// At least one changed line is coverable: `totals` is meaningful.
        case measured
        /// No coverable line changed: the patch gate has nothing to judge and passes neutrally.
        case neutral
    }

    /// Changed files with coverage data, worst first: most uncovered changed lines, then path.
    /// Includes files whose changed lines are all non-coverable (`ratio.total == 0`).
    public var files: [PatchFileCoverage]
    /// Changed files (with at least one added line) the coverage data does not mention, by path.
    public var filesWithoutCoverage: [ChangedFile]
    public var totals: CoverageRatio
    public var status: Status
    /// Where the changed lines came from (`ChangedLines.origin`).
    public var origin: String

    public init(
        files: [PatchFileCoverage], filesWithoutCoverage: [ChangedFile], origin: String
    ) {
        self.files = files.sorted {
            ($0.uncovered.count, $1.path) > ($1.uncovered.count, $0.path)
        }
        self.filesWithoutCoverage = filesWithoutCoverage.sorted { $0.path < $1.path }
        self.totals = files.reduce(CoverageRatio()) { $0 + $1.ratio }
        self.status = totals.total > 0 ? .measured : .neutral
        self.origin = origin
    }

    /// Percent of coverable changed lines covered; nil when neutral.
    public var percent: Double? { totals.percent }

    /// Intersects `changes` with `coverage`.
    ///
    /// - Parameters:
    ///   - coverage: per-file coverage keyed by repository-relative path (see `PathMapper`);
    ///     files listed twice are merged.
    ///   - partialCountsAsCovered: whether a line that ran but left a branch outcome untaken is
    ///     covered. Default false, like Codecov: a changed `if` whose `else` never ran is not
    ///     tested. diff-cover counts it covered unless `--branch-coverage` is given.
    public static func compute(
        coverage: [FileCoverage], changes: ChangedLines, partialCountsAsCovered: Bool = false
    ) -> PatchCoverage {
        // Only changed files are merged and normalised: the rest of the report is never read.
        let changed = Set(changes.files.lazy.filter { !$0.lines.isEmpty }.map(\.path))
        var byPath: [String: FileCoverage] = [:]
        for file in FileCoverage.mergedByPath(coverage.lazy.filter { changed.contains($0.path) }) {
            byPath[file.path] = file
        }
        var files: [PatchFileCoverage] = []
        var missing: [ChangedFile] = []
        for change in changes.files where !change.lines.isEmpty {
            guard let data = byPath[change.path] else {
                missing.append(change)
                continue
            }
            files.append(measure(change, data, partialCountsAsCovered: partialCountsAsCovered))
        }
        return PatchCoverage(files: files, filesWithoutCoverage: missing, origin: changes.origin)
    }

    static func measure(_ change: ChangedFile, _ data: FileCoverage, partialCountsAsCovered: Bool)
        -> PatchFileCoverage
    {
        // Both lists are sorted by line: walk them together.
        var covered = LineRanges()
        var uncovered = LineRanges()
        var partial = LineRanges()
        var branchIndex = data.branches.startIndex
        for hit in data.lines where change.lines.contains(hit.line) {
            while branchIndex < data.branches.endIndex, data.branches[branchIndex].line < hit.line {
                branchIndex += 1
            }
            var isPartial = false
            if hit.hits > 0, branchIndex < data.branches.endIndex, data.branches[branchIndex].line == hit.line {
                let ratio = data.branches[branchIndex].ratio
                isPartial = ratio.covered < ratio.total
            }
            if isPartial { partial.insert(hit.line) }
            if hit.hits > 0, !isPartial || partialCountsAsCovered {
                covered.insert(hit.line)
            } else {
                uncovered.insert(hit.line)
            }
        }
        return PatchFileCoverage(
            path: change.path, changed: change.lines, covered: covered, uncovered: uncovered, partial: partial)
    }
}
