/// The element-by-element state of `JaCoCoReader`, driven by `XMLEventStream`.
final class JaCoCoHandler: XMLEventHandler {
    let report: String
    private var files: CoverageFileAccumulator
    private var declared = CoverageTotals()
    private var declaredAny = false
    private var linesWithoutCounts = 0
    private var firstLineWithoutCounts: (line: Int, column: Int)?

    private enum Kind { case report, group, package, klass, method, sourcefile, other }
    private var stack: [Kind] = []
    private var packageName = ""
    private var sourcefilePath: String?
    private var lines: [LineHit] = []
    private var branches: [BranchLine] = []
    private var classSourcePath: String?
    private var method: (name: String, line: Int, hits: UInt64?)?
    private var classFunctions: [FunctionHit] = []
    private var className = ""
    private var packageSourceFiles: [String] = []
    private var pendingClasses: [(name: String, functions: [FunctionHit], line: Int, column: Int)] = []

    init(report: String) {
        self.report = report
        self.files = CoverageFileAccumulator(report: report)
    }

    func startElement(_ name: XMLBytes, _ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard let parent = stack.last else {
            guard name == "report" else {
                stream.stop(
                    .invalid(
                        file: report, line: stream.line, column: stream.column, format: "JaCoCo",
                        reason: CoverageXMLRoot.mismatch(root: name.string, expected: "report", format: "JaCoCo")))
                return
            }
            stack.append(.report)
            return
        }
        var kind = Kind.other
        if name == "line" {
            if parent == .sourcefile { startLine(attributes, in: stream) }
        } else if name == "counter" {
            counter(attributes, parent: parent, in: stream)
        } else if name == "method" {
            if parent == .klass {
                kind = .method
                method = (
                    (attributes["name"]?.string ?? "") + (attributes["desc"]?.string ?? ""),
                    attributes["line"]?.int ?? 0, nil
                )
            }
        } else if name == "class" {
            if parent == .package {
                kind = .klass
                classFunctions.removeAll(keepingCapacity: true)
                classSourcePath = attributes["sourcefilename"].flatMap { $0.isEmpty ? nil : path(for: $0.string) }
                className = classSourcePath == nil ? (attributes["name"]?.string ?? "") : ""
            }
        } else if name == "sourcefile" {
            if parent == .package {
                kind = .sourcefile
                lines.removeAll(keepingCapacity: true)
                branches.removeAll(keepingCapacity: true)
                let fileName = attributes["name"]?.string ?? ""
                packageSourceFiles.append(fileName)
                sourcefilePath = path(for: fileName)
            }
        } else if name == "package" {
            if parent == .report || parent == .group {
                kind = .package
                packageName = attributes["name"]?.string ?? ""
                packageSourceFiles.removeAll()
                pendingClasses.removeAll()
            }
        } else if name == "group" {
            if parent == .report || parent == .group { kind = .group }
        }
        stack.append(kind)
    }

    func endElement(_ name: XMLBytes, in stream: XMLEventStream) {
        guard let kind = stack.popLast() else { return }
        switch kind {
        case .method:
            if let method { classFunctions.append(FunctionHit(name: method.name, line: method.line, hits: method.hits ?? 0)) }
            method = nil
        case .klass:
            if let classSourcePath {
                files.add(path: classSourcePath, functions: classFunctions)
            } else if !classFunctions.isEmpty {
                // JaCoCo before 0.8 wrote no sourcefilename: match the outer class name to a
                // <sourcefile> of the same package when the package ends.
                pendingClasses.append((className, classFunctions, stream.line, stream.column))
            }
            classSourcePath = nil
        case .sourcefile:
            if let sourcefilePath { files.add(path: sourcefilePath, lines: lines, branches: branches) }
            sourcefilePath = nil
        case .package:
            resolvePendingClasses()
            packageName = ""
        default:
            break
        }
    }

    /// `test/TestClass$Nested` → the package's `TestClass.*` source file, when exactly one matches.
    private func resolvePendingClasses() {
        for pending in pendingClasses {
            let simple = pending.name.split(separator: "/").last.map(String.init) ?? pending.name
            let outer = simple.split(separator: "$").first.map(String.init) ?? simple
            let matches = packageSourceFiles.filter { file in
                let stem = file.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? file
                return stem == outer
            }
            if matches.count == 1 {
                files.add(path: path(for: matches[0]), functions: pending.functions)
            } else {
                files.skip(
                    "coverage.jacoco-class-without-source",
                    "<class name=\"\(pending.name)\"> has no sourcefilename and no unique source file matches it: its \(pending.functions.count) method(s) are not attributed to a file",
                    line: pending.line, column: pending.column)
            }
        }
        pendingClasses.removeAll()
    }

    private func path(for file: String) -> String {
        packageName.isEmpty ? file : packageName + "/" + file
    }

    private func startLine(_ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard let number = attributes["nr"]?.int, number > 0 else {
            files.skip(
                "coverage.invalid-line-number",
                "<line> with nr '\(attributes["nr"]?.string ?? "")' in '\(sourcefilePath ?? "")' skipped: not a positive line number",
                line: stream.line, column: stream.column)
            return
        }
        var values: [UInt64] = []
        for key: StaticString in ["mi", "ci", "mb", "cb"] {
            guard let bytes = attributes[key] else {
                values.append(0)
                continue
            }
            switch bytes.count64 {
            case .value(let value): values.append(value)
            case .negative, .invalid:
                stream.stop(
                    .invalid(
                        file: report, line: stream.line, column: stream.column, format: "JaCoCo",
                        reason: "\(key)='\(bytes.string)' for line \(number) of '\(sourcefilePath ?? "")' is not a non-negative count"))
                return
            }
        }
        if !attributes.contains("mi") && !attributes.contains("ci") {
            linesWithoutCounts += 1
            if firstLineWithoutCounts == nil { firstLineWithoutCounts = (stream.line, stream.column) }
        }
        lines.append(LineHit(line: number, hits: values[1]))
        let missedBranches = values[2]
        let coveredBranches = values[3]
        if missedBranches.saturatingAdd(coveredBranches) > 0 {
            let total = CoverageFileAccumulator.clamp(missedBranches.saturatingAdd(coveredBranches))
            branches.append(BranchLine(line: number, covered: CoverageFileAccumulator.clamp(coveredBranches), total: total))
        }
    }

    private func counter(_ attributes: XMLAttributeList, parent: Kind, in stream: XMLEventStream) {
        guard parent == .report || parent == .method, let type = attributes["type"] else { return }
        guard case .value(let missed) = attributes["missed"]?.count64 ?? .invalid,
            case .value(let covered) = attributes["covered"]?.count64 ?? .invalid
        else {
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "JaCoCo",
                    reason: "<counter type=\"\(type.string)\"> needs non-negative missed and covered counts"))
            return
        }
        if parent == .method {
            if type == "METHOD" {
                method?.hits = covered > 0 ? 1 : 0
            } else if type == "INSTRUCTION", method?.hits == nil {
                // Fallback for writers without METHOD counters; a later METHOD counter wins.
                method?.hits = covered > 0 ? 1 : 0
            }
            return
        }
        let ratio = CoverageRatio(
            covered: CoverageFileAccumulator.clamp(covered),
            total: CoverageFileAccumulator.clamp(missed.saturatingAdd(covered)))
        if type == "LINE" {
            declared.lines = ratio
            declaredAny = true
        } else if type == "BRANCH" {
            declared.branches = ratio
            declaredAny = true
        } else if type == "METHOD" {
            declared.functions = ratio
            declaredAny = true
        }
    }

    func finish(detectedBy: String, xmlWarnings: [Diagnostic]) -> CoverageReport {
        var diagnostics = xmlWarnings + files.diagnostics()
        if linesWithoutCounts > 0 {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "coverage.jacoco-line-without-counts",
                    "\(linesWithoutCounts) <line> element(s) carry neither mi nor ci (gcovr writes JaCoCo this way): their hit status is unknown and they count as missed; prefer this tool's Cobertura or LCOV output",
                    file: report, line: firstLineWithoutCounts?.line, column: firstLineWithoutCounts?.column))
        }
        let result = files.finishedFiles()
        if result.isEmpty {
            diagnostics.append(
                Diagnostic(.warning, code: "coverage.no-files", "the JaCoCo report has no <sourcefile>: no coverage data", file: report))
        }
        return CoverageReport(
            report: report, format: .jacoco, detectedBy: detectedBy, files: result,
            declared: declaredAny ? declared : nil, diagnostics: diagnostics)
    }
}
