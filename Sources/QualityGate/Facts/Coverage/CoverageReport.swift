/// What one coverage report file says, with its provenance.
public struct CoverageReport: Sendable, Hashable, Codable {
    /// The report file, as the user named it.
    public var report: String
    public var format: CoverageFormat
    /// Why the format was chosen (`configured`, or the content evidence such as `root <coverage> with line-rate`).
    public var detectedBy: String
    /// Files in report order, each normalised (sorted, duplicates merged).
    public var files: [FileCoverage]
    /// Totals the report itself declares (LCOV `LF/LH`, Cobertura `lines-valid`, llvm-cov `totals`),
    /// kept only to audit against the recomputed totals.
    public var declared: CoverageTotals?
    /// Source roots the report names (Cobertura `<source>`, JaCoCo none), for path mapping.
    public var sourceRoots: [String]
    /// Recoverable oddities: skipped records, virtual paths, disagreeing headers.
    public var diagnostics: [Diagnostic]
    /// True when the report carries only totals (llvm-cov `-summary-only`, Istanbul summary):
    /// no line data, so no patch coverage.
    public var summaryOnly: Bool

    public init(
        report: String, format: CoverageFormat, detectedBy: String, files: [FileCoverage] = [],
        declared: CoverageTotals? = nil, sourceRoots: [String] = [], diagnostics: [Diagnostic] = [],
        summaryOnly: Bool = false
    ) {
        self.report = report
        self.format = format
        self.detectedBy = detectedBy
        self.files = files
        self.declared = declared
        self.sourceRoots = sourceRoots
        self.diagnostics = diagnostics
        self.summaryOnly = summaryOnly
    }

    /// Totals recomputed from the per-file data (summary-only reports: the declared totals).
    public var totals: CoverageTotals {
        if summaryOnly, let declared { return declared }
        return files.reduce(CoverageTotals()) { $0 + $1.totals }
    }
}
