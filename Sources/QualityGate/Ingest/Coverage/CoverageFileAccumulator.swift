/// Collects per-file coverage in report order while a reader streams, merges a file that the
/// report lists more than once (Cobertura inner classes, JaCoCo groups), and folds skipped
/// records into one warning per kind instead of one per record.
struct CoverageFileAccumulator {
    private var index: [String: Int] = [:]
    private var files: [FileCoverage] = []
    private var skipped: [String: Skipped] = [:]
    private var skipOrder: [String] = []
    let report: String

    struct Skipped {
        var count: Int
        var message: String
        var line: Int
        var column: Int
    }

    init(report: String) {
        self.report = report
    }

    var isEmpty: Bool { files.isEmpty }

    /// Appends data to the file at `path`, creating it on first sight.
    mutating func add(
        path: String, lines: [LineHit] = [], branches: [BranchLine] = [], functions: [FunctionHit] = []
    ) {
        let slot: Int
        if let existing = index[path] {
            slot = existing
        } else {
            slot = files.count
            index[path] = slot
            files.append(FileCoverage(path: path))
        }
        files[slot].lines += lines
        files[slot].branches += branches
        files[slot].functions += functions
    }

    /// Counts a skipped record; the first occurrence's message and position are kept.
    mutating func skip(_ code: String, _ message: @autoclosure () -> String, line: Int, column: Int) {
        if skipped[code] != nil {
            skipped[code]!.count += 1
        } else {
            skipped[code] = Skipped(count: 1, message: message(), line: line, column: column)
            skipOrder.append(code)
        }
    }

    /// The files, each normalised (sorted, duplicates merged).
    func finishedFiles() -> [FileCoverage] {
        files.map { $0.normalized() }
    }

    /// One warning per kind of skipped record.
    func diagnostics() -> [Diagnostic] {
        skipOrder.compactMap { code in
            guard let entry = skipped[code] else { return nil }
            let more = entry.count > 1 ? " (\(entry.count) such records skipped; first shown)" : ""
            return Diagnostic(.warning, code: code, entry.message + more, file: report, line: entry.line, column: entry.column)
        }
    }

    static func clamp(_ value: UInt64) -> Int {
        value > UInt64(Int.max) ? Int.max : Int(value)
    }
}
