/// The state behind `LCOVReader`, fed one line at a time, confined to one `read` call.
struct LCOVParseState {
    /// A branch outcome's identity within one file: line, block and branch id as written.
    ///
    /// Line numbers and numeric ids are `ByteLine.lineNumber`s (0 to `Int32.max`); a named id
    /// (LCOV 2.x, coverage.py) is stored as `-1 - n`, `n` its index in `fieldNames`.
    struct BranchKey: Hashable {
        var line: Int32
        var block: Int32
        var branch: Int32
    }

    /// One branch outcome of a file, 24 bytes: its identity and its summed count.
    struct Outcome {
        var key: BranchKey
        var hits: UInt64
    }

    /// Everything gathered for one source path, over all its records.
    struct FileAccumulator {
        var path: String
        var lines: [LineHit] = []
        /// In first-seen order; an outcome met again (a later record) adds to its count.
        var outcomes: [Outcome] = []
        var functions: [FunctionHit] = []

        func coverage() -> FileCoverage {
            var branches: [BranchLine] = []
            var indexByLine: [Int32: Int] = [:]
            for outcome in outcomes {
                if let index = indexByLine[outcome.key.line] {
                    branches[index].taken.append(outcome.hits)
                } else {
                    indexByLine[outcome.key.line] = branches.count
                    branches.append(BranchLine(line: Int(outcome.key.line), taken: [outcome.hits]))
                }
            }
            return FileCoverage(path: path, lines: lines, branches: branches, functions: functions).normalized()
        }
    }

    struct PendingFunction {
        var line: Int
        var hits: UInt64
    }

    /// Header totals as written, summed over the kept records.
    struct Declared {
        var linesFound: Int?
        var linesHit: Int?
        var functionsFound: Int?
        var functionsHit: Int?
        var branchesFound: Int?
        var branchesHit: Int?

        var any: Bool {
            linesFound != nil || linesHit != nil || functionsFound != nil || functionsHit != nil
                || branchesFound != nil || branchesHit != nil
        }

        var totals: CoverageTotals {
            CoverageTotals(
                lines: CoverageRatio(covered: linesHit ?? 0, total: linesFound ?? 0),
                branches: CoverageRatio(covered: branchesHit ?? 0, total: branchesFound ?? 0),
                functions: CoverageRatio(covered: functionsHit ?? 0, total: functionsFound ?? 0))
        }

        static func add(_ value: Int, to field: inout Int?) {
            let (sum, overflow) = (field ?? 0).addingReportingOverflow(value)
            field = overflow ? .max : sum
        }
    }

    let report: String
    var warnings: CoverageWarnings
    var files: [FileAccumulator] = []
    var indexByPath: [String: Int] = [:]
    var declared = Declared()
    var records = 0
    var sawLineData = false

    // The open record
    var inRecord = false
    /// The accumulator the open record feeds; nil while a skipped (virtual) record is open.
    var current: Int?
    var recordStart = 0
    var recordFunctions: [String: PendingFunction] = [:]
    /// Where each outcome of the open record's file sits in its `outcomes`: kept for one record
    /// only (rebuilt when a file's later record opens), since a map of every outcome of the
    /// report would outweigh the outcomes themselves several times.
    var outcomeIndex: [BranchKey: Int] = [:]
    /// Named block and branch ids, interned once for the whole report.
    var fieldNames: [String: Int32] = [:]
    var recordGroups: [Int: (line: Int, hits: UInt64, name: String?)] = [:]

    init(report: String) {
        self.report = report
        warnings = CoverageWarnings(report: report)
    }

    // MARK: Lines

    mutating func consume(_ line: ByteLine) throws(InputError) {
        guard !line.isEmpty else { return }
        switch line[0] {
        case UInt8(ascii: "D") where line.hasPrefix("DA:"):
            try lineData(line)
        case UInt8(ascii: "B"):
            if line.hasPrefix("BRDA:") {
                try branchData(line)
            } else if line.hasPrefix("BRF:") {
                header(line, 4) { Declared.add($1, to: &$0.branchesFound) }
            } else if line.hasPrefix("BRH:") {
                header(line, 4) { Declared.add($1, to: &$0.branchesHit) }
            } else {
                try unknown(line)
            }
        case UInt8(ascii: "F"):
            if line.hasPrefix("FNDA:") {
                try functionData(line)
            } else if line.hasPrefix("FN:") {
                try function(line)
            } else if line.hasPrefix("FNF:") {
                header(line, 4) { Declared.add($1, to: &$0.functionsFound) }
            } else if line.hasPrefix("FNH:") {
                header(line, 4) { Declared.add($1, to: &$0.functionsHit) }
            } else if line.hasPrefix("FNL:") {
                try functionGroup(line)
            } else if line.hasPrefix("FNA:") {
                try functionAlias(line)
            } else {
                try unknown(line)
            }
        case UInt8(ascii: "L"):
            if line.hasPrefix("LF:") {
                header(line, 3) { Declared.add($1, to: &$0.linesFound) }
            } else if line.hasPrefix("LH:") {
                header(line, 3) { Declared.add($1, to: &$0.linesHit) }
            } else {
                try unknown(line)
            }
        case UInt8(ascii: "S") where line.hasPrefix("SF:"):
            try sourceFile(line)
        case UInt8(ascii: "e") where line.hasPrefix("end_of_record"):
            if inRecord {
                endRecord()
            } else {
                warnings.add(
                    "coverage.lcov.stray-end", "end_of_record without an open SF record; ignored", line: line.number)
            }
        case UInt8(ascii: "T") where line.hasPrefix("TN:"),
            UInt8(ascii: "V") where line.hasPrefix("VER:"),
            UInt8(ascii: "M") where line.hasPrefix("MCDC:"),
            UInt8(ascii: "#"):
            // Test names, version ids, MC/DC records (not modelled) and comments.
            return
        default:
            try unknown(line)
        }
    }

    /// A record kind this reader does not know: a future LCOV tag is skipped with a warning,
    /// anything else means the file is not LCOV.
    mutating func unknown(_ line: ByteLine) throws(InputError) {
        var index = 0
        while index < line.count {
            let byte = line[index]
            let isTagByte =
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (index > 0 && (byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))))
            if !isTagByte { break }
            index += 1
        }
        if index > 0, index < line.count, line[index] == UInt8(ascii: ":") {
            let tag = line.string(0..<index)
            warnings.add(
                "coverage.lcov.unknown-record", "unknown LCOV record kind '\(tag):' ignored", line: line.number, key: tag)
            return
        }
        throw invalid(line, "'\(line.excerpt)' is not an LCOV record")
    }

    func invalid(_ line: ByteLine, _ reason: String) -> InputError {
        .invalid(file: report, line: line.number, column: 0, format: "LCOV", reason: reason)
    }

    /// Data lines need an open record; `nil` means skip (a skipped record is open).
    func target(_ line: ByteLine, _ kind: String) throws(InputError) -> Int? {
        guard inRecord else {
            throw invalid(line, "\(kind) record outside a source-file record (no SF: line before it)")
        }
        return current
    }

    // MARK: Records

    mutating func sourceFile(_ line: ByteLine) throws(InputError) {
        if inRecord {
            warnings.add(
                "coverage.lcov.missing-end-of-record", "SF: record not closed by end_of_record before the next SF:",
                line: line.number)
            endRecord()
        }
        records += 1
        inRecord = true
        recordStart = line.number
        current = nil
        let path = line.string(3..<line.count)
        if path.isEmpty {
            warnings.add("coverage.lcov.empty-path", "SF: record without a path skipped", line: line.number)
            return
        }
        if line.contains(0) {
            warnings.add("coverage.bad-path", "SF: path containing a NUL byte skipped", line: line.number)
            return
        }
        if Self.isVirtual(path) {
            warnings.add(
                "coverage.virtual-path", "record for virtual path '\(path)' skipped (not a source file)",
                line: line.number)
            return
        }
        if let index = indexByPath[path] {
            current = index
            for (position, outcome) in files[index].outcomes.enumerated() { outcomeIndex[outcome.key] = position }
        } else {
            current = files.count
            indexByPath[path] = files.count
            files.append(FileAccumulator(path: path))
        }
    }

    /// Bundler and compiler pseudo-files: `dist/<define:DATA>`, `<stdin>`, `<built-in>`, `<anonymous>`.
    static func isVirtual(_ path: String) -> Bool {
        guard let open = path.firstIndex(of: "<") else { return false }
        return path[open...].contains(">")
    }

    mutating func endRecord() {
        if let current {
            for (name, function) in recordFunctions {
                files[current].functions.append(FunctionHit(name: name, line: function.line, hits: function.hits))
            }
            for (index, group) in recordGroups {
                let name = group.name ?? "function #\(index) at line \(group.line)"
                files[current].functions.append(FunctionHit(name: name, line: group.line, hits: group.hits))
            }
        }
        recordFunctions.removeAll(keepingCapacity: true)
        recordGroups.removeAll(keepingCapacity: true)
        outcomeIndex.removeAll()
        inRecord = false
        current = nil
    }

    /// `LF:`, `LH:`, … : summed into `declared` for the kept records.
    mutating func header(_ line: ByteLine, _ offset: Int, _ add: (inout Declared, Int) -> Void) {
        guard inRecord, current != nil else { return }
        guard case .value(let value) = line.count(offset..<line.count) else {
            warnings.add(
                "coverage.lcov.bad-total", "total '\(line.excerpt)' is not a count; ignored", line: line.number)
            return
        }
        add(&declared, value > UInt64(Int.max) ? Int.max : Int(value))
    }

    // MARK: Data

    /// `DA:<line>,<count>[,<checksum>]` — the hot path.
    mutating func lineData(_ line: ByteLine) throws(InputError) {
        let end = line.count
        guard let comma = line.firstIndex(of: UInt8(ascii: ","), in: 3..<end) else {
            throw invalid(line, "'\(line.excerpt)' is not DA:<line>,<count>")
        }
        let countEnd = line.firstIndex(of: UInt8(ascii: ","), in: (comma + 1)..<end) ?? end
        guard let number = try sourceLine(line, 3..<comma, "DA") else { return }
        let hits: UInt64
        switch line.count((comma + 1)..<countEnd) {
        case .value(let value): hits = value
        case .negative: throw invalid(line, "negative execution count in '\(line.excerpt)'")
        case .invalid: throw invalid(line, "execution count in '\(line.excerpt)' is not a number")
        }
        guard let target = try target(line, "DA") else { return }
        sawLineData = true
        files[target].lines.append(LineHit(line: number, hits: hits))
    }

    /// A source line number, or nil (with a warning) for the garbage some writers emit:
    /// `undefined`, `NaN`, line 0. Anything else that is not a number is an error.
    mutating func sourceLine(_ line: ByteLine, _ range: Range<Int>, _ kind: String) throws(InputError) -> Int? {
        if let number = line.lineNumber(range) {
            if number == 0 {
                warnings.add(
                    "coverage.lcov.line-zero", "\(kind) record for line 0 skipped", line: line.number, key: kind)
                return nil
            }
            return number
        }
        let isWord =
            !range.isEmpty
            && range.allSatisfy { index in
                let byte = line[index] | 0x20
                return byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            }
        if isWord {
            warnings.add(
                "coverage.lcov.bad-line-number",
                "\(kind) record with line '\(line.string(range))' skipped (a writer bug, e.g. source maps)",
                line: line.number, key: kind)
            return nil
        }
        throw invalid(line, "line number '\(line.string(range))' in '\(line.excerpt)' is not a positive integer")
    }

    /// `BRDA:<line>,[e|f|U]<block>,<branch id, may hold commas>,<taken|->`.
    mutating func branchData(_ line: ByteLine) throws(InputError) {
        let end = line.count
        guard let first = line.firstIndex(of: UInt8(ascii: ","), in: 5..<end),
            let second = line.firstIndex(of: UInt8(ascii: ","), in: (first + 1)..<end),
            let last = line.lastIndex(of: UInt8(ascii: ","), in: (second + 1)..<end)
        else {
            throw invalid(line, "'\(line.excerpt)' is not BRDA:<line>,<block>,<branch>,<taken>")
        }
        guard let number = try sourceLine(line, 5..<first, "BRDA") else { return }
        let hits: UInt64
        if last + 2 == end, line[last + 1] == UInt8(ascii: "-") {
            hits = 0
        } else {
            switch line.count((last + 1)..<end) {
            case .value(let value): hits = value
            case .negative: throw invalid(line, "negative branch count in '\(line.excerpt)'")
            case .invalid: throw invalid(line, "branch count in '\(line.excerpt)' is not a number or '-'")
            }
        }
        guard let target = try target(line, "BRDA") else { return }
        let key = BranchKey(
            line: Int32(number), block: fieldID(line, (first + 1)..<second), branch: fieldID(line, (second + 1)..<last))
        if let index = outcomeIndex[key] {
            files[target].outcomes[index].hits = files[target].outcomes[index].hits.saturatingAdd(hits)
        } else {
            outcomeIndex[key] = files[target].outcomes.count
            files[target].outcomes.append(Outcome(key: key, hits: hits))
        }
    }

    /// A block or branch id: its number (`lineNumber`), or `-1 - n` for the `n`th distinct name.
    mutating func fieldID(_ line: ByteLine, _ range: Range<Int>) -> Int32 {
        if let number = line.lineNumber(range) { return Int32(number) }
        let name = line.string(range)
        if let id = fieldNames[name] { return id }
        let id = -1 - Int32(fieldNames.count)
        fieldNames[name] = id
        return id
    }

    /// `FN:<line>,[<end line>,]<name>`.
    mutating func function(_ line: ByteLine) throws(InputError) {
        let end = line.count
        guard let comma = line.firstIndex(of: UInt8(ascii: ","), in: 3..<end) else {
            throw invalid(line, "'\(line.excerpt)' is not FN:<line>,<name>")
        }
        guard let start = line.lineNumber(3..<comma) else {
            warnings.add(
                "coverage.lcov.bad-line-number", "FN record with line '\(line.string(3..<comma))' skipped",
                line: line.number, key: "FN")
            return
        }
        var nameStart = comma + 1
        if let second = line.firstIndex(of: UInt8(ascii: ","), in: nameStart..<end),
            line.lineNumber(nameStart..<second) != nil
        {
            nameStart = second + 1  // LCOV 2.x end line
        }
        guard let target = try target(line, "FN") else { return }
        _ = target
        let name = line.string(nameStart..<end)
        guard !name.isEmpty else {
            warnings.add("coverage.lcov.unnamed-function", "FN record without a name skipped", line: line.number)
            return
        }
        if var existing = recordFunctions[name] {
            if existing.line == 0 { existing.line = start }
            recordFunctions[name] = existing
        } else {
            recordFunctions[name] = PendingFunction(line: start, hits: 0)
        }
    }

    /// `FNDA:<count>,<name>`.
    mutating func functionData(_ line: ByteLine) throws(InputError) {
        let end = line.count
        guard let comma = line.firstIndex(of: UInt8(ascii: ","), in: 5..<end) else {
            throw invalid(line, "'\(line.excerpt)' is not FNDA:<count>,<name>")
        }
        let hits: UInt64
        switch line.count(5..<comma) {
        case .value(let value): hits = value
        case .negative: throw invalid(line, "negative function count in '\(line.excerpt)'")
        case .invalid: throw invalid(line, "function count in '\(line.excerpt)' is not a number")
        }
        guard try target(line, "FNDA") != nil else { return }
        let name = line.string((comma + 1)..<end)
        var function = recordFunctions[name] ?? PendingFunction(line: 0, hits: 0)
        function.hits = function.hits.saturatingAdd(hits)
        recordFunctions[name] = function
    }

    /// LCOV 2.2 `FNL:<index>,<start line>[,<end line>]`.
    mutating func functionGroup(_ line: ByteLine) throws(InputError) {
        let end = line.count
        let comma = line.firstIndex(of: UInt8(ascii: ","), in: 4..<end)
        guard let comma, let index = line.lineNumber(4..<comma) else {
            throw invalid(line, "'\(line.excerpt)' is not FNL:<index>,<line>[,<end line>]")
        }
        let startEnd = line.firstIndex(of: UInt8(ascii: ","), in: (comma + 1)..<end) ?? end
        guard let start = line.lineNumber((comma + 1)..<startEnd) else {
            throw invalid(line, "function line in '\(line.excerpt)' is not a number")
        }
        guard try target(line, "FNL") != nil else { return }
        if var group = recordGroups[index] {
            if group.line == 0 { group.line = start }
            recordGroups[index] = group
        } else {
            recordGroups[index] = (start, 0, nil)
        }
    }

    /// LCOV 2.2 `FNA:<index>,<count>,<alias name>`.
    mutating func functionAlias(_ line: ByteLine) throws(InputError) {
        let end = line.count
        guard let first = line.firstIndex(of: UInt8(ascii: ","), in: 4..<end),
            let second = line.firstIndex(of: UInt8(ascii: ","), in: (first + 1)..<end),
            let index = line.lineNumber(4..<first)
        else {
            throw invalid(line, "'\(line.excerpt)' is not FNA:<index>,<count>,<name>")
        }
        let hits: UInt64
        switch line.count((first + 1)..<second) {
        case .value(let value): hits = value
        case .negative: throw invalid(line, "negative function count in '\(line.excerpt)'")
        case .invalid: throw invalid(line, "function count in '\(line.excerpt)' is not a number")
        }
        guard try target(line, "FNA") != nil else { return }
        var group = recordGroups[index] ?? (0, 0, nil)
        group.hits = group.hits.saturatingAdd(hits)
        if group.name == nil { group.name = line.string((second + 1)..<end) }
        recordGroups[index] = group
    }

    // MARK: End

    mutating func finish(lines: Int, detectedBy: String) throws(InputError) -> CoverageReport {
        if inRecord {
            warnings.add(
                "coverage.lcov.missing-end-of-record",
                "the last SF: record (line \(recordStart)) has no end_of_record: the file may be truncated",
                line: lines)
            endRecord()
        }
        guard records > 0 else {
            throw .invalid(
                file: report, line: max(lines, 1), column: 0, format: "LCOV",
                reason: "no SF: record: this is not an LCOV tracefile, or it holds no source file")
        }
        let summaryOnly = !sawLineData && (declared.linesFound != nil || declared.linesHit != nil)
        // Each accumulator is released as soon as its file is built, so the report is never
        // held twice.
        var result: [FileCoverage] = []
        result.reserveCapacity(files.count)
        for index in files.indices {
            result.append(files[index].coverage())
            files[index] = FileAccumulator(path: "")
        }
        files = []
        return CoverageReport(
            report: report, format: .lcov, detectedBy: detectedBy, files: result,
            declared: declared.any ? declared.totals : nil, diagnostics: warnings.diagnostics,
            summaryOnly: summaryOnly)
    }
}
