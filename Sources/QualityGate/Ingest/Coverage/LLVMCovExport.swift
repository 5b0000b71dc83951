/// The parts of an `llvm-cov export` JSON document that qgate reads.
///
/// Only the keys declared here are decoded; `expansions`, `mcdc_records`, per-file summaries
/// and the rest are skipped. Arrays of mixed numbers and booleans (segments, regions,
/// branches) are decoded positionally.
struct LLVMCovExport: Decodable, Sendable {
    var type: String?
    var version: String?
    var data: [Entry]

    struct Entry: Decodable, Sendable {
        var files: [File]
        var functions: [Function]?
        var totals: Summary?
    }

    struct File: Decodable, Sendable {
        var filename: String
        /// Absent in `-summary-only` exports.
        var segments: [Segment]?
        var branches: [Branch]?
    }

    struct Function: Decodable, Sendable {
        var name: String
        var count: JSONCount
        var regions: [Region]
        var filenames: [String]
    }

    /// `[line, col, count, hasCount, isRegionEntry, isGapRegion]`; LLVM before 6 wrote five
    /// fields (no gap flag).
    struct Segment: Decodable, Sendable {
        var line: Int
        var column: Int
        var count: JSONCount
        var hasCount: Bool
        var isRegionEntry: Bool
        var isGapRegion: Bool

        init(line: Int, column: Int, count: UInt64, hasCount: Bool, isRegionEntry: Bool, isGapRegion: Bool) {
            self.line = line
            self.column = column
            self.count = JSONCount(count)
            self.hasCount = hasCount
            self.isRegionEntry = isRegionEntry
            self.isGapRegion = isGapRegion
        }

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            line = try container.decode(Int.self)
            column = try container.decode(Int.self)
            count = try container.decode(JSONCount.self)
            hasCount = try Self.flag(&container)
            isRegionEntry = try Self.flag(&container)
            isGapRegion = container.isAtEnd ? false : try Self.flag(&container)
        }

        /// `true`/`false`, or `1`/`0` from hand-rolled writers.
        static func flag(_ container: inout any UnkeyedDecodingContainer) throws -> Bool {
            if let value = try? container.decode(Bool.self) { return value }
            return try container.decode(Int.self) != 0
        }
    }

    /// `[lineStart, colStart, lineEnd, colEnd, count, fileID, expandedFileID, kind]`;
    /// kind 0 = code, 1 = expansion, 2 = skipped, 3 = gap, 4+ = branch / MC/DC.
    struct Region: Decodable, Sendable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        var count: JSONCount
        var fileID: Int
        var expandedFileID: Int
        var kind: Int

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            startLine = try container.decode(Int.self)
            startColumn = try container.decode(Int.self)
            endLine = try container.decode(Int.self)
            endColumn = try container.decode(Int.self)
            count = try container.decode(JSONCount.self)
            fileID = container.isAtEnd ? 0 : try container.decode(Int.self)
            expandedFileID = container.isAtEnd ? 0 : try container.decode(Int.self)
            kind = container.isAtEnd ? 0 : try container.decode(Int.self)
        }
    }

    /// `[lineStart, colStart, lineEnd, colEnd, trueCount, falseCount, fileID, expandedFileID, kind]`.
    struct Branch: Decodable, Sendable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        var trueCount: JSONCount
        var falseCount: JSONCount

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            startLine = try container.decode(Int.self)
            startColumn = try container.decode(Int.self)
            endLine = try container.decode(Int.self)
            endColumn = try container.decode(Int.self)
            trueCount = try container.decode(JSONCount.self)
            falseCount = try container.decode(JSONCount.self)
        }
    }

    struct Summary: Decodable, Sendable {
        var lines: Counter?
        var functions: Counter?
        var regions: Counter?
        var branches: Counter?

        var totals: CoverageTotals {
            CoverageTotals(
                lines: lines?.ratio ?? CoverageRatio(), branches: branches?.ratio ?? CoverageRatio(),
                functions: functions?.ratio ?? CoverageRatio(), regions: regions?.ratio ?? CoverageRatio())
        }
    }

    struct Counter: Decodable, Sendable {
        var count: Int
        var covered: Int

        var ratio: CoverageRatio { CoverageRatio(covered: covered, total: count) }
    }
}
