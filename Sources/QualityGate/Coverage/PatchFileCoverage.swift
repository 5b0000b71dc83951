/// Patch coverage of one changed file that has coverage data.
public struct PatchFileCoverage: Sendable, Hashable, Codable {
    /// Repository-relative path.
    public var path: String
    /// Every added or rewritten line, coverable or not.
    public var changed: LineRanges
    /// Changed coverable lines counted as covered.
    public var covered: LineRanges
    /// Changed coverable lines counted as not covered: never run, and partial lines unless
    /// partial lines are configured to count as covered.
    public var uncovered: LineRanges
    /// Changed lines that ran but left a branch outcome untaken (shown whatever the policy).
    public var partial: LineRanges
    /// covered / coverable changed lines; `total == 0` when no changed line is coverable.
    public var ratio: CoverageRatio

    public init(
        path: String, changed: LineRanges, covered: LineRanges, uncovered: LineRanges, partial: LineRanges = LineRanges()
    ) {
        self.path = path
        self.changed = changed
        self.covered = covered
        self.uncovered = uncovered
        self.partial = partial
        self.ratio = CoverageRatio(covered: covered.count, total: covered.count + uncovered.count)
    }
}
