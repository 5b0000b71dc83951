/// The state behind `GoCoverProfileReader`, fed one line at a time, confined to one `read` call.
struct GoCoverProfileState {
    enum Mode: String, CaseIterable {
        case set, count, atomic
    }

    struct BlockKey: Hashable {
        var file: Int
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    struct Block {
        var statements: Int
        var hits: UInt64
    }

    /// A block spanning more lines than this is corrupt data, not code (and would cost memory).
    static let maxBlockLines = 1_000_000

    let report: String
    var warnings: CoverageWarnings
    var mode: Mode?
    var profiles = 0
    var paths: [String] = []
    var indexByPath: [String: Int] = [:]
    var blocks: [BlockKey: Block] = [:]
    /// Keys in first-seen order, so the output does not depend on hashing.
    var order: [BlockKey] = []

    init(report: String) {
        self.report = report
        warnings = CoverageWarnings(report: report)
    }

    func invalid(_ line: ByteLine, _ reason: String) -> InputError {
        .invalid(file: report, line: line.number, column: 0, format: "Go coverprofile", reason: reason)
    }

    mutating func consume(_ line: ByteLine) throws(InputError) {
        guard !line.isEmpty else { return }
        if line.hasPrefix("mode:") {
            try modeLine(line)
            return
        }
        guard mode != nil else {
            throw invalid(
                line, "'\(line.excerpt)' comes before the 'mode: set|count|atomic' header: not a Go coverage profile")
        }
        guard try !block(line) else { return }
        if Self.isStrayOutput(line) {
            warnings.add(
                "coverage.go.stray-line", "'\(line.excerpt)' is `go test`/`go tool cover` output, not a block; skipped",
                line: line.number)
            return
        }
        throw invalid(line, "'\(line.excerpt)' is not a block 'file.go:line.col,line.col statements count'")
    }

    mutating func modeLine(_ line: ByteLine) throws(InputError) {
        var start = 5
        while start < line.count, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        let text = line.string(start..<line.count)
        guard let parsed = Mode(rawValue: text) else {
            throw invalid(line, "unknown coverage mode '\(text)' (expected set, count or atomic)")
        }
        profiles += 1
        if let mode {
            let note = parsed == mode ? "" : " (mode \(parsed.rawValue) after \(mode.rawValue): merged as \(mode.rawValue))"
            warnings.add(
                "coverage.go.concatenated-profiles",
                "a second 'mode:' line: several profiles concatenated; their blocks are merged\(note)",
                line: line.number)
        } else {
            mode = parsed
        }
    }

    /// Parses a block line from the right (file names may hold ':' and spaces); false when the
    /// line does not have a block's shape.
    mutating func block(_ line: ByteLine) throws(InputError) -> Bool {
        let end = line.count
        guard let countSpace = line.lastIndex(of: UInt8(ascii: " "), in: 0..<end),
            let statementsSpace = line.lastIndex(of: UInt8(ascii: " "), in: 0..<countSpace),
            let colon = line.lastIndex(of: UInt8(ascii: ":"), in: 0..<statementsSpace), colon > 0,
            let startDot = line.firstIndex(of: UInt8(ascii: "."), in: (colon + 1)..<statementsSpace),
            let comma = line.firstIndex(of: UInt8(ascii: ","), in: (startDot + 1)..<statementsSpace),
            let endDot = line.firstIndex(of: UInt8(ascii: "."), in: (comma + 1)..<statementsSpace),
            let startLine = line.lineNumber((colon + 1)..<startDot),
            let startColumn = line.lineNumber((startDot + 1)..<comma),
            let endLine = line.lineNumber((comma + 1)..<endDot),
            let endColumn = line.lineNumber((endDot + 1)..<statementsSpace)
        else { return false }
        guard let statements = line.lineNumber((statementsSpace + 1)..<countSpace) else {
            throw invalid(line, "statement count in '\(line.excerpt)' is not a non-negative integer")
        }
        let hits: UInt64
        switch line.count((countSpace + 1)..<end) {
        case .value(let value): hits = value
        case .negative: throw invalid(line, "negative execution count in '\(line.excerpt)'")
        case .invalid: throw invalid(line, "execution count in '\(line.excerpt)' is not a number")
        }
        guard startLine > 0 else {
            warnings.add("coverage.go.line-zero", "block starting at line 0 skipped", line: line.number)
            return true
        }
        guard endLine >= startLine, endLine - startLine <= Self.maxBlockLines else {
            throw invalid(line, "block '\(line.excerpt)' ends before it starts or spans an implausible range")
        }
        let path = line.string(0..<colon)
        let file: Int
        if let index = indexByPath[path] {
            file = index
        } else {
            file = paths.count
            indexByPath[path] = file
            paths.append(path)
        }
        let key = BlockKey(
            file: file, startLine: startLine, startColumn: startColumn, endLine: endLine, endColumn: endColumn)
        if var existing = blocks[key] {
            guard existing.statements == statements else {
                throw invalid(
                    line,
                    "inconsistent statement count for block \(line.string(0..<statementsSpace)): \(existing.statements) before, \(statements) here"
                )
            }
            existing.hits = mode == .set ? max(existing.hits, hits) : existing.hits.saturatingAdd(hits)
            blocks[key] = existing
        } else {
            blocks[key] = Block(statements: statements, hits: hits)
            order.append(key)
        }
        return true
    }

    /// Lines `go test -cover` or `go tool cover -func` print, sometimes captured into the profile.
    static func isStrayOutput(_ line: ByteLine) -> Bool {
        if line[line.count - 1] == UInt8(ascii: "%") { return true }
        return line.hasPrefix("ok ") || line.hasPrefix("ok\t") || line.hasPrefix("?") || line.hasPrefix("PASS")
            || line.hasPrefix("FAIL") || line.hasPrefix("=== ") || line.hasPrefix("--- ")
            || line.hasPrefix("coverage:")
    }

    func finish(detectedBy: String) -> CoverageReport {
        var warnings = warnings
        var regions = Array(repeating: [RegionHit](), count: paths.count)
        var lineHits = Array(repeating: [Int: UInt64](), count: paths.count)
        var statements = CoverageRatio()
        for key in order {
            guard let block = blocks[key] else { continue }
            regions[key.file].append(
                RegionHit(
                    startLine: key.startLine, startColumn: key.startColumn, endLine: key.endLine,
                    endColumn: key.endColumn, hits: block.hits))
            statements.total += block.statements
            if block.hits > 0 { statements.covered += block.statements }
            // The closing-brace line of a multi-line block is not code (Codecov's rule).
            let last = key.endLine > key.startLine && key.endColumn <= 2 ? key.endLine - 1 : key.endLine
            for number in key.startLine...last {
                if let existing = lineHits[key.file][number] {
                    lineHits[key.file][number] = max(existing, block.hits)
                } else {
                    lineHits[key.file][number] = block.hits
                }
            }
        }
        let files = paths.indices.map { index in
            FileCoverage(
                path: paths[index],
                lines: lineHits[index].map { LineHit(line: $0.key, hits: $0.value) }.sorted { $0.line < $1.line },
                regions: regions[index]
            ).normalized()
        }
        if order.isEmpty {
            warnings.add("coverage.go.no-blocks", "the profile has a mode line but no blocks: nothing was measured", line: nil)
        }
        return CoverageReport(
            report: report, format: .goCoverprofile, detectedBy: detectedBy, files: files,
            declared: CoverageTotals(regions: statements), diagnostics: warnings.diagnostics)
    }
}
