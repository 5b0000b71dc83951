import Foundation
import Testing

@testable import QualityGate

/// The LCOV reader over every LCOV file of `../shared/conformance/coverage/` (see its
/// SOURCES.md), checked against the oracles stored beside them, plus inline edge cases.
@Suite("LCOV reader")
struct CoverageLCOVTests {
    static let corpus: String = TestFiles.conformance("coverage")

    static func read(_ relative: String) throws(InputError) -> CoverageReport {
        try LCOVReader().read(path: corpus + "/" + relative, detectedBy: "test")
    }

    static func readInline(_ content: String, name: String = "t.lcov") throws(InputError) -> CoverageReport {
        let path = TestFiles().write(name, content)
        return try LCOVReader().read(path: path, detectedBy: "test")
    }

    /// Every LCOV file of the corpus, relative to it.
    static let corpusFiles: [String] = {
        guard let enumerator = FileManager.default.enumerator(atPath: corpus) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasSuffix(".lcov") || name == "lcov.info" || name.hasSuffix(".lcov.info") { result.append(path) }
        }
        return result.sorted()
    }()

    /// Corpus files that must not parse, with the reason and the expected error code.
    static let expectedFailures: [String: (code: String, reason: String)] = [
        "coverallsapp-coverage-reporter/spec/fixtures/lcov/empty.lcov":
            ("input.empty", "0-byte fixture: an explicit empty-input error, never 0 % or 100 %")
    ]

    /// Corpus files that parse to no file at all, with the reason (a warning says why).
    static let expectedNoFiles: [String: String] = [
        "gcovr-gcovr/tests/windows/reference/drive-subst/gcc-14-Windows/coverage.lcov":
            "its only record is `SF:` with an empty path (gcovr's drive-substitution test): skipped with coverage.lcov.empty-path"
    ]

    @Test("the corpus is present")
    func corpusPresent() {
        #expect(Self.corpusFiles.count >= 240, "found \(Self.corpusFiles.count) LCOV files under \(Self.corpus)")
    }

    @Test("every LCOV file of the corpus parses (or fails for its listed reason)")
    func everyFileParses() throws {
        var parsed = 0
        for file in Self.corpusFiles {
            do {
                let report = try Self.read(file)
                #expect(Self.expectedFailures[file] == nil, "\(file) was expected to fail")
                if Self.expectedNoFiles[file] != nil {
                    #expect(report.files.isEmpty)
                    #expect(report.diagnostics.map(\.code) == ["coverage.lcov.empty-path"])
                } else {
                    #expect(!report.files.isEmpty, "\(file): no files")
                    #expect(report.summaryOnly || report.files.contains { !$0.lines.isEmpty }, "\(file): no line data")
                }
                #expect(report.format == .lcov)
                for coverage in report.files {
                    #expect(coverage.lines.map(\.line) == coverage.lines.map(\.line).sorted())
                    #expect(Set(coverage.lines.map(\.line)).count == coverage.lines.count, "\(file): duplicate lines")
                }
                parsed += 1
            } catch {
                #expect(Self.expectedFailures[file]?.code == error.code, "\(file): \(error)")
            }
        }
        #expect(parsed == Self.corpusFiles.count - Self.expectedFailures.count)
    }

    @Test("detection recognises every parsable corpus LCOV file")
    func detectsCorpus() throws {
        for file in Self.corpusFiles where Self.expectedFailures[file] == nil {
            let data = try #require(FileManager.default.contents(atPath: Self.corpus + "/" + file))
            let head = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
            #expect(LCOVReader.detect(head: head) != nil, "\(file) not detected")
        }
    }

    @Test("detection does not claim other formats")
    func detectionNegatives() throws {
        let others = [
            "generated-local/go-coverprofile/count.out",
            "generated-local/coveragepy/coverage.json",
            "generated-local/coveragepy/coverage.xml",
            "generated-local/gcov/calc.c.gcov.txt",
            "generated-local/swift-llvm-cov/Demo.export-filtered.json",
            "generated-local/swift-llvm-cov/Demo.show.txt",
            "gcovr-gcovr/tests/simple/reference/standard/gcc-5/jacoco.xml",
            "gcovr-gcovr/tests/simple/reference/standard/gcc-5/clover.xml",
            "gcovr-gcovr/tests/simple/reference/standard/gcc-5/coverage.txt",
            "coverallsapp-coverage-reporter/spec/fixtures/golang/coverage.out",
        ]
        for file in others {
            let data = try #require(FileManager.default.contents(atPath: Self.corpus + "/" + file), "\(file)")
            #expect(LCOVReader.detect(head: String(decoding: data.prefix(64 * 1024), as: UTF8.self)) == nil, "\(file)")
        }
        let junit = #"<?xml version="1.0"?><testsuites><testsuite name="a" tests="1"><testcase name="x"/></testsuite></testsuites>"#
        #expect(LCOVReader.detect(head: junit) == nil)
        #expect(LCOVReader.detect(head: "") == nil)
        #expect(LCOVReader.detect(head: "TN:\nhello world\n") == nil)
        #expect(LCOVReader.detect(head: "\u{FEFF}TN:\r\nSF:a.c\r\nDA:1,1\r\nend_of_record\r\n") != nil)
    }

    // MARK: Oracles

    @Test("Swift llvm-cov export: DA recomputed 25/30, declared LF/LH 26/32, functions 6/8")
    func swiftExport() throws {
        let report = try Self.read("generated-local/swift-llvm-cov/Demo.export-filtered.lcov")
        #expect(report.files.map(\.path) == ["/ci/Demo/Sources/Demo/Demo.swift"])
        #expect(report.totals.lines == CoverageRatio(covered: 25, total: 30))
        #expect(report.declared?.lines == CoverageRatio(covered: 26, total: 32))
        #expect(report.totals.functions == CoverageRatio(covered: 6, total: 8))
        #expect(report.declared?.functions == CoverageRatio(covered: 6, total: 8))
        #expect(!report.summaryOnly)
        #expect(report.diagnostics.isEmpty)
    }

    /// gcovr reference sets: each compiler folder overlays the next older one of its family
    /// (SOURCES.md §2, upstream tests/conftest.py).
    static func gcovrOverlay(_ parent: String, _ name: String, chain: [String]) -> String? {
        for compiler in chain {
            let path = parent + "/" + compiler + "/" + name
            if FileManager.default.fileExists(atPath: corpus + "/" + path) { return path }
        }
        return nil
    }

    static let gccChain = ["gcc-14", "gcc-13", "gcc-12", "gcc-11", "gcc-10", "gcc-9", "gcc-8", "gcc-7", "gcc-6", "gcc-5"]
    static let clangChain = [
        "clang-18", "clang-17", "clang-16", "clang-15", "clang-14", "clang-13", "clang-12", "clang-11", "clang-10",
    ]

    static func summary(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: corpus + "/" + path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("gcovr simple: lines 7/11, functions 2/3, branches 2/4 as coverage_summary.json says")
    func gcovrSimple() throws {
        let parent = "gcovr-gcovr/tests/simple/reference/stdout"
        let lcov = try #require(Self.gcovrOverlay(parent, "coverage.lcov", chain: Self.gccChain))
        let json = try Self.summary(try #require(Self.gcovrOverlay(parent, "coverage_summary.json", chain: Self.gccChain)))
        let report = try Self.read(lcov)
        #expect(report.totals.lines == CoverageRatio(covered: 7, total: 11))
        #expect(report.totals.functions == CoverageRatio(covered: 2, total: 3))
        #expect(report.totals.branches == CoverageRatio(covered: 2, total: 4))
        #expect(json["line_covered"] as? Int == 7 && json["line_total"] as? Int == 11)
        #expect(json["function_covered"] as? Int == 2 && json["function_total"] as? Int == 3)
        #expect(json["branch_covered"] as? Int == 2 && json["branch_total"] as? Int == 4)
        // BRDA:8,2,0,- (never evaluated) counts as a missed outcome.
        #expect(report.files.first?.branches.first == BranchLine(line: 8, taken: [0, 1]))
    }

    /// gcovr counts a line once per function instance that owns it (C++ D0/D2 destructors,
    /// virtual thunks); its LCOV writer collapses them into one `DA` but keeps the per-instance
    /// `LF/LH`. qgate counts distinct lines, so these sets agree with the summary only through
    /// `declared`.
    static let gcovrDeviations: [String: String] = [
        "gcovr-gcovr/tests/const-functions/reference":
            "lines 8-9 belong to two destructor instances: summary 17/19, distinct DA lines 17/17",
        "gcovr-gcovr/tests/exclusion/reference/exclude-line-branch":
            "lines owned by two function instances: summary 15/19, distinct DA lines 15/17",
        "gcovr-gcovr/tests/virtual-classes/reference":
            "virtual destructor instances: summary 23/30, distinct DA lines 23/24",
    ]

    @Test("gcovr reference pairs: LCOV line totals agree with coverage_summary.json (gcc-14 and clang-18 overlays)")
    func gcovrPairs() throws {
        let tests = Self.corpus + "/gcovr-gcovr/tests"
        var parents = Set<String>()
        let enumerator = try #require(FileManager.default.enumerator(atPath: tests))
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix("/coverage.lcov"), path.contains("/reference/") else { continue }
            let parent = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            parents.insert("gcovr-gcovr/tests/" + parent)
        }
        var compared = 0
        var mismatches: [String] = []
        for parent in parents.sorted() {
            for chain in [Self.gccChain, Self.clangChain] {
                guard let lcov = Self.gcovrOverlay(parent, "coverage.lcov", chain: chain),
                    let json = Self.gcovrOverlay(parent, "coverage_summary.json", chain: chain)
                else { continue }
                let summary = try Self.summary(json)
                let expected = CoverageRatio(
                    covered: summary["line_covered"] as? Int ?? -1, total: summary["line_total"] as? Int ?? -1)
                let report = try Self.read(lcov)
                compared += 1
                if let reason = Self.gcovrDeviations[parent] {
                    #expect(report.declared?.lines == expected, "\(lcov): declared LF/LH vs summary (\(reason))")
                    if report.totals.lines != expected { mismatches.append(parent) }
                } else {
                    #expect(report.totals.lines == expected, "\(lcov) vs \(json)")
                }
            }
        }
        #expect(compared >= 8)
        #expect(Set(mismatches) == Set(Self.gcovrDeviations.keys), "recomputed totals that differ from gcovr")
    }

    @Test("cargo-llvm-cov --summary-only LCOV: declared totals only, matching every .summary.txt")
    func cargoSummaryOnly() throws {
        let base = "taiki-e-cargo-llvm-cov/tests/fixtures/coverage-reports"
        let files = Self.corpusFiles.filter { $0.hasPrefix(base) && $0.hasSuffix(".lcov.info") }
        #expect(files.count == 36)
        for file in files {
            let report = try Self.read(file)
            #expect(report.summaryOnly, "\(file)")
            #expect(report.files.allSatisfy { $0.lines.isEmpty && $0.functions.isEmpty })
            let text = try String(
                contentsOfFile: Self.corpus + "/" + file.replacingOccurrences(of: ".lcov.info", with: ".summary.txt"),
                encoding: .utf8)
            let total = try #require(text.split(separator: "\n").first { $0.hasPrefix("TOTAL") })
            let cells = total.split(separator: " ").map(String.init)
            // TOTAL regions missed cover functions missed executed lines missed cover …
            let functions = try #require(Int(cells[4])), missedFunctions = try #require(Int(cells[5]))
            let lines = try #require(Int(cells[7])), missedLines = try #require(Int(cells[8]))
            #expect(report.totals.lines == CoverageRatio(covered: lines - missedLines, total: lines), "\(file)")
            #expect(
                report.totals.functions == CoverageRatio(covered: functions - missedFunctions, total: functions),
                "\(file)")
        }
        let real1 = try Self.read(base + "/real1/all.lcov.info")
        #expect(real1.files.map(\.path) == ["member1/member2/src/lib.rs", "member1/src/lib.rs", "src/lib.rs"])
        #expect(real1.totals.lines == CoverageRatio(covered: 19, total: 27))
    }

    @Test("coverallsapp test.lcov: virtual record dropped with a warning, wrapped counter kept at UInt64.max")
    func coverallsLCOV() throws {
        let report = try Self.read("coverallsapp-coverage-reporter/spec/fixtures/lcov/test.lcov")
        #expect(report.files.map(\.path) == ["spec/fixtures/lcov/index.js", "spec/fixtures/lcov/lib/run.js"])
        let run = try #require(report.files.last)
        #expect(run.lines.first { $0.line == 13 }?.hits == UInt64.max)
        #expect(run.totals.lines == CoverageRatio(covered: 13, total: 14))
        #expect(run.totals.functions == CoverageRatio(covered: 5, total: 6))
        #expect(run.totals.branches == CoverageRatio(covered: 7, total: 8))
        #expect(run.branches.first == BranchLine(line: 10, taken: [1, 1, 0, 1]))
        #expect(report.diagnostics.map(\.code) == ["coverage.virtual-path"])
        #expect(report.diagnostics.first?.line == 1)
        // Declared totals leave the skipped record out: LF 2 + 14, LH 2 + 13.
        #expect(report.declared?.lines == CoverageRatio(covered: 15, total: 16))
    }

    @Test("coverage.py LCOV: named branches, FN with end lines")
    func coveragePy() throws {
        let report = try Self.read("generated-local/coveragepy/coverage.lcov")
        let file = try #require(report.files.first)
        #expect(file.path == "shapes.py")
        #expect(file.totals.lines == CoverageRatio(covered: 11, total: 13))
        #expect(file.totals.branches == CoverageRatio(covered: 4, total: 6))
        #expect(file.branches == [
            BranchLine(line: 2, taken: [0, 1]), BranchLine(line: 4, taken: [1, 1]), BranchLine(line: 19, taken: [0, 1]),
        ])
        #expect(file.functions.map(\.name) == ["classify", "both", "loop"])
        #expect(file.functions.map(\.line) == [1, 9, 17])
        #expect(report.declared == CoverageTotals(
            lines: CoverageRatio(covered: 11, total: 13), branches: CoverageRatio(covered: 4, total: 6),
            functions: CoverageRatio(covered: 3, total: 3)))
    }

    @Test("ReportGenerator lcov.info: Windows paths, duplicate DA merged, FNF kept as declared")
    func reportGenerator() throws {
        let report = try Self.read("danielpalme-ReportGenerator/src/Testprojects/CSharp/Reports/lcov.info")
        let first = try #require(report.files.first)
        #expect(first.path == #"C:\temp\AnalyzerTestClass.cs"#)
        #expect(first.lines.filter { $0.line == 46 }.count == 1)
        #expect(first.totals.lines == CoverageRatio(covered: 0, total: 11))
        #expect(first.functions.count == 5)
        #expect(report.diagnostics.isEmpty)
    }

    @Test("LCOV 2.2 FNL/FNA groups: one function per group, FNF counts groups")
    func functionGroups() throws {
        let report = try Self.read("Bachmann1234-diff_cover/tests/fixtures/cpp_functions_coverage.lcov")
        let file = try #require(report.files.first)
        #expect(file.path == "calculator.cpp")
        #expect(file.functions.map(\.line).prefix(3) == [3, 7, 14])
        #expect(file.functions.first?.name == "_ZN10Calculator3addEdd")
        #expect(file.functions.first?.hits == 1)
        #expect(file.totals.functions.total == 3)
        let declaredFunctions = try #require(report.declared?.functions)
        #expect(file.totals.functions == declaredFunctions)
    }

    // MARK: Quirks (research/coverage.md §(d) LCOV items 1–12)

    @Test("BRDA: '-', named ids with commas, e/f/U block prefixes; taken after the last comma")
    func branchForms() throws {
        let report = try Self.readInline(
            """
            SF:a.c
            DA:10,1
            BRDA:10,0,0,-
            BRDA:10,0,1,3
            BRDA:10,e0,1,2
            BRDA:10,f1,jump to line 3, or not,0
            BRDA:10,U2,x,,5
            BRDA:11,0,0,1
            end_of_record
            SF:b.c
            BRDA:10,f1,jump to line 3, or not,9
            BRDA:10,f1,x,1
            end_of_record
            SF:a.c
            BRDA:10,0,1,4
            BRDA:10,f1,jump to line 3, or not,6
            BRDA:10,0,0,1
            BRDA:10,U2,x,,0
            BRDA:10,U2,x,1
            end_of_record

            """)
        let file = try #require(report.files.first)
        #expect(report.files.count == 2)
        // Outcomes keep their first-seen order; the second record sums by identity (named ids
        // included); another file's outcomes with the same ids stay apart.
        #expect(file.branches == [BranchLine(line: 10, taken: [1, 7, 2, 6, 5, 1]), BranchLine(line: 11, taken: [1])])
        #expect(report.files.last?.branches == [BranchLine(line: 10, taken: [9, 1])])
    }

    @Test("FN with and without end line, FNDA before FN, FNDA summed over records")
    func functionForms() throws {
        let report = try Self.readInline(
            """
            TN:one
            SF:f.py
            FNDA:2,late
            FN:1,6,classify
            FN:9,both
            FN:12,late
            FNDA:1,classify
            FN:20,3,7
            end_of_record
            TN:two
            SF:f.py
            FN:1,6,classify
            FNDA:4,classify
            end_of_record
            """)
        let functions = try #require(report.files.first).functions
        #expect(functions.map(\.name) == ["classify", "both", "late", "7"])
        #expect(functions.map(\.hits) == [5, 0, 2, 0])
        #expect(functions.map(\.line) == [1, 9, 12, 20])
    }

    @Test("records for one SF merge; duplicate DA sum; checksums, VER, MCDC ignored; totals summed")
    func mergeAndIgnore() throws {
        let report = try Self.readInline(
            """
            VER:abc
            SF:m.c
            DA:1,1,+plWgmSKGJjoSGAiqS5YFA
            DA:2,0
            DA:2,0
            MCDC:10,2,t,1,0,enable
            LF:2
            LH:1
            end_of_record
            SF:n.c
            DA:5,0
            LF:1
            LH:0
            end_of_record
            SF:m.c
            DA:2,3
            DA:3,0
            LF:2
            LH:1
            end_of_record

            """)
        #expect(report.files.map(\.path) == ["m.c", "n.c"])
        let m = try #require(report.files.first)
        #expect(m.lines == [LineHit(line: 1, hits: 1), LineHit(line: 2, hits: 3), LineHit(line: 3, hits: 0)])
        #expect(report.totals.lines == CoverageRatio(covered: 2, total: 4))
        #expect(report.declared?.lines == CoverageRatio(covered: 2, total: 5))
        #expect(report.diagnostics.isEmpty)
    }

    @Test("huge, wrapped and scientific counters saturate at UInt64.max")
    func hugeCounts() throws {
        let report = try Self.readInline(
            """
            SF:h.c
            DA:1,18446744073709551615
            DA:2,99999999999999999999999
            DA:3,1.8e+19
            DA:4,1.5e+3
            DA:5,2.0
            DA:6,18446744073709551615
            FNDA:1e30,f
            end_of_record

            """)
        let lines = try #require(report.files.first).lines
        #expect(lines.map(\.hits) == [.max, .max, 18_000_000_000_000_000_000, 1500, 2, .max])
        #expect(report.files.first?.functions.first?.hits == .max)
    }

    @Test("garbage lines and virtual paths are skipped with warnings, not fatal")
    func garbageSkipped() throws {
        let report = try Self.readInline(
            """
            SF:dist/<define:DATA>
            DA:1,1
            LF:1
            LH:1
            end_of_record
            SF:src/app.js
            DA:undefined,1
            DA:NaN,1
            DA:0,4
            BRDA:0,0,0,1
            DA:3,1
            XYZ:future record
            end_of_record
            SF:<stdin>
            DA:1,1
            end_of_record

            """)
        #expect(report.files.map(\.path) == ["src/app.js"])
        #expect(report.files.first?.lines == [LineHit(line: 3, hits: 1)])
        let codes = report.diagnostics.map(\.code)
        #expect(codes.contains("coverage.virtual-path"))
        #expect(codes.contains("coverage.lcov.bad-line-number"))
        #expect(codes.contains("coverage.lcov.line-zero"))
        #expect(codes.contains("coverage.lcov.unknown-record"))
        #expect(report.diagnostics.allSatisfy { $0.severity == .warning && $0.file != nil && $0.line != nil })
        let badLine = try #require(report.diagnostics.first { $0.code == "coverage.lcov.bad-line-number" })
        #expect(badLine.line == 7)
        #expect(badLine.message.contains("2 times"))
        #expect(report.declared == nil)
    }

    @Test("CRLF, BOM, trailing blanks, missing final end_of_record (warning), no final newline")
    func lineEndings() throws {
        let report = try Self.readInline("\u{FEFF}TN:\r\nSF:w.c\r\nDA:1,1\r\nDA:2,0   \r\nend_of_record \r\nSF:x.c\r\nDA:7,2")
        #expect(report.files.map(\.path) == ["w.c", "x.c"])
        #expect(report.totals.lines == CoverageRatio(covered: 2, total: 3))
        #expect(report.diagnostics.map(\.code) == ["coverage.lcov.missing-end-of-record"])
        #expect(report.diagnostics.first?.severity == .warning)
    }

    @Test("a path with '..' or odd bytes is kept as written")
    func oddPaths() throws {
        let report = try Self.readInline("SF:../../../etc/passwd\nDA:1,1\nend_of_record\nSF:caf\u{E9} \u{1F600}.swift\nDA:1,0\nend_of_record\n")
        #expect(report.files.map(\.path) == ["../../../etc/passwd", "caf\u{E9} \u{1F600}.swift"])
        let files = TestFiles()
        let path = files.folder + "/nul.lcov"
        _ = FileManager.default.createFile(atPath: path, contents: Data("SF:a\u{0}b\nDA:1,1\nend_of_record\nSF:ok.c\nDA:1,1\nend_of_record\n".utf8))
        let nul = try LCOVReader().read(path: path, detectedBy: "test")
        #expect(nul.files.map(\.path) == ["ok.c"])
        #expect(nul.diagnostics.map(\.code) == ["coverage.bad-path"])
    }

    // MARK: Bad input

    static func failure(_ content: String) -> InputError? {
        do {
            _ = try readInline(content)
            return nil
        } catch {
            return error
        }
    }

    @Test("empty and whitespace-only files are .empty")
    func empty() {
        #expect(Self.failure("")?.code == "input.empty")
        #expect(Self.failure("  \n\r\n\t\n")?.code == "input.empty")
        #expect(Self.failure("\u{FEFF}")?.code == "input.empty")
    }

    static func invalidLine(_ content: String) -> Int? {
        guard case .invalid(_, let line, _, let format, _) = failure(content), format == "LCOV" else { return nil }
        return line
    }

    @Test("negative counts, non-numeric lines, garbage and data outside a record are .invalid at their line")
    func invalid() {
        #expect(Self.invalidLine("SF:a.c\nDA:1,1\nDA:2,-1\nend_of_record\n") == 3)
        #expect(Self.invalidLine("SF:a.c\nDA:1x,1\nend_of_record\n") == 2)
        #expect(Self.invalidLine("SF:a.c\nDA:-4,1\nend_of_record\n") == 2)
        #expect(Self.invalidLine("SF:a.c\nDA:4,many\nend_of_record\n") == 2)
        #expect(Self.invalidLine("SF:a.c\nDA:4\nend_of_record\n") == 2)
        #expect(Self.invalidLine("SF:a.c\nBRDA:4,0,0,-2\nend_of_record\n") == 2)
        #expect(Self.invalidLine("SF:a.c\nBRDA:4,0\nend_of_record\n") == 2)
        #expect(Self.invalidLine("SF:a.c\nFNDA:-1,f\nend_of_record\n") == 2)
        #expect(Self.invalidLine("DA:1,1\n") == 1)
        #expect(Self.invalidLine("TN:\nTN:x\n") == 2)
        #expect(Self.invalidLine("<?xml version=\"1.0\"?>\n<coverage/>\n") == 1)
        #expect(Self.invalidLine("mode: set\na.go:1.1,2.2 1 1\n") == 1)
        #expect(Self.invalidLine("{\"coverage\": {}}") == 1)
        #expect(Self.invalidLine("SF:a.c\nDA:1,1\nhello world\n") == 3)
    }

    @Test("a missing file and a directory are .unreadable")
    func unreadable() {
        #expect(throws: InputError.self) { try LCOVReader().read(path: "/nonexistent/lcov.info", detectedBy: "t") }
        do {
            _ = try LCOVReader().read(path: TestFiles().folder, detectedBy: "t")
            Issue.record("a directory was read")
        } catch {
            #expect(error.code == "input.unreadable")
        }
    }

    // MARK: Gzip

    static func gzip(_ path: String, keep: Bool = true) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = (keep ? ["-k", "-f"] : ["-f"]) + [path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("gzip round trip: .gz, gzip without suffix, concatenated members, truncated and corrupt")
    func gzipRoundTrip() throws {
        let files = TestFiles()
        // Large enough to span several inflate and line chunks.
        var text = "TN:\n"
        for file in 0..<40 {
            text += "SF:src/f\(file).c\n"
            for line in 1...2_000 { text += "DA:\(line),\(line % 3)\n" }
            text += "BRDA:5,0,0,1\nBRDA:5,0,1,-\nend_of_record\n"
        }
        let plain = files.write("big.lcov", text)
        try Self.gzip(plain)
        let fromPlain = try LCOVReader().read(path: plain, detectedBy: "t")
        let fromGzip = try LCOVReader().read(path: plain + ".gz", detectedBy: "t")
        #expect(fromPlain.files.count == 40)
        #expect(fromPlain.totals.lines == CoverageRatio(covered: 40 * 1_334, total: 40 * 2_000))
        #expect(fromGzip.files == fromPlain.files)
        #expect(fromGzip.totals == fromPlain.totals)

        // Magic bytes, not the suffix, decide.
        let renamed = files.folder + "/renamed.info"
        try FileManager.default.copyItem(atPath: plain + ".gz", toPath: renamed)
        #expect(try LCOVReader().read(path: renamed, detectedBy: "t").files == fromPlain.files)

        // `cat a.gz b.gz`: two members read one after the other.
        let first = files.write("one.lcov", "SF:a.c\nDA:1,1\nend_of_record\n")
        let second = files.write("two.lcov", "SF:b.c\nDA:2,0\nend_of_record\n")
        try Self.gzip(first)
        try Self.gzip(second)
        var both = try #require(FileManager.default.contents(atPath: first + ".gz"))
        both += try #require(FileManager.default.contents(atPath: second + ".gz"))
        let concatenated = files.folder + "/both.lcov.gz"
        _ = FileManager.default.createFile(atPath: concatenated, contents: both)
        #expect(try LCOVReader().read(path: concatenated, detectedBy: "t").files.map(\.path) == ["a.c", "b.c"])

        let whole = try #require(FileManager.default.contents(atPath: plain + ".gz"))
        let truncated = files.folder + "/truncated.lcov.gz"
        _ = FileManager.default.createFile(atPath: truncated, contents: whole.prefix(whole.count / 2))
        do {
            _ = try LCOVReader().read(path: truncated, detectedBy: "t")
            Issue.record("a truncated gzip file was read")
        } catch {
            #expect(error.code == "input.truncated")
        }
        var corruptBytes = [UInt8](whole)
        for index in 20..<min(400, corruptBytes.count) { corruptBytes[index] ^= 0x5A }
        let corrupt = files.folder + "/corrupt.lcov.gz"
        _ = FileManager.default.createFile(atPath: corrupt, contents: Data(corruptBytes))
        do {
            _ = try LCOVReader().read(path: corrupt, detectedBy: "t")
            Issue.record("a corrupt gzip file was read")
        } catch {
            #expect(error.code == "input.invalid" || error.code == "input.truncated")
        }

        let emptyGzip = files.write("empty.lcov", "")
        try Self.gzip(emptyGzip)
        do {
            _ = try LCOVReader().read(path: emptyGzip + ".gz", detectedBy: "t")
            Issue.record("an empty gzip file was read")
        } catch {
            #expect(error.code == "input.empty")
        }
    }

    @Test("a line longer than a chunk is reassembled")
    func longLines() throws {
        let name = String(repeating: "n", count: 700_000)
        let report = try Self.readInline("SF:a.c\nFN:3,\(name)\nFNDA:1,\(name)\nDA:3,1\nend_of_record\n")
        #expect(report.files.first?.functions.first?.name.count == 700_000)
        #expect(report.files.first?.functions.first?.hits == 1)
    }
}
