/// The element-by-element state of `CoberturaReader`, driven by `XMLEventStream`.
final class CoberturaHandler: XMLEventHandler {
    let report: String
    private var files: CoverageFileAccumulator
    private var sourceRoots: [String] = []
    private var declared: CoverageTotals?
    private var diagnostics: [Diagnostic] = []

    /// What each open element is, by depth, so that a `<line>` knows whether it sits in a
    /// class or in a method.
    private enum Kind { case root, sources, source, klass, methods, method, lines, other }
    private var stack: [Kind] = []
    private var sourceText: [UInt8] = []

    private var classPath: String?
    private var classLines: [LineHit] = []
    private var classBranches: [BranchLine] = []
    private var methodLines: [LineHit] = []
    private var methodBranches: [BranchLine] = []
    private var classFunctions: [FunctionHit] = []
    private var method: MethodBuilder?

    /// libxml2's interned pointers for the `<line>` attribute names, once met: libxml2 keeps
    /// one copy of each name for the whole parse, so a pointer comparison recognises them.
    private struct LineAttributeNames {
        var number: UnsafePointer<UInt8>?
        var hits: UnsafePointer<UInt8>?
        var condition: UnsafePointer<UInt8>?
        var branch: UnsafePointer<UInt8>?
    }
    private var lineNames = LineAttributeNames()

    private struct MethodBuilder {
        var name: String
        var firstLine = Int.max
        var maxHits: UInt64 = 0
        var lineCount = 0
        var rateSaysRun = false
    }

    init(report: String) {
        self.report = report
        self.files = CoverageFileAccumulator(report: report)
    }

    func startElement(_ name: XMLBytes, _ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard let parent = stack.last else {
            startRoot(name, attributes, in: stream)
            stack.append(.root)
            return
        }
        var kind = Kind.other
        if name == "line" {
            if parent == .lines { startLine(attributes, in: stream) }
        } else if name == "lines" {
            kind = .lines
        } else if name == "class" {
            kind = .klass
            startClass(attributes, in: stream)
        } else if name == "method" {
            if parent == .methods {
                kind = .method
                startMethod(attributes)
            }
        } else if name == "methods" {
            kind = parent == .klass ? .methods : .other
        } else if name == "source" {
            if parent == .sources {
                kind = .source
                sourceText.removeAll(keepingCapacity: true)
                stream.deliversText = true
            }
        } else if name == "sources" {
            kind = parent == .root ? .sources : .other
        } else if (name == "project" || name == "testproject"), parent == .root {
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "Cobertura",
                    reason: "<coverage> with a <project> child is a Clover report (format: clover)"))
            return
        }
        stack.append(kind)
    }

    func endElement(_ name: XMLBytes, in stream: XMLEventStream) {
        guard let kind = stack.popLast() else { return }
        switch kind {
        case .source:
            stream.deliversText = false
            let text = XMLBytes.trimmedString(sourceText)
            if !text.isEmpty { sourceRoots.append(text) }
        case .method:
            finishMethod()
        case .klass:
            finishClass()
        default:
            break
        }
    }

    func characters(_ text: XMLBytes, in stream: XMLEventStream) {
        if sourceText.count < 65_536 { sourceText.append(contentsOf: text.buffer) }
    }

    // MARK: Elements

    private func startRoot(_ name: XMLBytes, _ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard name == "coverage" else {
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "Cobertura",
                    reason: CoverageXMLRoot.mismatch(root: name.string, expected: "coverage", format: "Cobertura")))
            return
        }
        if attributes.contains("clover") {
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "Cobertura",
                    reason: "<coverage clover=…> is a Clover report (format: clover)"))
            return
        }
        let linesValid = headerCount(attributes["lines-valid"])
        let linesCovered = headerCount(attributes["lines-covered"])
        let branchesValid = headerCount(attributes["branches-valid"])
        let branchesCovered = headerCount(attributes["branches-covered"])
        guard linesValid != nil || linesCovered != nil || branchesValid != nil || branchesCovered != nil else { return }
        var totals = CoverageTotals()
        if linesValid != nil || linesCovered != nil {
            totals.lines = CoverageRatio(covered: linesCovered ?? 0, total: linesValid ?? 0)
        }
        if branchesValid != nil || branchesCovered != nil {
            totals.branches = CoverageRatio(covered: branchesCovered ?? 0, total: branchesValid ?? 0)
        }
        declared = totals
    }

    private func headerCount(_ value: XMLBytes?) -> Int? {
        guard let value, case .value(let count) = value.count64 else { return nil }
        return CoverageFileAccumulator.clamp(count)
    }

    private func startClass(_ attributes: XMLAttributeList, in stream: XMLEventStream) {
        classLines.removeAll(keepingCapacity: true)
        classBranches.removeAll(keepingCapacity: true)
        methodLines.removeAll(keepingCapacity: true)
        methodBranches.removeAll(keepingCapacity: true)
        classFunctions.removeAll(keepingCapacity: true)
        guard let filename = attributes["filename"], !filename.trimmed.isEmpty else {
            classPath = nil
            let name = attributes["name"]?.string ?? "?"
            files.skip(
                "coverage.cobertura-class-without-filename",
                "<class name=\"\(name)\"> has no filename attribute; its lines are skipped",
                line: stream.line, column: stream.column)
            return
        }
        classPath = filename.string
    }

    private func startMethod(_ attributes: XMLAttributeList) {
        var name = attributes["name"]?.string ?? ""
        if let signature = attributes["signature"], !signature.isEmpty, !name.hasSuffix(")") {
            name += signature.string
        }
        var builder = MethodBuilder(name: name)
        if let rate = attributes["line-rate"]?.double, rate > 0 { builder.rateSaysRun = true }
        method = builder
    }

    private func startLine(_ attributes: XMLAttributeList, in stream: XMLEventStream) {
        guard classPath != nil else { return }
        let inMethod = stack.count >= 2 && stack[stack.count - 2] == .method
        // One pass over the attributes (this runs for every line of the report).
        var numberValue: XMLBytes?
        var hitsValue: XMLBytes?
        var conditionValue: XMLBytes?
        var branchValue: XMLBytes?
        attributes.forEach { name, value in
            if name == lineNames.number {
                numberValue = value
            } else if name == lineNames.hits {
                hitsValue = value
            } else if name == lineNames.condition {
                conditionValue = value
            } else if name == lineNames.branch {
                branchValue = value
            } else {
                switch name[0] {
                case UInt8(ascii: "n") where XMLAttributeList.name(name, is: "number"):
                    lineNames.number = name
                    numberValue = value
                case UInt8(ascii: "h") where XMLAttributeList.name(name, is: "hits"):
                    lineNames.hits = name
                    hitsValue = value
                case UInt8(ascii: "c") where XMLAttributeList.name(name, is: "condition-coverage"):
                    lineNames.condition = name
                    conditionValue = value
                case UInt8(ascii: "b") where XMLAttributeList.name(name, is: "branch"):
                    lineNames.branch = name
                    branchValue = value
                default:
                    break
                }
            }
        }
        guard let numberBytes = numberValue, let number = numberBytes.int, number > 0 else {
            let shown = numberValue.map { "'\($0.string)'" } ?? "missing"
            files.skip(
                "coverage.invalid-line-number",
                "<line> with number \(shown) in '\(classPath ?? "")' skipped: not a positive line number",
                line: stream.line, column: stream.column)
            return
        }
        let hits: UInt64
        switch hitsValue?.count64 ?? .invalid {
        case .value(let value):
            hits = value
        case .negative:
            stream.stop(
                .invalid(
                    file: report, line: stream.line, column: stream.column, format: "Cobertura",
                    reason: "negative hits '\(hitsValue?.string ?? "")' for line \(number) of '\(classPath ?? "")'"))
            return
        case .invalid:
            let shown = hitsValue.map { "'\($0.string)'" } ?? "missing"
            files.skip(
                "coverage.invalid-hits",
                "<line number=\"\(number)\"> in '\(classPath ?? "")' skipped: hits \(shown) is not a count",
                line: stream.line, column: stream.column)
            return
        }
        let hit = LineHit(line: number, hits: hits)
        var branch: BranchLine?
        if let condition = conditionValue, !(branchValue?.equalsIgnoringCase("false") ?? false) {
            if let (covered, total) = Self.conditionCounts(condition), total > 0 {
                branch = BranchLine(line: number, covered: covered, total: total)
            } else if branchValue?.equalsIgnoringCase("true") ?? false {
                files.skip(
                    "coverage.invalid-condition-coverage",
                    "condition-coverage '\(condition.string)' on line \(number) of '\(classPath ?? "")' has no (covered/total); branches skipped",
                    line: stream.line, column: stream.column)
            }
        }
        if inMethod {
            methodLines.append(hit)
            if let branch { methodBranches.append(branch) }
            if var builder = method {
                builder.firstLine = min(builder.firstLine, number)
                builder.lineCount += 1
                builder.maxHits = max(builder.maxHits, hits)
                method = builder
            }
        } else {
            classLines.append(hit)
            if let branch { classBranches.append(branch) }
        }
    }

    /// `conditionCounts(_:)` read straight from the attribute bytes: one call per branch line,
    /// so the String it would build cost a third of a large report's parse time.
    ///
    /// Printable ASCII without `&` (what writers emit) is parsed here: there a byte is a
    /// Character, the only whitespace is the space that `XMLBytes.int` trims, and `int`
    /// accepts exactly what `Int(String)` does. Anything else goes through the String form,
    /// so both give the same answer for every input.
    static func conditionCounts(_ value: XMLBytes) -> (Int, Int)? {
        var open = -1
        for index in 0..<value.count {
            let byte = value.start[index]
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "&") else { return conditionCounts(value.string) }
            if byte == UInt8(ascii: "(") { open = index }
        }
        guard open >= 0 else { return nil }
        var slash = open + 1
        while slash < value.count, value.start[slash] != UInt8(ascii: "/") { slash += 1 }
        var close = slash + 1
        while close < value.count, value.start[close] != UInt8(ascii: ")") { close += 1 }
        guard close < value.count,
            let coveredCount = XMLBytes(start: value.start + open + 1, count: slash - open - 1).int,
            let totalCount = XMLBytes(start: value.start + slash + 1, count: close - slash - 1).int,
            coveredCount >= 0, totalCount >= 0
        else { return nil }
        return (min(coveredCount, totalCount), totalCount)
    }

    /// `"50% (1/2)"` → (1, 2); the percent is ignored (it is rounded).
    static func conditionCounts(_ text: String) -> (Int, Int)? {
        guard let open = text.lastIndex(of: "("), let slash = text[open...].firstIndex(of: "/"),
            let close = text[slash...].firstIndex(of: ")")
        else { return nil }
        let covered = String(text[text.index(after: open)..<slash]).trimmingWhitespace()
        let total = String(text[text.index(after: slash)..<close]).trimmingWhitespace()
        guard let coveredCount = Int(covered), let totalCount = Int(total), coveredCount >= 0, totalCount >= 0 else {
            return nil
        }
        return (min(coveredCount, totalCount), totalCount)
    }

    private func finishMethod() {
        guard let builder = method else { return }
        method = nil
        guard classPath != nil else { return }
        let hits: UInt64 = builder.lineCount > 0 ? builder.maxHits : (builder.rateSaysRun ? 1 : 0)
        let line = builder.firstLine == .max ? 0 : builder.firstLine
        classFunctions.append(FunctionHit(name: builder.name, line: line, hits: hits))
    }

    private func finishClass() {
        guard let path = classPath else { return }
        classPath = nil
        let useClassLines = !classLines.isEmpty
        files.add(
            path: path, lines: useClassLines ? classLines : methodLines,
            branches: useClassLines ? classBranches : methodBranches, functions: classFunctions)
    }

    // MARK: Result

    func finish(detectedBy: String, xmlWarnings: [Diagnostic]) throws(InputError) -> CoverageReport {
        var diagnostics = xmlWarnings + diagnostics + files.diagnostics()
        let result = files.finishedFiles()
        if result.isEmpty {
            diagnostics.append(
                Diagnostic(.warning, code: "coverage.no-files", "the Cobertura report lists no <class> with a filename: no coverage data", file: report))
        }
        return CoverageReport(
            report: report, format: .cobertura, detectedBy: detectedBy, files: result, declared: declared,
            sourceRoots: sourceRoots, diagnostics: diagnostics)
    }
}
