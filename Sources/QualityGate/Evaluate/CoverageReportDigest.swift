/// What `inspect` and the verdict say about one coverage report: how it was recognised, its
/// recomputed totals, and the totals it declares itself when they disagree.
public struct CoverageReportDigest: Sendable, Hashable, Codable {
    public var detectedBy: String
    public var files: Int
    /// Recomputed from line, branch, function and region data.
    public var totals: CoverageTotals
    /// The report's own header totals (LCOV `LF/LH`, Cobertura `lines-valid`, llvm-cov `totals`).
    public var declared: CoverageTotals?
    /// Where declared and recomputed totals differ, in words; nil when they agree.
    public var disagreement: String?
    public var summaryOnly: Bool
    /// Source roots the report names (Cobertura `<source>`).
    public var sourceRoots: [String]

    public init(_ report: CoverageReport) {
        detectedBy = report.detectedBy
        files = report.files.count
        totals = report.totals
        declared = report.declared
        summaryOnly = report.summaryOnly
        sourceRoots = report.sourceRoots
        disagreement = nil
        if let declared, !report.summaryOnly {
            var differences: [String] = []
            for (kind, path) in CoverageMeasures.kinds {
                let mine = totals[keyPath: path]
                let theirs = declared[keyPath: path]
                guard theirs.total > 0 || theirs.covered > 0 else { continue }
                if mine != theirs {
                    differences.append("\(kind) \(theirs.covered)/\(theirs.total) declared, \(mine.covered)/\(mine.total) recomputed")
                }
            }
            if !differences.isEmpty { disagreement = differences.joined(separator: "; ") }
        }
    }
}
