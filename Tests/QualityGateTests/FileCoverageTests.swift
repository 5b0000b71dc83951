import Foundation
import Testing

@testable import QualityGate

/// `FileCoverage.normalized()` and merging: the already-normalised shortcut must give the
/// same values as the full sort-and-merge, including the cases that look sorted but are not
/// normal (a line-0 function with a namesake, duplicates next to each other).
@Suite("File coverage normalisation")
struct FileCoverageTests {
    @Test func branchLineFromCountsFillsTheFirstOutcomes() {
        #expect(BranchLine(line: 3, covered: 2, total: 4).taken == [1, 1, 0, 0])
        #expect(BranchLine(line: 3, covered: 5, total: 2).taken == [1, 1])
        #expect(BranchLine(line: 3, covered: -1, total: 2).taken == [0, 0])
        #expect(BranchLine(line: 3, covered: 1, total: -2).taken == [])
        #expect(!BranchLine(line: 3, covered: 1, total: 2).positional)
    }

    @Test func countsAndListsOfTheSameOutcomesAreOneValue() throws {
        let counted = BranchLine(line: 3, covered: 2, total: 3)
        var listed = BranchLine(line: 3, taken: [1, 1, 0])
        #expect(counted != listed)  // positional differs
        listed.positional = false
        #expect(counted == listed)
        #expect(Set([counted, listed]).count == 1)
        #expect(counted.ratio == CoverageRatio(covered: 2, total: 3))
        #expect(BranchLine(line: 3, taken: [0, 4, 0, 2]).ratio == CoverageRatio(covered: 2, total: 4))
        #expect(counted != BranchLine(line: 3, covered: 1, total: 3))

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(counted), as: UTF8.self)
        #expect(json == #"{"line":3,"positional":false,"taken":[1,1,0]}"#)
        #expect(try JSONDecoder().decode(BranchLine.self, from: Data(json.utf8)) == counted)

        var grown = counted
        grown.taken.append(5)
        grown.taken[2] = 7
        #expect(grown.taken == [1, 1, 7, 5])
        #expect(grown.ratio == CoverageRatio(covered: 4, total: 4))
        #expect(counted.taken == [1, 1, 0])
    }

    @Test func sortedUniqueDataIsKeptAsIs() {
        let file = FileCoverage(
            path: "a.c", lines: [LineHit(line: 1, hits: 0), LineHit(line: 4, hits: 2)],
            branches: [BranchLine(line: 4, taken: [1, 0]), BranchLine(line: 9, covered: 1, total: 2)],
            functions: [FunctionHit(name: "f", line: 0, hits: 1), FunctionHit(name: "g", line: 4, hits: 0)],
            regions: [
                RegionHit(startLine: 1, startColumn: 1, endLine: 2, endColumn: 1, hits: 1),
                RegionHit(startLine: 1, startColumn: 1, endLine: 3, endColumn: 1, hits: 0),
            ])
        #expect(file.normalized() == file)
    }

    @Test func duplicatesAndDisorderAreMerged() {
        let file = FileCoverage(
            path: "a.c", lines: [LineHit(line: 4, hits: 2), LineHit(line: 1, hits: 1), LineHit(line: 4, hits: .max)],
            branches: [
                BranchLine(line: 4, taken: [1, 0]), BranchLine(line: 4, taken: [0, 3, 1]),
                BranchLine(line: 2, covered: 1, total: 2), BranchLine(line: 2, covered: 2, total: 2),
            ],
            functions: [
                FunctionHit(name: "f", line: 0, hits: 1), FunctionHit(name: "f", line: 7, hits: 2),
                FunctionHit(name: "g", line: 3, hits: 1), FunctionHit(name: "g", line: 3, hits: 1),
            ],
            regions: [
                RegionHit(startLine: 2, startColumn: 1, endLine: 2, endColumn: 9, hits: 1),
                RegionHit(startLine: 2, startColumn: 1, endLine: 2, endColumn: 9, hits: 4),
                RegionHit(startLine: 1, startColumn: 5, endLine: 2, endColumn: 1, hits: 0),
            ])
        let normal = file.normalized()
        #expect(normal.lines == [LineHit(line: 1, hits: 1), LineHit(line: 4, hits: .max)])
        #expect(normal.branches == [BranchLine(line: 2, covered: 2, total: 2), BranchLine(line: 4, taken: [1, 3, 1])])
        #expect(normal.functions == [FunctionHit(name: "g", line: 3, hits: 2), FunctionHit(name: "f", line: 7, hits: 3)])
        #expect(
            normal.regions == [
                RegionHit(startLine: 1, startColumn: 5, endLine: 2, endColumn: 1, hits: 0),
                RegionHit(startLine: 2, startColumn: 1, endLine: 2, endColumn: 9, hits: 5),
            ])
        #expect(normal.normalized() == normal)
    }

    @Test func sortedFunctionsWithAnUnknownLineStillMergeWithTheirNamesake() {
        // Sorted by (line, name) and unique, yet not normal: "f" on line 0 is "f" on line 7.
        let file = FileCoverage(
            path: "a.c",
            functions: [FunctionHit(name: "f", line: 0, hits: 1), FunctionHit(name: "f", line: 7, hits: 2)])
        #expect(file.normalized().functions == [FunctionHit(name: "f", line: 7, hits: 3)])
    }

    @Test func mergingTwoReportsSumsPerLine() {
        let first = FileCoverage(path: "a.c", lines: [LineHit(line: 1, hits: 1), LineHit(line: 2, hits: 0)])
        let second = FileCoverage(path: "a.c", lines: [LineHit(line: 2, hits: 3), LineHit(line: 5, hits: 0)])
        #expect(
            first.merging(second).lines == [LineHit(line: 1, hits: 1), LineHit(line: 2, hits: 3), LineHit(line: 5, hits: 0)])
        #expect(FileCoverage.mergedByPath([first, second]).map(\.lines) == [first.merging(second).lines])
    }
}
