/// The element-by-element state of `CloverReader`, driven by `XMLEventStream`.
final class CloverHandler: XMLEventHandler {
    let report: String
    private var files: CoverageFileAccumulator
    private var declared: CoverageTotals?
    private var sawProject = false
    private var testProjectLines = 0

    private enum Kind { case root, project, testproject, file, other }
    private var stack: [Kind] = []
    private var inTestProject = false
    private var filePath: String?
    private var lines: [LineHit] = []
    private var branches: [BranchLine] = []
    private var functions: [FunctionHit] = []
    /// `cond` lines without `count` (OpenClover): added at the file's end if no `stmt` covers them.
    private var condOnly: [LineHit] = []

    init(report: String) {
        self.report = report
        self.files = CoverageFileAccumulator(report: report)
    }

    func startElement(_ name: XMLBytes, _ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard let parent = stack.last else {
            guard name == "coverage" else {
                stream.stop(
                    .invalid(
                        file: report, line: stream.line, column: stream.column, format: "Clover",
                        reason: CoverageXMLRoot.mismatch(root: name.string, expected: "coverage", format: "Clover")))
                return
            }
            stack.append(.root)
            return
        }
        var kind = Kind.other
        if name == "line" {
            if parent == .file {
                if inTestProject { testProjectLines += 1 } else { startLine(attributes, in: stream) }
            }
        } else if name == "file" {
            // Anywhere inside the project: Istanbul nests packages inside the project's
            // (non-empty) <metrics>, PHPUnit puts files directly under <project>.
            if sawProject, stack.contains(where: { $0 == .project || $0 == .testproject }) {
                kind = .file
                startFile(attributes)
            }
        } else if name == "metrics" {
            if parent == .project, !inTestProject { projectMetrics(attributes) }
        } else if name == "project" || name == "testproject" {
            if parent == .root {
                kind = name == "project" ? .project : .testproject
                inTestProject = kind == .testproject
                sawProject = true
            }
        } else if (name == "packages" || name == "sources"), parent == .root {
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "Clover",
                    reason: "<coverage> with <\(name.string)> is a Cobertura report (format: cobertura)"))
            return
        }
        stack.append(kind)
    }

    func endElement(_ name: XMLBytes, in stream: XMLEventStream) {
        guard let kind = stack.popLast() else { return }
        switch kind {
        case .file:
            finishFile()
        case .project, .testproject:
            inTestProject = false
        default:
            break
        }
    }

    private func startFile(_ attributes: XMLAttributeList) {
        lines.removeAll(keepingCapacity: true)
        branches.removeAll(keepingCapacity: true)
        functions.removeAll(keepingCapacity: true)
        condOnly.removeAll(keepingCapacity: true)
        let path = attributes["path"].flatMap { $0.isEmpty ? nil : $0 } ?? attributes["name"]
        filePath = path.map(\.string)
    }

    private func finishFile() {
        defer { filePath = nil }
        guard !inTestProject, let path = filePath else { return }
        if !condOnly.isEmpty {
            let stated = Set(lines.map(\.line))
            lines += condOnly.filter { !stated.contains($0.line) }
        }
        files.add(path: path, lines: lines, branches: branches, functions: functions)
    }

    private func count(_ key: StaticString, _ attributes: XMLAttributeList, line: Int, in stream: XMLEventStream) -> UInt64?? {
        guard let bytes = attributes[key] else { return .some(nil) }
        switch bytes.count64 {
        case .value(let value): return .some(value)
        case .negative:
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "Clover",
                    reason: "negative \(key) '\(bytes.string)' for line \(line) of '\(filePath ?? "")'"))
            return nil
        case .invalid:
            files.skip(
                "coverage.invalid-hits",
                "<line num=\"\(line)\"> in '\(filePath ?? "")' skipped: \(key) '\(bytes.string)' is not a count",
                line: stream.line, column: stream.column)
            return nil
        }
    }

    private func startLine(_ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard filePath != nil else { return }
        guard let number = attributes["num"]?.int, number > 0 else {
            files.skip(
                "coverage.invalid-line-number",
                "<line> with num '\(attributes["num"]?.string ?? "")' in '\(filePath ?? "")' skipped: not a positive line number",
                line: stream.line, column: stream.column)
            return
        }
        guard let countValue = count("count", attributes, line: number, in: stream) else { return }
        let type = attributes["type"]
        if let type, type == "method" {
            let name = (attributes["signature"] ?? attributes["name"]).map(\.string) ?? "line \(number)"
            functions.append(FunctionHit(name: name, line: number, hits: countValue ?? 0))
        } else if let type, type == "cond" {
            guard let trueCount = count("truecount", attributes, line: number, in: stream),
                let falseCount = count("falsecount", attributes, line: number, in: stream)
            else { return }
            let taken = [trueCount ?? 0, falseCount ?? 0]
            branches.append(BranchLine(line: number, taken: taken))
            if let countValue {
                lines.append(LineHit(line: number, hits: countValue))
            } else {
                condOnly.append(LineHit(line: number, hits: taken[0].saturatingAdd(taken[1])))
            }
        } else {
            guard let countValue else {
                files.skip(
                    "coverage.invalid-hits",
                    "<line num=\"\(number)\"> in '\(filePath ?? "")' skipped: no count",
                    line: stream.line, column: stream.column)
                return
            }
            lines.append(LineHit(line: number, hits: countValue))
        }
    }

    private func projectMetrics(_ attributes: XMLAttributeList) {
        func ratio(_ coveredKey: StaticString, _ totalKey: StaticString) -> CoverageRatio? {
            guard let total = attributes[totalKey], case .value(let totalCount) = total.count64 else { return nil }
            var covered: UInt64 = 0
            if let coveredBytes = attributes[coveredKey], case .value(let value) = coveredBytes.count64 { covered = value }
            return CoverageRatio(
                covered: CoverageFileAccumulator.clamp(covered), total: CoverageFileAccumulator.clamp(totalCount))
        }
        let lines = ratio("coveredstatements", "statements")
        let branches = ratio("coveredconditionals", "conditionals")
        let functions = ratio("coveredmethods", "methods")
        guard lines != nil || branches != nil || functions != nil else { return }
        declared = CoverageTotals(
            lines: lines ?? CoverageRatio(), branches: branches ?? CoverageRatio(), functions: functions ?? CoverageRatio())
    }

    func finish(detectedBy: String, xmlWarnings: [Diagnostic]) throws(InputError) -> CoverageReport {
        guard sawProject else {
            throw .invalid(
                file: report, line: 0, column: 0, format: "Clover",
                reason: "<coverage> without a <project> element is not a Clover report")
        }
        var diagnostics = xmlWarnings + files.diagnostics()
        if testProjectLines > 0 {
            diagnostics.append(
                Diagnostic(
                    .note, code: "coverage.clover-testproject-skipped",
                    "<testproject> (test sources, \(testProjectLines) line records) is not counted, like OpenClover's own project metrics",
                    file: report))
        }
        return CoverageReport(
            report: report, format: .clover, detectedBy: detectedBy, files: files.finishedFiles(), declared: declared,
            diagnostics: diagnostics)
    }
}
