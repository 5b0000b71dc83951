/// The parts of coverage.py's `coverage json` output (format 2 and 3) that qgate reads.
struct CoveragePyJSON: Decodable, Sendable {
    var meta: Meta
    var files: [String: File]
    var totals: Summary?

    struct Meta: Decodable, Sendable {
        /// 2 or 3; absent before coverage.py 5.x wrote it.
        var format: Int?
        var version: String?
    }

    struct File: Decodable, Sendable {
        var executedLines: [Int]
        var missingLines: [Int]
        var excludedLines: [Int]?
        /// Arcs `[from, to]`; a negative `to` is an exit from the code object.
        var executedBranches: [[Int]]?
        var missingBranches: [[Int]]?
        var functions: [String: Function]?

        enum CodingKeys: String, CodingKey {
            case executedLines = "executed_lines"
            case missingLines = "missing_lines"
            case excludedLines = "excluded_lines"
            case executedBranches = "executed_branches"
            case missingBranches = "missing_branches"
            case functions
        }
    }

    /// Format 3's per-function region (`""` is the module body).
    struct Function: Decodable, Sendable {
        var executedLines: [Int]
        var missingLines: [Int]
        var startLine: Int?

        enum CodingKeys: String, CodingKey {
            case executedLines = "executed_lines"
            case missingLines = "missing_lines"
            case startLine = "start_line"
        }
    }

    struct Summary: Decodable, Sendable {
        var coveredLines: Int
        var numStatements: Int
        var numBranches: Int?
        var coveredBranches: Int?

        enum CodingKeys: String, CodingKey {
            case coveredLines = "covered_lines"
            case numStatements = "num_statements"
            case numBranches = "num_branches"
            case coveredBranches = "covered_branches"
        }
    }
}
