/// A covered / total pair, kept exact so that gates compare rationals and round only for display.
public struct CoverageRatio: Sendable, Hashable, Codable {
    public var covered: Int
    public var total: Int

    public init(covered: Int = 0, total: Int = 0) {
        self.covered = covered
        self.total = total
    }

    /// Percent covered, or nil when nothing is coverable (never a fake 0 % or 100 %).
    public var percent: Double? {
        total > 0 ? Double(covered) * 100 / Double(total) : nil
    }

    /// `covered × 100 ≥ target × total`, evaluated without rounding.
    public func meets(percent target: Double) -> Bool {
        Double(covered) * 100 >= target * Double(total)
    }

    public static func + (lhs: CoverageRatio, rhs: CoverageRatio) -> CoverageRatio {
        CoverageRatio(covered: lhs.covered + rhs.covered, total: lhs.total + rhs.total)
    }

    public static func += (lhs: inout CoverageRatio, rhs: CoverageRatio) { lhs = lhs + rhs }
}

/// The four coverage kinds qgate measures, each as an exact ratio.
public struct CoverageTotals: Sendable, Hashable, Codable {
    public var lines = CoverageRatio()
    public var branches = CoverageRatio()
    public var functions = CoverageRatio()
    public var regions = CoverageRatio()

    public init(
        lines: CoverageRatio = CoverageRatio(), branches: CoverageRatio = CoverageRatio(),
        functions: CoverageRatio = CoverageRatio(), regions: CoverageRatio = CoverageRatio()
    ) {
        self.lines = lines
        self.branches = branches
        self.functions = functions
        self.regions = regions
    }

    public static func + (lhs: CoverageTotals, rhs: CoverageTotals) -> CoverageTotals {
        CoverageTotals(
            lines: lhs.lines + rhs.lines, branches: lhs.branches + rhs.branches,
            functions: lhs.functions + rhs.functions, regions: lhs.regions + rhs.regions)
    }
}
