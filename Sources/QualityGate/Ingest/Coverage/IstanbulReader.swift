import Foundation

/// Reads Istanbul / nyc `coverage-final.json` (the `json` reporter).
///
/// Rules are istanbul-lib-coverage's, so totals agree with `nyc report`:
/// - a line's hits are the maximum over the statements that start on it (`getLineCoverage`);
/// - functions come from `fnMap`/`f`, placed at their declaration line;
/// - each branch of `branchMap`/`b` adds one outcome per location to the line it starts on
///   (implicit `else` locations `{}` included); several branches on one line are kept side by
///   side, in key order;
/// - `skip` (`istanbul ignore`) is ignored, as Istanbul's totals count skipped items too.
/// Istanbul states no totals in this file, so `declared` is nil.
public struct IstanbulReader: CoverageFormatReader {
    public static let format = CoverageFormat.istanbul
    public var limits: JSONCoverageLimits

    public init(limits: JSONCoverageLimits = JSONCoverageLimits()) {
        self.limits = limits
    }

    public static func detect(head: String) -> String? {
        guard let object = JSONCoverageInput.objectHead(head), JSONCoverageInput.hasKey(object, "statementMap"),
            JSONCoverageInput.hasKey(object, "fnMap") || JSONCoverageInput.hasKey(object, "branchMap")
        else { return nil }
        return "JSON with statementMap/fnMap per file (Istanbul coverage-final.json)"
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let data = try JSONCoverageInput.load(path: path, limits: limits)
        let map = try JSONCoverageInput.decode(IstanbulCoverageMap.self, from: data, file: path, format: "istanbul")
        var diagnostics: [Diagnostic] = []
        var skipped = 0
        var files: [FileCoverage] = []
        for (filePath, coverage) in map.files {
            files.append(try file(filePath, coverage, report: path, skipped: &skipped))
        }
        if skipped > 0 {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "coverage.bad-line",
                    "\(skipped) statement(s), function(s) or branch(es) without a usable line skipped", file: path))
        }
        if files.isEmpty {
            diagnostics.append(
                Diagnostic(.warning, code: "coverage.no-files", "the Istanbul coverage map lists no files", file: path))
        }
        return CoverageReport(
            report: path, format: .istanbul, detectedBy: detectedBy, files: files, diagnostics: diagnostics)
    }

    private func file(
        _ filePath: String, _ data: IstanbulCoverageMap.FileData, report: String, skipped: inout Int
    ) throws(InputError) -> FileCoverage {
        let valid = { (line: Int?) -> Int? in
            guard let line, line >= 1, line <= limits.maxLine else { return nil }
            return line
        }

        var lineHits: [Int: UInt64] = [:]
        for key in data.s.keys.sorted(by: Self.byNumber) {
            guard let count = data.s[key] else { continue }
            if count.isNegative { throw negative("s[\"\(key)\"]", filePath, report) }
            // Istanbul ignores counters without a statement.
            guard let location = data.statementMap[key] else { continue }
            guard let line = valid(location.start?.line) else {
                skipped += 1
                continue
            }
            lineHits[line] = max(lineHits[line] ?? 0, count.value)
        }
        let lines = lineHits.map { LineHit(line: $0.key, hits: $0.value) }

        var functions: [FunctionHit] = []
        var usedNames: Set<String> = []
        let fnMap = data.fnMap ?? [:]
        for key in (data.f ?? [:]).keys.sorted(by: Self.byNumber) {
            guard let count = data.f?[key] else { continue }
            if count.isNegative { throw negative("f[\"\(key)\"]", filePath, report) }
            guard let function = fnMap[key] else { continue }
            let line = valid(function.decl?.start?.line) ?? valid(function.loc?.start?.line) ?? valid(function.line) ?? 0
            // Names repeat within a file (`(anonymous_3)` is unique, but two classes may both
            // have `constructor`); the model merges by name, so repeats keep their line.
            var name = function.name ?? "(anonymous_\(key))"
            if usedNames.contains(name) { name += "@\(line)" }
            usedNames.insert(name)
            functions.append(FunctionHit(name: name, line: line, hits: count.value))
        }

        var outcomesByLine: [Int: [UInt64]] = [:]
        let branchMap = data.branchMap ?? [:]
        for key in (data.b ?? [:]).keys.sorted(by: Self.byNumber) {
            guard let counts = data.b?[key] else { continue }
            if counts.contains(where: \.isNegative) { throw negative("b[\"\(key)\"]", filePath, report) }
            guard let branch = branchMap[key] else { continue }
            let firstLocation = branch.locations?.lazy.compactMap { valid($0.start?.line) }.first
            guard let line = valid(branch.loc?.start?.line) ?? valid(branch.line) ?? firstLocation else {
                skipped += 1
                continue
            }
            outcomesByLine[line, default: []] += counts.map(\.value)
        }
        let branches = outcomesByLine.map { BranchLine(line: $0.key, taken: $0.value) }

        return FileCoverage(path: filePath, lines: lines, branches: branches, functions: functions).normalized()
    }

    /// Istanbul keys are decimal indexes: "10" sorts after "9".
    static func byNumber(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case (let x?, let y?): x < y
        default: a < b
        }
    }

    private func negative(_ place: String, _ file: String, _ report: String) -> InputError {
        .invalid(
            file: report, line: 0, column: 0, format: "istanbul",
            reason: "negative count at \(place) of \(file); counters are unsigned")
    }
}
