/// The coverage part of a verdict: totals per series, unmatched paths and patch coverage.
public struct CoverageSummary: Sendable, Hashable, Codable {
    /// One row of coverage figures: overall (no labels), per input label (`flag=backend`) or per group.
    public struct Series: Sendable, Hashable, Codable {
        public var labels: [String: String]
        public var totals: CoverageTotals
        public var files: Int
    }

    /// One changed file of the patch, for tables.
    public struct PatchFile: Sendable, Hashable, Codable {
        public var path: String
        public var coverable: Int
        public var covered: Int
        /// Uncovered changed lines as ranges, e.g. `3-4, 9`.
        public var uncoveredLines: String
        public var uncovered: Int
    }

    public struct Patch: Sendable, Hashable, Codable {
        public var status: PatchCoverage.Status
        /// Where the changed lines came from (git merge base or a diff file).
        public var origin: String
        public var totals: CoverageRatio
        public var percent: Double?
        /// Worst first, capped (see `omittedFiles`).
        public var files: [PatchFile]
        public var omittedFiles: Int
        /// Changed files with added lines that no coverage report mentions.
        public var filesWithoutCoverage: [String]
    }

    /// The repository root that report paths were mapped to.
    public var root: String
    /// `git ls-files` or `lexical` (not a git checkout: nothing confirms the paths).
    public var mapping: String
    public var series: [Series]
    /// Report paths that match no repository file: listed, left out of the figures.
    public var unmatched: [PathMapping]
    public var unmatchedCount: Int
    /// Repository files left out by `coverage.exclude`.
    public var excludedFiles: Int
    public var patch: Patch?

    /// The overall row.
    public var overall: Series? {
        series.first { $0.labels.isEmpty }
    }
}
