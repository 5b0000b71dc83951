import Foundation

/// Reads gcovr's `--json` report (not the `--json-summary` one).
///
/// Lines marked `gcovr/excluded` or `gcovr/noncode` are not coverable, and their branches go
/// with them; excluded branches and functions are dropped too. gcovr lists a line once per
/// function that owns code on it (inline, template and destructor variants such as `D0`/`D2`);
/// the model has one entry per line number, so such entries are merged: hits summed, branch
/// outcomes summed by position (covered when any variant covered them). Functions use the
/// demangled name when there is one.
public struct GcovrJSONReader: CoverageFormatReader {
    public static let format = CoverageFormat.gcovr
    public var limits: JSONCoverageLimits

    public init(limits: JSONCoverageLimits = JSONCoverageLimits()) {
        self.limits = limits
    }

    public static func detect(head: String) -> String? {
        guard let object = JSONCoverageInput.objectHead(head) else { return nil }
        if JSONCoverageInput.hasKey(object, "gcovr/format_version")
            || JSONCoverageInput.hasKey(object, "gcovr_json_format_version")
        {
            return "JSON with gcovr/format_version and files[].lines (gcovr --json)"
        }
        return nil
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let data = try JSONCoverageInput.load(path: path, limits: limits)
        let report = try JSONCoverageInput.decode(GcovrJSON.self, from: data, file: path, format: "gcovr")
        var diagnostics: [Diagnostic] = []
        var skipped = 0
        var order: [String] = []
        var byPath: [String: FileCoverage] = [:]
        for (fileIndex, file) in report.files.enumerated() {
            var lines: [LineHit] = []
            var branches: [BranchLine] = []
            for (lineIndex, line) in file.lines.enumerated() {
                let place = "files[\(fileIndex)].lines[\(lineIndex)]"
                if line.count.isNegative { throw negative(place, file.file, line.lineNumber, path) }
                if line.excluded == true || line.noncode == true { continue }
                guard line.lineNumber >= 1, line.lineNumber <= limits.maxLine else {
                    skipped += 1
                    continue
                }
                lines.append(LineHit(line: line.lineNumber, hits: line.count.value))
                var taken: [UInt64] = []
                for branch in line.branches ?? [] {
                    if branch.count.isNegative {
                        throw negative(place + ".branches", file.file, line.lineNumber, path)
                    }
                    if branch.excluded != true { taken.append(branch.count.value) }
                }
                if !taken.isEmpty { branches.append(BranchLine(line: line.lineNumber, taken: taken)) }
            }

            var functions: [FunctionHit] = []
            var usedNames: Set<String> = []
            for function in file.functions ?? [] where function.excluded != true {
                if function.executionCount?.isNegative == true {
                    throw negative("function \(function.name ?? "?")", file.file, function.lineno ?? 0, path)
                }
                let line = function.lineno ?? 0
                var name = function.demangledName ?? function.name ?? "(unnamed)"
                // One name on several lines is several functions (gcovr's "separate" merge mode).
                if usedNames.contains(name) { name += "@\(line)" }
                usedNames.insert(name)
                functions.append(FunctionHit(name: name, line: line, hits: function.executionCount?.value ?? 0))
            }

            let coverage = FileCoverage(path: file.file, lines: lines, branches: branches, functions: functions)
            if let existing = byPath[file.file] {
                byPath[file.file] = existing.merging(coverage)
            } else {
                order.append(file.file)
                byPath[file.file] = coverage.normalized()
            }
        }
        if skipped > 0 {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "coverage.bad-line",
                    "\(skipped) line record(s) with a line number outside 1...\(limits.maxLine) skipped", file: path))
        }
        if order.isEmpty {
            diagnostics.append(
                Diagnostic(.warning, code: "coverage.no-files", "the gcovr report lists no files", file: path))
        }
        return CoverageReport(
            report: path, format: .gcovr, detectedBy: detectedBy, files: order.compactMap { byPath[$0] },
            diagnostics: diagnostics)
    }

    private func negative(_ place: String, _ file: String, _ line: Int, _ report: String) -> InputError {
        .invalid(
            file: report, line: 0, column: 0, format: "gcovr",
            reason: "negative count at \(place) (\(file) line \(line)); counters are unsigned")
    }
}
