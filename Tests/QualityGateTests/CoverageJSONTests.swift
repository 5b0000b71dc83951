import Foundation
import Testing

@testable import QualityGate

/// The JSON coverage readers over the real files of `../shared/conformance/coverage/`, compared
/// with the oracles named in its SOURCES.md. Deliberate deviations are listed where they occur.
@Suite("JSON coverage readers")
struct CoverageJSONTests {
    static let corpus: String = TestFiles.conformance("coverage")

    static func files(under relative: String, suffix: String) -> [String] {
        let base = corpus + "/" + relative
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted().map { base + "/" + $0 }
    }

    static func json(_ path: String) -> Any? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data)
    }

    static func ratio(_ object: Any?, covered: String, total: String) -> CoverageRatio? {
        guard let dictionary = object as? [String: Any], let c = dictionary[covered] as? Int,
            let t = dictionary[total] as? Int
        else { return nil }
        return CoverageRatio(covered: c, total: t)
    }

    // MARK: - llvm-cov export

    static let swiftDemo = corpus + "/generated-local/swift-llvm-cov/"

    @Test("Swift filtered export: recomputed lines 25/30 from segments, declared 26/32 per function")
    func swiftFiltered() throws {
        let report = try LLVMCovReader().read(path: Self.swiftDemo + "Demo.export-filtered.json", detectedBy: "test")
        #expect(report.format == .llvmCov)
        #expect(!report.summaryOnly)
        #expect(report.files.map(\.path) == ["/ci/Demo/Sources/Demo/Demo.swift"])
        let totals = report.totals
        // llvm-cov counts closure lines once per function (32); distinct lines are 30.
        #expect(totals.lines == CoverageRatio(covered: 25, total: 30))
        #expect(totals.functions == CoverageRatio(covered: 6, total: 8))
        #expect(totals.regions == CoverageRatio(covered: 14, total: 21))
        #expect(totals.branches == CoverageRatio())
        #expect(report.declared?.lines == CoverageRatio(covered: 26, total: 32))
        #expect(report.declared?.functions == CoverageRatio(covered: 6, total: 8))
        #expect(report.declared?.regions == CoverageRatio(covered: 14, total: 21))
    }

    @Test("Swift filtered export: every line of llvm-cov show has our count")
    func swiftShowAgreement() throws {
        let report = try LLVMCovReader().read(path: Self.swiftDemo + "Demo.export-filtered.json", detectedBy: "test")
        let show = try String(contentsOfFile: Self.swiftDemo + "Demo.show.txt", encoding: .utf8)
        var expected: [LineHit] = []
        for row in show.split(separator: "\n") {
            let cells = row.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard cells.count >= 2, let line = Int(cells[0].trimmingCharacters(in: .whitespaces)) else { continue }
            if let hits = UInt64(cells[1].trimmingCharacters(in: .whitespaces)) {
                expected.append(LineHit(line: line, hits: hits))
            }
        }
        #expect(expected.count == 30)
        #expect(report.files.first?.lines == expected)
        // Lines 16, 35, 36 count 1 although a region on them never ran (LLVM's wrapped-count rule).
        let lines = report.files.first?.lines ?? []
        #expect(lines.first { $0.line == 16 }?.hits == 1)
        let regions = report.files.first?.regions ?? []
        #expect(regions.contains { $0.startLine == 16 && $0.hits == 0 })
        let functions = report.files.first?.functions ?? []
        #expect(functions.first { $0.name == "$s4Demo11neverCalledSiyF" }?.hits == 0)
        #expect(functions.first { $0.name == "$s4Demo8classifyySSSiF" } == FunctionHit(name: "$s4Demo8classifyySSSiF", line: 3, hits: 2))
    }

    @Test("swift test --enable-code-coverage JSON: unfiltered declared totals, derived and test files recognised")
    func swiftUnfiltered() throws {
        let report = try LLVMCovReader().read(
            path: Self.swiftDemo + "Demo.swift-test-codecov.json", detectedBy: "test")
        #expect(report.declared?.lines == CoverageRatio(covered: 96, total: 250))
        #expect(report.declared?.functions == CoverageRatio(covered: 36, total: 70))
        #expect(report.declared?.regions == CoverageRatio(covered: 53, total: 119))
        #expect(report.declared?.branches == CoverageRatio())
        let sources = report.files.filter { !LLVMCovReader.isDerivedOrTest(path: $0.path) }
        #expect(sources.map(\.path) == ["/ci/Demo/Sources/Demo/Demo.swift"])
        #expect(report.files.count > 1)
        let sourceTotals = sources.reduce(CoverageTotals()) { $0 + $1.totals }
        #expect(sourceTotals.lines == CoverageRatio(covered: 25, total: 30))
        #expect(sourceTotals.regions == CoverageRatio(covered: 14, total: 21))
        #expect(sourceTotals.functions == CoverageRatio(covered: 6, total: 8))
        // Over all files, functions are llvm-cov's instantiation groups: the declared 36/70.
        #expect(report.totals.functions == CoverageRatio(covered: 36, total: 70))
        #expect(report.totals.regions == CoverageRatio(covered: 53, total: 119))
    }

    @Test("isDerivedOrTest recognises SwiftPM build output, runners and test folders")
    func derivedOrTest() {
        #expect(LLVMCovReader.isDerivedOrTest(path: "/ci/Demo/.build/x86_64-unknown-linux-gnu/debug/DemoPackageTests.derived/runner.swift"))
        #expect(LLVMCovReader.isDerivedOrTest(path: ".build/debug/x.swift"))
        #expect(LLVMCovReader.isDerivedOrTest(path: "/ci/Demo/Tests/DemoTests/DemoTests.swift"))
        #expect(LLVMCovReader.isDerivedOrTest(path: "Foo.derived/main.swift"))
        #expect(!LLVMCovReader.isDerivedOrTest(path: "/ci/Demo/Sources/Demo/Demo.swift"))
        #expect(!LLVMCovReader.isDerivedOrTest(path: "Sources/TestsHelpers/Tests.swift"))
    }

    /// The TOTAL row of an `llvm-cov report` table: regions, functions, lines, branches.
    static func reportTotal(_ path: String) -> CoverageTotals? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let row = text.split(separator: "\n").first(where: { $0.hasPrefix("TOTAL") })
        else { return nil }
        let cells = row.split(separator: " ").dropFirst().map(String.init)
        // Regions Missed Cover Functions Missed Executed Lines Missed Cover Branches Missed Cover
        guard cells.count >= 11, let regions = Int(cells[0]), let regionsMissed = Int(cells[1]),
            let functions = Int(cells[3]), let functionsMissed = Int(cells[4]), let lines = Int(cells[6]),
            let linesMissed = Int(cells[7]), let branches = Int(cells[9]), let branchesMissed = Int(cells[10])
        else { return nil }
        return CoverageTotals(
            lines: CoverageRatio(covered: lines - linesMissed, total: lines),
            branches: CoverageRatio(covered: branches - branchesMissed, total: branches),
            functions: CoverageRatio(covered: functions - functionsMissed, total: functions),
            regions: CoverageRatio(covered: regions - regionsMissed, total: regions))
    }

    @Test("cargo-llvm-cov -summary-only exports: declared totals equal the llvm-cov report TOTAL row")
    func cargoLLVMCov() throws {
        let jsons = Self.files(under: "taiki-e-cargo-llvm-cov/tests/fixtures/coverage-reports", suffix: ".json")
            .filter { !$0.hasSuffix(".codecov.json") }
        #expect(jsons.count == 36)
        var scenarios: Set<String> = []
        for json in jsons {
            let oracle = String(json.dropLast(".json".count)) + ".summary.txt"
            let expected = try #require(Self.reportTotal(oracle), "no TOTAL row in \(oracle)")
            let report = try LLVMCovReader().read(path: json, detectedBy: "test")
            #expect(report.summaryOnly, "\(json)")
            #expect(report.files.isEmpty, "\(json)")
            #expect(report.declared == expected, "\(json)")
            #expect(report.totals == expected, "\(json)")
            #expect(report.diagnostics.contains { $0.code == "coverage.summary-only" }, "\(json)")
            scenarios.insert(URL(fileURLWithPath: json).deletingLastPathComponent().lastPathComponent)
        }
        // 15 scenario folders; `workspace-with-bin` holds only text reports (no JSON, no summary).
        #expect(scenarios.count == 14)
    }

    @Test("Segment rules: five-field segments, skipped regions, gap regions, wrapped counts")
    func segmentRules() throws {
        let files = TestFiles()
        // Line 1 opens a region (5); line 2 has no segment (wrapped 5); line 3 opens a skipped
        // region (no count, entry) → not mapped; line 4 wrapped by the skipped segment → not
        // mapped; line 5 a gap entry with count → mapped (any entry with a count), count from
        // the wrapped skipped segment (0); line 6 a region entry 0 whose wrapped segment is the
        // gap entry of line 5 (7) → max(7, 0) = 7, LLVM's wrapped-count rule.
        let path = files.write("seg.json", """
            {"type":"llvm.coverage.json.export","version":"2.0.0","data":[{"files":[{"filename":"a.c",
             "segments":[[1,1,5,true,true],[3,1,0,false,true],[5,1,7,true,true,true],[6,1,0,true,true,false],[6,9,0,false,false,false]]}],
             "functions":[],"totals":{"lines":{"count":4,"covered":3}}}]}
            """)
        let report = try LLVMCovReader().read(path: path, detectedBy: "test")
        #expect(report.files.first?.lines == [
            LineHit(line: 1, hits: 5), LineHit(line: 2, hits: 5), LineHit(line: 5, hits: 0), LineHit(line: 6, hits: 7),
        ])
        #expect(report.declared?.lines == CoverageRatio(covered: 3, total: 4))
    }

    @Test("Instantiations: one function and position-merged regions; branches two outcomes each; several data entries merge")
    func instantiations() throws {
        let files = TestFiles()
        let path = files.write("inst.json", """
            {"type":"llvm.coverage.json.export","version":"3.0.1","data":[{"files":[{"filename":"t.cpp",
              "segments":[[1,10,3,true,true,false],[3,2,0,false,false,false]],
              "branches":[[2,5,2,9,3,0,0,0,4],[2,5,2,9,0,0,0,0,4],[2,14,2,20,1,2,0,0,4]]}],
              "functions":[
                {"name":"f<int>","count":3,"filenames":["t.cpp"],"regions":[[1,10,3,2,3,0,0,0],[2,12,2,20,0,0,0,0]]},
                {"name":"f<long>","count":0,"filenames":["t.cpp"],"regions":[[1,10,3,2,0,0,0,0],[2,12,2,20,0,0,0,0]]},
                {"name":"g","count":0,"filenames":["other.cpp"],"regions":[[1,1,2,2,0,0,0,0]]}]}]}
            """)
        let report = try LLVMCovReader().read(path: path, detectedBy: "test")
        let file = try #require(report.files.first)
        #expect(report.files.count == 1)
        #expect(file.functions == [FunctionHit(name: "f<int>", line: 1, hits: 3)])
        #expect(file.regions.map(\.hits) == [3, 0])
        #expect(file.branches == [BranchLine(line: 2, taken: [3, 0, 1, 2])])
        #expect(file.totals.branches == CoverageRatio(covered: 3, total: 4))
    }

    // MARK: - coverage.py

    @Test("coverage.py JSON: 11/13 statements, 4/6 branches, (11+4)/(13+6) = 78.947 %")
    func coveragePy() throws {
        let path = Self.corpus + "/generated-local/coveragepy/coverage.json"
        let report = try CoveragePyReader().read(path: path, detectedBy: "test")
        #expect(report.format == .coveragePy)
        let totals = report.totals
        #expect(totals.lines == CoverageRatio(covered: 11, total: 13))
        #expect(totals.branches == CoverageRatio(covered: 4, total: 6))
        #expect(report.declared?.lines == totals.lines)
        #expect(report.declared?.branches == totals.branches)
        let combined = totals.lines + totals.branches
        #expect(abs((combined.percent ?? 0) - 78.94736842105263) < 1e-9)
        let file = try #require(report.files.first)
        #expect(file.path == "shapes.py")
        #expect(!file.lines.contains { $0.line == 13 || $0.line == 14 })  // excluded
        #expect(file.branches == [
            BranchLine(line: 2, taken: [0, 1]), BranchLine(line: 4, taken: [1, 1]), BranchLine(line: 19, taken: [0, 1]),
        ])
        // Same as coverage.py's own LCOV: FN classify/both/loop, all entered (FNF 3, FNH 3).
        #expect(file.functions.map(\.name) == ["classify", "both", "loop"])
        #expect(totals.functions == CoverageRatio(covered: 3, total: 3))
    }

    // MARK: - Istanbul

    static let istanbulSpecs = "istanbuljs-istanbuljs/packages/istanbul-reports/test/fixtures/specs"

    @Test("Istanbul specs: lines, branches, functions equal htmlSpaCoverageData for every spec")
    func istanbulSpecs() throws {
        let specs = Self.files(under: Self.istanbulSpecs, suffix: ".json")
        #expect(specs.count == 9)
        let files = TestFiles()
        for spec in specs {
            let object = try #require(Self.json(spec) as? [String: Any], "\(spec)")
            let map = try #require(object["map"])
            let metrics = try #require(
                ((object["htmlSpaCoverageData"] as? [String: Any])?["metrics"]) as? [String: Any])
            let mapPath = files.write(URL(fileURLWithPath: spec).lastPathComponent, String(
                decoding: try JSONSerialization.data(withJSONObject: map), as: UTF8.self))
            #expect(IstanbulReader.detect(head: try String(contentsOfFile: mapPath, encoding: .utf8)) != nil || (map as? [String: Any])?.isEmpty == true)
            let report = try IstanbulReader().read(path: mapPath, detectedBy: "test")
            let totals = report.totals
            #expect(totals.lines == Self.ratio(metrics["lines"], covered: "covered", total: "total"), "\(spec)")
            #expect(totals.branches == Self.ratio(metrics["branches"], covered: "covered", total: "total"), "\(spec)")
            #expect(totals.functions == Self.ratio(metrics["functions"], covered: "covered", total: "total"), "\(spec)")
        }
    }

    @Test("Istanbul: 100-line-missing-branch uncovered branch lines 21 and 29; wrapped data; bare file object")
    func istanbulDetails() throws {
        let files = TestFiles()
        let spec = try #require(Self.json(Self.corpus + "/" + Self.istanbulSpecs + "/100-line-missing-branch.json") as? [String: Any])
        let path = files.write("map.json", String(
            decoding: try JSONSerialization.data(withJSONObject: try #require(spec["map"])), as: UTF8.self))
        let report = try IstanbulReader().read(path: path, detectedBy: "test")
        let partial = report.files.first?.branches.filter { $0.taken.contains(0) }.map(\.line)
        #expect(partial == [21, 29])

        let wrapped = files.write("wrapped.json", """
            {"/src/a.js":{"data":{"path":"/src/a.js","statementMap":{"0":{"start":{"line":1,"column":0},"end":{"line":1,"column":null}},
              "1":{"start":{"line":1,"column":5},"end":{"line":1,"column":9}},"2":{"start":{"line":3,"column":0},"end":{}}},
             "s":{"0":0,"1":4,"2":0},"fnMap":{"0":{"name":"f","decl":{"start":{"line":1,"column":9}},"loc":{"start":{"line":1,"column":0}}},
               "1":{"name":"f","decl":{"start":{"line":3,"column":9}},"loc":{"start":{"line":3,"column":0}}}},"f":{"0":2,"1":0},
             "branchMap":{"0":{"loc":{"start":{"line":3,"column":0}},"type":"if","locations":[{"start":{"line":3,"column":0}},{}]}},
             "b":{"0":[0,0]}}}}
            """)
        let file = try #require(try IstanbulReader().read(path: wrapped, detectedBy: "test").files.first)
        #expect(file.path == "/src/a.js")
        #expect(file.lines == [LineHit(line: 1, hits: 4), LineHit(line: 3, hits: 0)])
        #expect(file.functions == [FunctionHit(name: "f", line: 1, hits: 2), FunctionHit(name: "f@3", line: 3, hits: 0)])
        #expect(file.branches == [BranchLine(line: 3, taken: [0, 0])])

        // A bare file coverage object (istanbul-reports github-*.json regression fixtures).
        let bare = try IstanbulReader().read(
            path: Self.corpus + "/istanbuljs-istanbuljs/packages/istanbul-reports/test/fixtures/github-10.json",
            detectedBy: "test")
        #expect(bare.files.count == 1)
        #expect(bare.files.first?.path.hasSuffix("istanbul-lib-instrument/src/index.js") == true)
    }

    @Test("Istanbul coverage-summary.json: summary-only, declared = total, \"Unknown\" pct tolerated")
    func istanbulSummary() throws {
        let files = TestFiles()
        let path = files.write("coverage-summary.json", """
            {"total":{"lines":{"total":43,"covered":41,"skipped":0,"pct":95.34},"statements":{"total":50,"covered":50,"skipped":0,"pct":100},
              "functions":{"total":8,"covered":8,"skipped":0,"pct":100},"branches":{"total":43,"covered":41,"skipped":0,"pct":95.34},
              "branchesTrue":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"}},
             "/src/index.js":{"lines":{"total":43,"covered":41,"skipped":0,"pct":95.34},"statements":{"total":50,"covered":50,"skipped":0,"pct":100},
              "functions":{"total":8,"covered":8,"skipped":0,"pct":100},"branches":{"total":43,"covered":41,"skipped":0,"pct":95.34}}}
            """)
        #expect(IstanbulSummaryReader.detect(head: try String(contentsOfFile: path, encoding: .utf8)) != nil)
        #expect(IstanbulReader.detect(head: try String(contentsOfFile: path, encoding: .utf8)) == nil)
        let report = try IstanbulSummaryReader().read(path: path, detectedBy: "test")
        #expect(report.summaryOnly)
        #expect(report.files.isEmpty)
        #expect(report.declared == CoverageTotals(
            lines: CoverageRatio(covered: 41, total: 43), branches: CoverageRatio(covered: 41, total: 43),
            functions: CoverageRatio(covered: 8, total: 8)))
        #expect(report.totals.lines == CoverageRatio(covered: 41, total: 43))
        #expect(report.diagnostics.first?.code == "coverage.summary-only")

        let blank = files.write("blank.json", """
            {"total":{"lines":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},"statements":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},
              "functions":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},"branches":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"}}}
            """)
        let empty = try IstanbulSummaryReader().read(path: blank, detectedBy: "test")
        #expect(empty.totals.lines.percent == nil)
    }

    // MARK: - gcovr

    struct GcovrCase: CustomStringConvertible {
        var summary: String
        var data: String
        var description: String { summary }
    }

    /// Every `coverage_summary.json` with the `coverage.json` its compiler's overlay resolves to
    /// (same family, same or older version, same platform suffix or none; first hit wins).
    static let gcovrCases: [GcovrCase] = {
        func parse(_ name: String) -> (family: String, version: Int, suffix: String)? {
            let parts = name.split(separator: "-", maxSplits: 2).map(String.init)
            guard parts.count >= 2, parts[0] == "gcc" || parts[0] == "clang", let version = Int(parts[1]) else {
                return nil
            }
            return (parts[0], version, parts.count == 3 ? parts[2] : "")
        }
        var cases: [GcovrCase] = []
        for summary in files(under: "gcovr-gcovr/tests", suffix: "/coverage_summary.json") {
            let compilerDir = URL(fileURLWithPath: summary).deletingLastPathComponent()
            guard let compiler = parse(compilerDir.lastPathComponent) else { continue }
            let parent = compilerDir.deletingLastPathComponent().path
            let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).compactMap { name in
                parse(name).map { (name, $0) }
            }.filter {
                $0.1.family == compiler.family && $0.1.version <= compiler.version
                    && ($0.1.suffix == compiler.suffix || $0.1.suffix.isEmpty)
            }.sorted { ($0.1.version, $0.1.suffix == compiler.suffix ? 1 : 0) > ($1.1.version, $1.1.suffix == compiler.suffix ? 1 : 0) }
            if let hit = siblings.first(where: { FileManager.default.fileExists(atPath: parent + "/" + $0.0 + "/coverage.json") }) {
                cases.append(GcovrCase(summary: summary, data: parent + "/" + hit.0 + "/coverage.json"))
            }
        }
        return cases
    }()

    /// gcovr counts a line once per function owning code on it; the model has one entry per
    /// line number (merged: hit if any owner ran it). Only the line totals differ, in these
    /// files: the unused deleting destructors `D0` share their lines with the called `D2`.
    static let gcovrLineDeviations: [String: CoverageRatio] = [
        "const-functions/reference/gcc-14/coverage_summary.json": CoverageRatio(covered: 17, total: 17),
        "exclusion/reference/exclude-line-branch/gcc-14/coverage_summary.json": CoverageRatio(covered: 15, total: 17),
        "virtual-classes/reference/gcc-14/coverage_summary.json": CoverageRatio(covered: 23, total: 24),
        // gcc-14-Windows has no coverage.json of its own: the overlay falls back to gcc-14's
        // file, whose run differs from the Windows summary (31/38 there).
        "virtual-classes/reference/gcc-14-Windows/coverage_summary.json": CoverageRatio(covered: 23, total: 24),
    ]

    @Test("gcovr JSON: lines, branches, functions equal coverage_summary.json across compiler overlays")
    func gcovr() throws {
        let cases = Self.gcovrCases
        #expect(cases.count == 43)
        #expect(cases.filter { $0.summary.contains("/gcc-14/") }.count == 6)
        var deviations = 0
        for entry in cases {
            let summary = try #require(Self.json(entry.summary) as? [String: Any])
            let report = try GcovrJSONReader().read(path: entry.data, detectedBy: "test")
            let totals = report.totals
            let relative = String(entry.summary.dropFirst((Self.corpus + "/gcovr-gcovr/tests/").count))
            let expectedLines = Self.ratio(summary, covered: "line_covered", total: "line_total")
            if let deviation = Self.gcovrLineDeviations[relative] {
                deviations += 1
                #expect(totals.lines == deviation, "\(relative)")
                #expect(totals.lines != expectedLines, "\(relative): deviation no longer needed")
            } else {
                #expect(totals.lines == expectedLines, "\(relative)")
            }
            #expect(totals.functions == Self.ratio(summary, covered: "function_covered", total: "function_total"), "\(relative)")
            #expect(totals.branches == Self.ratio(summary, covered: "branch_covered", total: "branch_total"), "\(relative)")
        }
        #expect(deviations == Self.gcovrLineDeviations.count)
    }

    @Test("gcovr tests/simple gcc-14: lines 7/11, functions 2/3, branches 2/4")
    func gcovrSimple() throws {
        let report = try GcovrJSONReader().read(
            path: Self.corpus + "/gcovr-gcovr/tests/simple/reference/standard/gcc-14/coverage.json", detectedBy: "test")
        #expect(report.totals.lines == CoverageRatio(covered: 7, total: 11))
        #expect(report.totals.functions == CoverageRatio(covered: 2, total: 3))
        #expect(report.totals.branches == CoverageRatio(covered: 2, total: 4))
        #expect(report.files.first?.functions.first?.name == "not_called()")
    }

    // MARK: - Detection

    @Test("Detection: each reader recognises its own files and none of the others, nor JUnit or package.json")
    func detection() throws {
        func head(_ path: String) throws -> String {
            let data = try #require(FileManager.default.contents(atPath: path))
            return String(decoding: data.prefix(65536), as: UTF8.self)
        }
        let samples: [(String, CoverageFormat)] = [
            (Self.swiftDemo + "Demo.export-filtered.json", .llvmCov),
            (Self.swiftDemo + "Demo.swift-test-codecov.json", .llvmCov),
            (Self.corpus + "/taiki-e-cargo-llvm-cov/tests/fixtures/coverage-reports/real1/all.json", .llvmCov),
            (Self.corpus + "/generated-local/coveragepy/coverage.json", .coveragePy),
            (Self.corpus + "/istanbuljs-istanbuljs/packages/istanbul-reports/test/fixtures/github-10.json", .istanbul),
            (Self.corpus + "/gcovr-gcovr/tests/simple/reference/standard/gcc-14/coverage.json", .gcovr),
        ]
        let detectors: [(CoverageFormat, (String) -> String?)] = [
            (.llvmCov, LLVMCovReader.detect), (.coveragePy, CoveragePyReader.detect), (.istanbul, IstanbulReader.detect),
            (.istanbulSummary, IstanbulSummaryReader.detect), (.gcovr, GcovrJSONReader.detect),
        ]
        for (path, format) in samples {
            let text = try head(path)
            let hits = detectors.filter { $0.1(text) != nil }.map(\.0)
            #expect(hits == [format], "\(path)")
        }
        let others = [
            Self.corpus + "/gcovr-gcovr/tests/simple/reference/standard/gcc-14/coverage_summary.json",
            Self.corpus + "/gcovr-gcovr/tests/simple/reference/standard/gcc-5/coveralls.json",
            Self.corpus + "/taiki-e-cargo-llvm-cov/tests/fixtures/coverage-reports/real1/all.codecov.json",
            Self.corpus + "/generated-local/coveragepy/coverage.xml",
            Self.corpus + "/generated-local/coveragepy/coverage.lcov",
            Self.corpus + "/generated-local/gcov/calc.gcov.json",
        ]
        for path in others where FileManager.default.fileExists(atPath: path) {
            let text = try head(path)
            #expect(detectors.allSatisfy { $0.1(text) == nil }, "\(path)")
        }
        let junit = "<?xml version=\"1.0\"?><testsuites><testsuite name=\"files\" tests=\"1\"><testcase name=\"data\"/></testsuite></testsuites>"
        let package = #"{"name":"x","version":"1.0.0","files":["lib"],"scripts":{"test":"nyc mocha"}}"#
        for text in [junit, package] {
            #expect(detectors.allSatisfy { $0.1(text) == nil })
        }
    }

    // MARK: - Bad input

    static let readers: [(String, any CoverageFormatReader)] = [
        ("llvm-cov", LLVMCovReader()), ("coverage.py", CoveragePyReader()), ("istanbul", IstanbulReader()),
        ("istanbul-summary", IstanbulSummaryReader()), ("gcovr", GcovrJSONReader()),
    ]

    static func error(_ reader: any CoverageFormatReader, _ path: String) -> InputError? {
        do {
            _ = try reader.read(path: path, detectedBy: "test")
            return nil
        } catch {
            return error
        }
    }

    @Test("Empty, whitespace-only, truncated, malformed, missing file, directory: the right error from every reader")
    func badInput() throws {
        let files = TestFiles()
        let empty = files.write("empty.json", "")
        let blank = files.write("blank.json", " \n\t\n")
        let truncated = files.write("truncated.json", "{\"data\": [{\"files\": [{\"filename\": \"a\",\n \"segments\": [[1, 2")
        let truncatedString = files.write("truncated-string.json", "{\"files\": {\"a.py")
        let malformed = files.write("malformed.json", "{\"a\": 1,\n  \"b\": ]}")
        for (name, reader) in Self.readers {
            #expect(Self.error(reader, empty) == .empty(file: empty), "\(name)")
            #expect(Self.error(reader, blank) == .empty(file: blank), "\(name)")
            #expect(Self.error(reader, truncated) == .truncated(file: truncated, line: 2, column: 20, insideElement: "JSON array"), "\(name)")
            #expect(Self.error(reader, truncatedString) == .truncated(file: truncatedString, line: 1, column: 17, insideElement: "JSON string"), "\(name)")
            guard case .malformed(_, let line, let column, _) = Self.error(reader, malformed) else {
                Issue.record("\(name): malformed JSON not reported as malformed")
                continue
            }
            #expect(line == 2 && column >= 1, "\(name)")
            #expect(Self.error(reader, files.folder + "/missing.json")?.code == "input.unreadable", "\(name)")
            #expect(Self.error(reader, files.folder)?.code == "input.unreadable", "\(name)")
        }
    }

    @Test("JSON of another kind (package.json) → invalid, naming the missing key")
    func otherJSON() throws {
        let files = TestFiles()
        let package = files.write("package.json", #"{"name":"x","version":"1.0.0","files":["lib"],"scripts":{"test":"nyc mocha"}}"#)
        let expectations: [(String, String)] = [
            ("llvm-cov", "missing key 'data'"), ("coverage.py", "missing key 'meta'"),
            ("istanbul", "statementMap"), ("istanbul-summary", "missing key 'total'"), ("gcovr", "expected"),
        ]
        for ((name, reader), (_, text)) in zip(Self.readers, expectations) {
            guard case .invalid(let file, _, _, _, let reason) = Self.error(reader, package) else {
                Issue.record("\(name): package.json not reported as invalid")
                continue
            }
            #expect(file == package)
            #expect(reason.contains(text), "\(name): \(reason)")
        }
        let wrongType = files.write("other.json", #"{"type":"something.else","data":[]}"#)
        guard case .invalid(_, _, _, _, let reason) = Self.error(LLVMCovReader(), wrongType) else {
            Issue.record("wrong llvm-cov type accepted")
            return
        }
        #expect(reason.contains("something.else"))
    }

    @Test("Negative counts are invalid; huge counts saturate; size cap refuses")
    func counts() throws {
        let files = TestFiles()
        let llvm = files.write("neg-llvm.json", """
            {"type":"llvm.coverage.json.export","version":"2.0.1","data":[{"files":[{"filename":"a.c","segments":[[1,1,-3,true,true,false]]}]}]}
            """)
        let py = files.write("neg-py.json", #"{"meta":{"format":3},"files":{"a.py":{"executed_lines":[1],"missing_lines":[],"executed_branches":[[1,-1]]}}}"#)
        let ist = files.write("neg-ist.json", #"{"a.js":{"statementMap":{"0":{"start":{"line":1}}},"s":{"0":-1}}}"#)
        let gcovr = files.write("neg-gcovr.json", #"{"gcovr/format_version":"0.15","files":[{"file":"a.c","lines":[{"line_number":1,"count":-1,"branches":[]}],"functions":[]}]}"#)
        for (reader, path) in [
            (LLVMCovReader() as any CoverageFormatReader, llvm), (IstanbulReader(), ist), (GcovrJSONReader(), gcovr),
        ] {
            guard case .invalid(let file, _, _, _, let reason) = Self.error(reader, path) else {
                Issue.record("\(path): negative count accepted")
                continue
            }
            #expect(file == path)
            #expect(reason.contains("negative"))
        }
        // coverage.py's negative arc target is an exit, not a count.
        let pyReport = try CoveragePyReader().read(path: py, detectedBy: "test")
        #expect(pyReport.files.first?.branches == [BranchLine(line: 1, taken: [1])])

        let huge = files.write("huge.json", #"{"gcovr/format_version":"0.15","files":[{"file":"a.c","lines":[{"line_number":1,"count":1.8e+30,"branches":[]},{"line_number":2,"count":18446744073709551615,"branches":[]}]}]}"#)
        let hugeReport = try GcovrJSONReader().read(path: huge, detectedBy: "test")
        #expect(hugeReport.files.first?.lines.map(\.hits) == [.max, .max])

        let capped = GcovrJSONReader(limits: JSONCoverageLimits(maxBytes: 16))
        #expect(Self.error(capped, huge)?.code == "input.refused")

        let bom = files.write("bom.json", "\u{FEFF}" + #"{"meta":{"format":3},"files":{}}"#)
        let bomReport = try CoveragePyReader().read(path: bom, detectedBy: "test")
        #expect(bomReport.files.isEmpty)
        #expect(bomReport.diagnostics.contains { $0.code == "coverage.no-files" })
    }
}
