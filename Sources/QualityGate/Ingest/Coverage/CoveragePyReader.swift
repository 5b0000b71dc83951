import Foundation

/// Reads coverage.py's `coverage json` report.
///
/// coverage.py records whether a line ran, not how often: executed lines get 1 hit, missing
/// lines 0, excluded lines (`# pragma: no cover`) are not coverable. Branches are arcs; each
/// source line with arcs becomes one `BranchLine` whose outcomes are its arcs sorted by target
/// (taken = executed). Functions (format 3) are entered when one of their lines ran, the rule
/// of coverage.py's own LCOV report; the module body and functions without statements are left
/// out. `declared` is `totals`: statements and branches.
public struct CoveragePyReader: CoverageFormatReader {
    public static let format = CoverageFormat.coveragePy
    public var limits: JSONCoverageLimits

    public init(limits: JSONCoverageLimits = JSONCoverageLimits()) {
        self.limits = limits
    }

    public static func detect(head: String) -> String? {
        guard let object = JSONCoverageInput.objectHead(head), JSONCoverageInput.hasKey(object, "meta"),
            JSONCoverageInput.hasKey(object, "files")
        else { return nil }
        if JSONCoverageInput.hasKey(object, "executed_lines") || JSONCoverageInput.hasKey(object, "show_contexts")
            || JSONCoverageInput.hasKey(object, "num_statements")
        {
            return "JSON with meta and files[].executed_lines (coverage.py json)"
        }
        return nil
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let data = try JSONCoverageInput.load(path: path, limits: limits)
        let report = try JSONCoverageInput.decode(CoveragePyJSON.self, from: data, file: path, format: "coverage.py")
        var diagnostics: [Diagnostic] = []
        if let format = report.meta.format, !(2...3).contains(format) {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "coverage.coverage-py.format",
                    "coverage.py JSON format \(format) is not one qgate knows (2, 3); read as 3", file: path))
        }

        var declared: CoverageTotals?
        if let totals = report.totals {
            declared = CoverageTotals(
                lines: CoverageRatio(covered: totals.coveredLines, total: totals.numStatements),
                branches: CoverageRatio(covered: totals.coveredBranches ?? 0, total: totals.numBranches ?? 0))
        }

        var skipped = 0
        var files: [FileCoverage] = []
        // JSON objects have no order to keep; sorted paths keep the output stable.
        for name in report.files.keys.sorted() {
            guard let file = report.files[name] else { continue }
            let valid = { (line: Int) in line >= 1 && line <= limits.maxLine }
            var lines = file.executedLines.filter(valid).map { LineHit(line: $0, hits: 1) }
            lines += file.missingLines.filter(valid).map { LineHit(line: $0, hits: 0) }
            skipped += file.executedLines.count + file.missingLines.count - lines.count

            var arcs: [Int: [(target: Int, taken: UInt64)]] = [:]
            for (arcList, taken) in [(file.executedBranches ?? [], UInt64(1)), (file.missingBranches ?? [], 0)] {
                for arc in arcList {
                    guard arc.count == 2, valid(arc[0]) else {
                        skipped += 1
                        continue
                    }
                    arcs[arc[0], default: []].append((arc[1], taken))
                }
            }
            let branches = arcs.keys.sorted().compactMap { line -> BranchLine? in
                guard let outcomes = arcs[line] else { return nil }
                return BranchLine(line: line, taken: outcomes.sorted { $0.target < $1.target }.map(\.taken))
            }

            var functions: [FunctionHit] = []
            for (functionName, function) in file.functions ?? [:] where !functionName.isEmpty {
                guard !(function.executedLines.isEmpty && function.missingLines.isEmpty) else { continue }
                let line = function.startLine ?? (function.executedLines + function.missingLines).min() ?? 0
                functions.append(
                    FunctionHit(name: functionName, line: line, hits: function.executedLines.isEmpty ? 0 : 1))
            }
            files.append(
                FileCoverage(path: name, lines: lines, branches: branches, functions: functions).normalized())
        }
        if skipped > 0 {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "coverage.bad-line",
                    "\(skipped) line number(s) or arc(s) outside 1...\(limits.maxLine) skipped", file: path))
        }
        if files.isEmpty {
            diagnostics.append(
                Diagnostic(.warning, code: "coverage.no-files", "the coverage.py report lists no files", file: path))
        }
        return CoverageReport(
            report: path, format: .coveragePy, detectedBy: detectedBy, files: files, declared: declared,
            diagnostics: diagnostics)
    }
}
