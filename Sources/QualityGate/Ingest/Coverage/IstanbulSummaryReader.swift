import Foundation

/// Reads Istanbul / nyc `coverage-summary.json` (the `json-summary` reporter).
///
/// The file holds totals only, so the report is `summaryOnly` with `declared` = `total`
/// (lines, functions, branches); no line data means no patch coverage, which a warning says.
/// Istanbul's statement counter has no place in the model and is named in that warning.
public struct IstanbulSummaryReader: CoverageFormatReader {
    public static let format = CoverageFormat.istanbulSummary
    public var limits: JSONCoverageLimits

    public init(limits: JSONCoverageLimits = JSONCoverageLimits()) {
        self.limits = limits
    }

    public static func detect(head: String) -> String? {
        guard let object = JSONCoverageInput.objectHead(head), JSONCoverageInput.hasKey(object, "total"),
            JSONCoverageInput.hasKey(object, "lines"), JSONCoverageInput.hasKey(object, "statements"),
            JSONCoverageInput.hasKey(object, "pct"), !JSONCoverageInput.hasKey(object, "statementMap")
        else { return nil }
        return "JSON with total.lines/statements/pct (Istanbul coverage-summary.json)"
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let data = try JSONCoverageInput.load(path: path, limits: limits)
        let summary = try JSONCoverageInput.decode(
            IstanbulSummaryJSON.self, from: data, file: path, format: "istanbul-summary")
        let total = summary.total
        for (name, counter) in [
            ("lines", total.lines), ("functions", total.functions), ("branches", total.branches),
            ("statements", total.statements),
        ] {
            guard let counter else { continue }
            if counter.total < 0 || counter.covered < 0 || counter.covered > counter.total {
                throw .invalid(
                    file: path, line: 0, column: 0, format: "istanbul-summary",
                    reason: "total.\(name) says \(counter.covered) covered of \(counter.total)")
            }
        }
        let declared = CoverageTotals(
            lines: total.lines.ratio, branches: total.branches?.ratio ?? CoverageRatio(),
            functions: total.functions?.ratio ?? CoverageRatio())
        var message = "Istanbul coverage-summary.json carries totals only (\(summary.fileCount) per-file entries not kept): "
            + "no line data, so no patch coverage"
        if let statements = total.statements {
            message += "; statements \(statements.covered)/\(statements.total) are not a qgate measure"
        }
        return CoverageReport(
            report: path, format: .istanbulSummary, detectedBy: detectedBy, files: [], declared: declared,
            diagnostics: [Diagnostic(.warning, code: "coverage.summary-only", message, file: path)],
            summaryOnly: true)
    }
}
