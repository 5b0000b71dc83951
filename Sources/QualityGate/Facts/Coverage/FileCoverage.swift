/// One coverable line and how often it ran.
///
/// A line absent from `FileCoverage.lines` is not coverable; a line present with 0 hits is
/// coverable and missed. The two states are never collapsed.
public struct LineHit: Sendable, Hashable, Codable {
    public var line: Int
    /// Saturates at `UInt64.max` (wrapped negative counters in some LCOV writers).
    public var hits: UInt64

    public init(line: Int, hits: UInt64) {
        self.line = line
        self.hits = hits
    }
}

/// The branch outcomes that start on one line.
///
/// Outcomes are kept by position so that merging two reports can say "covered if any report
/// covers it". Formats that only give `covered/total` per line (Cobertura, JaCoCo) fill the
/// first `covered` outcomes with 1 and the rest with 0.
public struct BranchLine: Sendable, Hashable, Codable {
    public var line: Int
    /// False when the report gives only "n of m covered" (Cobertura, JaCoCo): the outcomes'
    /// positions then mean nothing, and merging takes the better line instead of pairing them.
    public var positional: Bool
    private var outcomes: Outcomes

    /// How `taken` is held. "n of m covered" needs no array: a large Cobertura report has a
    /// branch line every eight lines, and one heap array each cost more time and memory than
    /// the rest of the line's data.
    private enum Outcomes: Sendable {
        /// `covered` ones, then zeros up to `total` (0 ≤ covered ≤ total).
        case counts(covered: Int, total: Int)
        case list([UInt64])
    }

    /// One count per branch outcome; 0 also stands for LCOV's `-` (never evaluated).
    public var taken: [UInt64] {
        get {
            switch outcomes {
            case .counts(let covered, let total):
                var taken = [UInt64](repeating: 0, count: total)
                for index in 0..<covered { taken[index] = 1 }
                return taken
            case .list(let taken):
                return taken
            }
        }
        _modify {
            var taken = self.taken
            outcomes = .list([])  // release the stored array so `taken` is mutated in place
            defer { outcomes = .list(taken) }
            yield &taken
        }
        set {
            outcomes = .list(newValue)
        }
    }

    public init(line: Int, taken: [UInt64]) {
        self.line = line
        self.outcomes = .list(taken)
        self.positional = true
    }

    public init(line: Int, covered: Int, total: Int) {
        self.line = line
        let total = max(total, 0)
        self.outcomes = .counts(covered: min(max(covered, 0), total), total: total)
        self.positional = false
    }

    public var ratio: CoverageRatio {
        CoverageRatio(covered: coveredCount, total: outcomeCount)
    }

    /// Outcomes taken at least once.
    var coveredCount: Int {
        switch outcomes {
        case .counts(let covered, _):
            return covered
        case .list(let taken):
            var covered = 0
            for count in taken where count > 0 { covered += 1 }
            return covered
        }
    }

    /// Number of outcomes (`taken.count`).
    var outcomeCount: Int {
        switch outcomes {
        case .counts(_, let total): total
        case .list(let taken): taken.count
        }
    }

    // Equality, hashing and coding go by `taken`, whatever the storage.

    public static func == (lhs: BranchLine, rhs: BranchLine) -> Bool {
        guard lhs.line == rhs.line, lhs.positional == rhs.positional else { return false }
        if case .counts(let leftCovered, let leftTotal) = lhs.outcomes,
            case .counts(let rightCovered, let rightTotal) = rhs.outcomes
        {
            return leftCovered == rightCovered && leftTotal == rightTotal
        }
        return lhs.taken == rhs.taken
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        hasher.combine(taken)
        hasher.combine(positional)
    }

    private enum CodingKeys: String, CodingKey {
        case line, taken, positional
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        line = try container.decode(Int.self, forKey: .line)
        outcomes = .list(try container.decode([UInt64].self, forKey: .taken))
        positional = try container.decode(Bool.self, forKey: .positional)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(taken, forKey: .taken)
        try container.encode(positional, forKey: .positional)
    }
}

/// A function (method, closure) and how often it was entered.
public struct FunctionHit: Sendable, Hashable, Codable {
    public var name: String
    /// First line of the function, 0 when the format does not say.
    public var line: Int
    public var hits: UInt64

    public init(name: String, line: Int, hits: UInt64) {
        self.name = name
        self.line = line
        self.hits = hits
    }
}

/// An llvm-cov code region (the branch-like measure for Swift, which emits no branches).
public struct RegionHit: Sendable, Hashable, Codable {
    public var startLine: Int
    public var startColumn: Int
    public var endLine: Int
    public var endColumn: Int
    public var hits: UInt64

    public init(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int, hits: UInt64) {
        self.startLine = startLine
        self.startColumn = startColumn
        self.endLine = endLine
        self.endColumn = endColumn
        self.hits = hits
    }
}

/// Everything one report says about one source file, lossless enough to merge reports.
public struct FileCoverage: Sendable, Hashable, Codable {
    /// The path as the report names it (after resolving the report's own source roots).
    public var path: String
    /// Coverable lines, sorted by line and unique once `normalized()`.
    public var lines: [LineHit]
    public var branches: [BranchLine]
    public var functions: [FunctionHit]
    public var regions: [RegionHit]

    public init(
        path: String, lines: [LineHit] = [], branches: [BranchLine] = [], functions: [FunctionHit] = [],
        regions: [RegionHit] = []
    ) {
        self.path = path
        self.lines = lines
        self.branches = branches
        self.functions = functions
        self.regions = regions
    }

    /// Totals recomputed from the line, branch, function and region data.
    public var totals: CoverageTotals {
        // Plain loops: this runs over every line and branch of a report, once per series.
        var totals = CoverageTotals()
        var coveredLines = 0
        for hit in lines where hit.hits > 0 { coveredLines += 1 }
        totals.lines = CoverageRatio(covered: coveredLines, total: lines.count)
        var coveredBranches = 0
        var branchTotal = 0
        for branch in branches {
            coveredBranches += branch.coveredCount
            branchTotal += branch.outcomeCount
        }
        totals.branches = CoverageRatio(covered: coveredBranches, total: branchTotal)
        totals.functions = CoverageRatio(
            covered: functions.reduce(0) { $0 + ($1.hits > 0 ? 1 : 0) }, total: functions.count)
        totals.regions = CoverageRatio(
            covered: regions.reduce(0) { $0 + ($1.hits > 0 ? 1 : 0) }, total: regions.count)
        return totals
    }

    /// Sorted, with duplicate entries merged by the rules of `merging(_:)`: a file that a
    /// report lists twice (LCOV records, Cobertura inner classes) counts once.
    public func normalized() -> FileCoverage {
        var copy = self
        copy.lines = Self.mergeLines(lines)
        copy.branches = Self.mergeBranches(branches)
        copy.functions = Self.mergeFunctions(functions)
        copy.regions = Self.mergeRegions(regions)
        return copy
    }

    /// This file's data combined with another report's data for the same file.
    ///
    /// Semantics: line, function and region hits are summed (saturating); a branch outcome's
    /// counts are summed by position, so an outcome is covered if any report covers it.
    public func merging(_ other: FileCoverage) -> FileCoverage {
        FileCoverage(
            path: path, lines: Self.mergeLines(lines + other.lines),
            branches: Self.mergeBranches(branches + other.branches),
            functions: Self.mergeFunctions(functions + other.functions),
            regions: Self.mergeRegions(regions + other.regions))
    }

    /// Files with the same path merged (`merging(_:)`), in first-seen order.
    ///
    /// - Parameter normalizingSingles: also normalise files that appear once; pass false when
    ///   the inputs are already normalised (every reader's output is).
    public static func mergedByPath(_ files: some Sequence<FileCoverage>, normalizingSingles: Bool = true) -> [FileCoverage] {
        var order: [String] = []
        var byPath: [String: FileCoverage] = [:]
        for file in files {
            if let existing = byPath[file.path] {
                byPath[file.path] = existing.merging(file)
            } else {
                order.append(file.path)
                byPath[file.path] = normalizingSingles ? file.normalized() : file
            }
        }
        return order.compactMap { byPath[$0] }
    }

    // Each merge returns its input untouched when it is already sorted without duplicates, as
    // every reader's output is: normalising again (path mapping, merging) then costs one pass
    // and no copy, instead of doubling the memory a large report takes.

    static func mergeLines(_ lines: [LineHit]) -> [LineHit] {
        if isStrictlyIncreasing(lines, { $0.line < $1.line }) { return lines }
        let sorted = lines.sorted { $0.line < $1.line }
        var result: [LineHit] = []
        result.reserveCapacity(sorted.count)
        for hit in sorted {
            if let last = result.last, last.line == hit.line {
                result[result.count - 1].hits = last.hits.saturatingAdd(hit.hits)
            } else {
                result.append(hit)
            }
        }
        return result
    }

    static func mergeBranches(_ branches: [BranchLine]) -> [BranchLine] {
        if isStrictlyIncreasing(branches, { $0.line < $1.line }) { return branches }
        let sorted = branches.sorted { $0.line < $1.line }
        var result: [BranchLine] = []
        for branch in sorted {
            if let last = result.last, last.line == branch.line, !(last.positional && branch.positional) {
                // Outcomes cannot be paired: keep the line whose report covers more of it.
                let mine = last.ratio
                let theirs = branch.ratio
                let covered = max(mine.covered, theirs.covered)
                result[result.count - 1] = BranchLine(line: branch.line, covered: covered, total: max(mine.total, theirs.total, covered))
            } else if let last = result.last, last.line == branch.line {
                var taken = last.taken
                if branch.taken.count > taken.count {
                    taken += Array(repeating: 0, count: branch.taken.count - taken.count)
                }
                for (index, count) in branch.taken.enumerated() {
                    taken[index] = taken[index].saturatingAdd(count)
                }
                result[result.count - 1].taken = taken
            } else {
                result.append(branch)
            }
        }
        return result
    }

    /// Functions are one by name and first line (overloads share a name); a function a report
    /// places on line 0 (unknown) merges with the same name's known line.
    static func mergeFunctions(_ functions: [FunctionHit]) -> [FunctionHit] {
        if isStrictlyIncreasing(functions, { ($0.line, $0.name) < ($1.line, $1.name) }) {
            // Sorted and unique; unchanged unless a line-0 entry has a namesake with a known line.
            var unknownLine: Set<String> = []
            for function in functions where function.line == 0 { unknownLine.insert(function.name) }
            if unknownLine.isEmpty || !functions.contains(where: { $0.line != 0 && unknownLine.contains($0.name) }) {
                return functions
            }
        }
        var lineByName: [String: Int] = [:]
        for function in functions where function.line != 0 {
            if lineByName[function.name] == nil { lineByName[function.name] = function.line }
        }
        var order: [String] = []
        var byName: [String: FunctionHit] = [:]
        for var function in functions {
            if function.line == 0, let known = lineByName[function.name] { function.line = known }
            let key = "\(function.line)\u{0}\(function.name)"
            if var existing = byName[key] {
                existing.hits = existing.hits.saturatingAdd(function.hits)
                byName[key] = existing
            } else {
                order.append(key)
                byName[key] = function
            }
        }
        return order.compactMap { byName[$0] }.sorted { ($0.line, $0.name) < ($1.line, $1.name) }
    }

    static func mergeRegions(_ regions: [RegionHit]) -> [RegionHit] {
        if isStrictlyIncreasing(regions, regionOrder) { return regions }
        let sorted = regions.sorted(by: regionOrder)
        var result: [RegionHit] = []
        for region in sorted {
            if let last = result.last, last.startLine == region.startLine, last.startColumn == region.startColumn,
                last.endLine == region.endLine, last.endColumn == region.endColumn
            {
                result[result.count - 1].hits = last.hits.saturatingAdd(region.hits)
            } else {
                result.append(region)
            }
        }
        return result
    }

    static func regionOrder(_ left: RegionHit, _ right: RegionHit) -> Bool {
        (left.startLine, left.startColumn, left.endLine, left.endColumn)
            < (right.startLine, right.startColumn, right.endLine, right.endColumn)
    }

    /// Whether every element comes strictly before the next by `less`.
    @inline(__always)
    static func isStrictlyIncreasing<Element>(_ items: [Element], _ less: (Element, Element) -> Bool) -> Bool {
        var index = 1
        while index < items.count {
            if !less(items[index - 1], items[index]) { return false }
            index += 1
        }
        return true
    }
}

extension UInt64 {
    /// Addition that stops at `UInt64.max` instead of trapping: hit counts are evidence, not arithmetic.
    public func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
