import Foundation
import Testing

@testable import QualityGate

/// Cobertura, JaCoCo and Clover readers on the real corpus of `../shared/conformance/coverage/`
/// (see its SOURCES.md), plus inline adversarial inputs.
@Suite("XML coverage readers")
struct CoverageXMLTests {
    static let corpus: String = TestFiles.conformance("coverage")

    static func path(_ relative: String) -> String { corpus + "/" + relative }

    enum Kind: String { case cobertura, jacoco, clover }

    static func reader(_ kind: Kind) -> any CoverageFormatReader {
        switch kind {
        case .cobertura: CoberturaReader()
        case .jacoco: JaCoCoReader()
        case .clover: CloverReader()
        }
    }

    static func detect(_ kind: Kind, _ head: String) -> String? {
        switch kind {
        case .cobertura: CoberturaReader.detect(head: head)
        case .jacoco: JaCoCoReader.detect(head: head)
        case .clover: CloverReader.detect(head: head)
        }
    }

    /// Every Cobertura / JaCoCo / Clover file of the corpus, with its format.
    static let corpusFiles: [(String, Kind)] = {
        var result: [(String, Kind)] = []
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: corpus) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".xml") else { continue }
            let name = (relative as NSString).lastPathComponent
            var kind: Kind?
            if relative.hasPrefix("gcovr-gcovr/tests/"), relative.contains("/reference/") {
                if name.hasPrefix("cobertura") { kind = .cobertura }
                if name == "jacoco.xml" { kind = .jacoco }
                if name == "clover.xml" { kind = .clover }
            } else if relative.hasPrefix("danielpalme-ReportGenerator/") {
                if name.hasPrefix("Cobertura") { kind = .cobertura }
                if name.hasPrefix("JaCoCo") { kind = .jacoco }
                if name.hasPrefix("Clover") { kind = .clover }
            } else if relative.hasPrefix("aconrad-pycobertura/tests/") {
                kind = .cobertura
            } else if relative.hasPrefix("Bachmann1234-diff_cover/tests/") {
                kind = relative.contains("clover") ? .clover : .cobertura
            } else if relative.hasPrefix("coverallsapp-coverage-reporter/spec/fixtures/") {
                if relative.contains("/cobertura/") { kind = .cobertura }
                if relative.contains("/jacoco/") { kind = .jacoco }
                if relative.contains("/clover/") { kind = .clover }
            }
            if let kind { result.append((relative, kind)) }
        }
        return result.sorted { $0.0 < $1.0 }
    }()

    /// Corpus files that must fail, with the error code and why.
    static let expectedFailures: [String: (code: String, reason: String)] = [
        "coverallsapp-coverage-reporter/spec/fixtures/clover/clover.xml": ("input.empty", "0-byte fixture"),
        "coverallsapp-coverage-reporter/spec/fixtures/cobertura/cobertura-coverage.xml":
            ("input.empty", "1-byte fixture (a newline)"),
        "coverallsapp-coverage-reporter/spec/fixtures/cobertura/cobertura.xml":
            ("input.malformed", "line 781: `</methods>` and `</lines>` close tags with no open tag; Coveralls' lenient parser accepts it, a strict one must not guess"),
        "coverallsapp-coverage-reporter/spec/fixtures/cobertura/cobertura-oneline.xml":
            ("input.malformed", "same broken scoverage output on one line"),
    ]

    @Test func corpusPresent() {
        #expect(Self.corpusFiles.count > 400, "corpus not found at \(Self.corpus)")
    }

    @Test func everyCorpusFileParsesOrFailsAsListed() {
        var parsed = 0
        for (relative, kind) in Self.corpusFiles {
            let file = Self.path(relative)
            do {
                let report = try Self.reader(kind).read(path: file, detectedBy: "test")
                parsed += 1
                #expect(Self.expectedFailures[relative] == nil, "\(relative) parsed but was expected to fail")
                #expect(report.format.rawValue == kind.rawValue)
                #expect(!report.files.isEmpty, "\(relative): no files")
                for entry in report.files {
                    #expect(entry.lines.map(\.line) == entry.lines.map(\.line).sorted(), "\(relative): unsorted")
                    #expect(entry.lines.allSatisfy { $0.line > 0 })
                }
            } catch {
                guard let expected = Self.expectedFailures[relative] else {
                    Issue.record("\(relative): unexpected \(error)")
                    continue
                }
                #expect(error.code == expected.code, "\(relative): \(error) — expected \(expected.reason)")
            }
        }
        #expect(parsed == Self.corpusFiles.count - Self.expectedFailures.count)
    }

    @Test func detectionTellsTheFormatsApart() throws {
        for (relative, kind) in Self.corpusFiles where Self.expectedFailures[relative] == nil {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.path(relative)))
            let head = String(decoding: data.prefix(65_536), as: UTF8.self)
            for other in [Kind.cobertura, .jacoco, .clover] {
                let evidence = Self.detect(other, head)
                if other == kind {
                    #expect(evidence != nil, "\(relative) not detected as \(kind)")
                } else {
                    #expect(evidence == nil, "\(relative) (\(kind)) detected as \(other): \(evidence ?? "")")
                }
            }
        }
        let junit = #"<?xml version="1.0"?><testsuites><testsuite name="a" tests="1"><testcase name="t"/></testsuite></testsuites>"#
        #expect(CoberturaReader.detect(head: junit) == nil)
        #expect(JaCoCoReader.detect(head: junit) == nil)
        #expect(CloverReader.detect(head: junit) == nil)
        #expect(CoberturaReader.detect(head: "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- c -->\n<coverage line-rate=\"1\">") != nil)
    }

    // MARK: Oracles

    /// gcovr cross-format oracle: for each reference set whose gcc-14 overlay (gcc-14 → … →
    /// gcc-5, first hit wins; SOURCES.md §2) holds cobertura.xml, jacoco.xml, clover.xml and
    /// coverage_summary.json, the recomputed totals must match the summary.
    @Test func gcovrCrossFormatOracle() throws {
        let overlay = ["gcc-14", "gcc-13", "gcc-12", "gcc-11", "gcc-10", "gcc-9", "gcc-8", "gcc-7", "gcc-6", "gcc-5"]
        let manager = FileManager.default
        let tests = Self.path("gcovr-gcovr/tests")
        var sets: Set<String> = []
        let enumerator = try #require(manager.enumerator(atPath: tests))
        while let relative = enumerator.nextObject() as? String {
            let last = (relative as NSString).lastPathComponent
            guard overlay.contains(last) else { continue }
            sets.insert(tests + "/" + (relative as NSString).deletingLastPathComponent)
        }
        var checked = 0
        var mismatches: [String] = []
        for set in sets.sorted() {
            func resolve(_ name: String) -> String? {
                for compiler in overlay where manager.fileExists(atPath: "\(set)/\(compiler)/\(name)") {
                    return "\(set)/\(compiler)/\(name)"
                }
                return nil
            }
            guard let cobertura = resolve("cobertura.xml"), let jacoco = resolve("jacoco.xml"),
                let clover = resolve("clover.xml"), let summaryPath = resolve("coverage_summary.json")
            else { continue }
            let summary = try #require(
                JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summaryPath))) as? [String: Any])
            let lines = CoverageRatio(
                covered: summary["line_covered"] as? Int ?? -1, total: summary["line_total"] as? Int ?? -1)
            let branches = CoverageRatio(
                covered: summary["branch_covered"] as? Int ?? -1, total: summary["branch_total"] as? Int ?? -1)
            let name = String(set.dropFirst(tests.count + 1))
            checked += 1

            let fromCobertura = try CoberturaReader().read(path: cobertura, detectedBy: "test").totals
            if fromCobertura.lines != lines { mismatches.append("\(name) cobertura lines \(fromCobertura.lines) vs \(lines)") }
            if fromCobertura.branches != branches {
                mismatches.append("\(name) cobertura branches \(fromCobertura.branches) vs \(branches)")
            }
            let fromClover = try CloverReader().read(path: clover, detectedBy: "test").totals
            if fromClover.lines != lines { mismatches.append("\(name) clover lines \(fromClover.lines) vs \(lines)") }
            // gcovr's JaCoCo has no mi/ci per line (covered unknown): compare line totals and branches.
            let jacocoReport = try JaCoCoReader().read(path: jacoco, detectedBy: "test")
            if jacocoReport.totals.lines.total != lines.total {
                mismatches.append("\(name) jacoco line total \(jacocoReport.totals.lines.total) vs \(lines.total)")
            }
            if jacocoReport.totals.branches != branches {
                mismatches.append("\(name) jacoco branches \(jacocoReport.totals.branches) vs \(branches)")
            }
            #expect(jacocoReport.diagnostics.contains { $0.code == "coverage.jacoco-line-without-counts" } || lines.total == 0)
        }
        #expect(checked == 5, "only \(checked) gcovr reference sets resolved")
        #expect(mismatches == Self.gcovrKnownMismatches, "\(mismatches.joined(separator: "\n"))")
    }

    /// Where a resolved overlay disagrees with its summary, and why (each checked by hand).
    /// (a) gcovr counts a line once per function holding it (const/non-const overloads, virtual
    /// classes, template instances share line numbers: const-functions has 19 line records on
    /// 17 distinct lines); qgate counts distinct source lines, covered if any instance ran, and
    /// the covered count agrees. (b) gcovr's JaCoCo writer also lists excluded lines (no
    /// counts), so its line total exceeds the summary's.
    static let gcovrKnownMismatches: [String] = [
        "const-functions/reference cobertura lines \(CoverageRatio(covered: 17, total: 17)) vs \(CoverageRatio(covered: 17, total: 19))",
        "const-functions/reference clover lines \(CoverageRatio(covered: 17, total: 17)) vs \(CoverageRatio(covered: 17, total: 19))",
        "const-functions/reference jacoco line total 17 vs 19",
        "exclusion/reference/exclude-line-branch cobertura lines \(CoverageRatio(covered: 15, total: 17)) vs \(CoverageRatio(covered: 15, total: 19))",
        "exclusion/reference/exclude-line-branch clover lines \(CoverageRatio(covered: 15, total: 17)) vs \(CoverageRatio(covered: 15, total: 19))",
        "exclusion/reference/exclude-line-branch jacoco line total 28 vs 19",
        "virtual-classes/reference cobertura lines \(CoverageRatio(covered: 23, total: 24)) vs \(CoverageRatio(covered: 23, total: 30))",
        "virtual-classes/reference clover lines \(CoverageRatio(covered: 23, total: 24)) vs \(CoverageRatio(covered: 23, total: 30))",
        "virtual-classes/reference jacoco line total 28 vs 30",
    ]

    @Test func gcovrSimpleDetails() throws {
        let report = try CoberturaReader().read(
            path: Self.path("gcovr-gcovr/tests/simple/reference/standard/gcc-5/cobertura.xml"), detectedBy: "test")
        #expect(report.totals.lines == CoverageRatio(covered: 7, total: 11))
        #expect(report.totals.branches == CoverageRatio(covered: 2, total: 4))
        #expect(report.declared?.lines == CoverageRatio(covered: 7, total: 11))
        #expect(report.sourceRoots == ["tests/simple/output/standard"])
        let file = try #require(report.files.first)
        #expect(file.path == "main.cpp")
        #expect(file.branches.first == BranchLine(line: 8, covered: 1, total: 2))
        #expect(file.functions.map(\.name) == ["not_called()", "foo(int)", "main"])
        #expect(file.functions.map(\.hits) == [0, 1, 1])
        #expect(file.functions.map(\.line) == [3, 7, 16])
        // Method lines repeat the class lines: hits are not doubled.
        #expect(file.lines.first { $0.line == 7 }?.hits == 1)
    }

    @Test func pycoberturaReadmeExample() throws {
        let report = try CoberturaReader().read(path: Self.path("aconrad-pycobertura/tests/cobertura.xml"), detectedBy: "test")
        #expect(report.totals.lines.total == 34)
        #expect(report.totals.lines.total - report.totals.lines.covered == 3)
    }

    @Test func swiftXccovCobertura() throws {
        let path = Self.path("danielpalme-ReportGenerator/src/Testprojects/Other/Cobertura_Swift.xml")
        let report = try CoberturaReader().read(path: path, detectedBy: "test")
        // By hand: one class, lines only under two <method>s: line 5 hits 0, line 16 hits 1.
        #expect(report.files.map(\.path) == ["test_folder/firstTest.swift"])
        let file = try #require(report.files.first)
        #expect(file.lines == [LineHit(line: 5, hits: 0), LineHit(line: 16, hits: 1)])
        #expect(file.branches.isEmpty)
        #expect(file.functions.map(\.name) == [
            "static URL.currentApplicationSupport.getter",
            "implicit closure #1 in static URL.currentApplicationSupport.getter",
        ])
        #expect(file.functions.map(\.hits) == [0, 1])
        // Header floats (`branches-valid="1.0"`) are read; the header's 1/1 branches is stale.
        #expect(report.declared?.lines == CoverageRatio(covered: 1, total: 2))
        #expect(report.declared?.branches == CoverageRatio(covered: 1, total: 1))
        #expect(report.sourceRoots.isEmpty)
    }

    @Test func multiSourceRootsKeptAsWritten() throws {
        let path = Self.path("danielpalme-ReportGenerator/src/Testprojects/Java/Reports/Cobertura2.1.1-MultiSource.xml")
        let report = try CoberturaReader().read(path: path, detectedBy: "test")
        #expect(report.sourceRoots == ["--dummy", "C:/temp"])
        #expect(report.totals.lines == CoverageRatio(covered: 24, total: 36))
        #expect(report.totals.lines == report.declared?.lines)
        #expect(report.files.contains { $0.path == "test/AbstractClass.java" })
    }

    @Test func jacocoTotalsMatchReportCounters() throws {
        for name in ["JaCoCo0.8.3.xml", "JaCoCo0.7.7.xml"] {
            let path = Self.path("danielpalme-ReportGenerator/src/Testprojects/Java/Reports/" + name)
            let report = try JaCoCoReader().read(path: path, detectedBy: "test")
            #expect(report.totals.lines == CoverageRatio(covered: 26, total: 38), "\(name)")
            #expect(report.totals.lines == report.declared?.lines)
            #expect(report.totals.branches == report.declared?.branches)
            #expect(report.declared?.functions == CoverageRatio(covered: 9, total: 18))
            // Functions are keyed by name and line, so the two `<init>()V` of one source file stay apart.
            #expect(report.totals.functions == CoverageRatio(covered: 9, total: 18), "\(name)")
            #expect(report.files.contains { $0.path == "test/TestClass.java" })
        }
    }

    @Test func openCloverTotalsMatchProjectMetrics() throws {
        let path = Self.path("danielpalme-ReportGenerator/src/Testprojects/Java/Reports/Clover_OpenClover4.3.1.xml")
        let report = try CloverReader().read(path: path, detectedBy: "test")
        #expect(report.totals.lines == CoverageRatio(covered: 15, total: 22))
        #expect(report.totals.lines == report.declared?.lines)
        #expect(report.totals.branches == CoverageRatio(covered: 1, total: 2))
        #expect(report.declared?.functions == CoverageRatio(covered: 6, total: 12))
        #expect(report.files.contains { $0.path == #"C:\temp\test\sub\Sub.java"# })
    }

    // MARK: Inline inputs

    static let cobertura = """
        <?xml version="1.0"?>
        <!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
        <coverage line-rate="0.5" lines-valid="4" lines-covered="3">
          <sources><source> /ci/app </source></sources>
          <packages><package name="p"><classes>
            <class name="A" filename="src/a.py"><methods/><lines>
              <line number="1" hits="1.0"/>
              <line number="2" hits="3" branch="True" condition-coverage="50% (1/2)"/>
              <line number="undefined" hits="1"/>
              <line number="0" hits="1"/>
            </lines></class>
            <class name="A$Inner" filename="src/a.py"><lines><line number="2" hits="2"/><line number="5" hits="0"/></lines></class>
          </classes></package></packages>
        </coverage>
        """

    @Test func coberturaInlineRules() throws {
        let files = TestFiles()
        let report = try CoberturaReader().read(path: files.write("c.xml", Self.cobertura), detectedBy: "test")
        #expect(report.sourceRoots == ["/ci/app"])
        #expect(report.files.count == 1)
        let file = try #require(report.files.first)
        #expect(file.lines == [LineHit(line: 1, hits: 1), LineHit(line: 2, hits: 5), LineHit(line: 5, hits: 0)])
        #expect(file.branches == [BranchLine(line: 2, covered: 1, total: 2)])
        #expect(report.declared == CoverageTotals(lines: CoverageRatio(covered: 3, total: 4)))
        let skipped = try #require(report.diagnostics.first { $0.code == "coverage.invalid-line-number" })
        #expect(skipped.message.contains("2 such records"))
        #expect(skipped.line == 9)
    }

    /// The byte parser of `condition-coverage` must answer exactly as the String one, on the
    /// usual values, on odd ones (signs, spaces, tabs, no-break space, `&`, overflow) and on
    /// random strings over the characters that matter.
    @Test func conditionCoverageBytesAgreeWithString() {
        var samples = [
            "50% (1/2)", "100% (2/2)", "0% (0/2)", "(3/4)", "50% ( 1 / 2 )", "50% (+1/2)", "50% (-0/2)",
            "50% (-1/2)", "50% (1/-2)", "50%", "50% (1/2", "50% (12)", "(1/2) (3/4)", "50% (1/2)x", "50% (5/2)",
            "50% (1/99999999999999999999)", "50% (1/9223372036854775807)", "50% (-9223372036854775808/2)",
            "50%\t(1/2)", "50% (\t1/2)", "50% (1 \n/2)", "50% (1&#38;/2)", "50% (1\u{A0}/2)", "", "(", "(/)",
            "(1/)", "(/2)", "( /2)", "50% (1 1/2)", "50% (\u{661}/2)", "50% (+/2)", "50% (1/2/3)", "1/2)",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ alphabet: String, upTo limit: Int) -> String {
            let characters = Array(alphabet)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return String((0..<Int(state >> 33) % (limit + 1)).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return characters[Int(state >> 33) % characters.count]
            })
        }
        let any = "0123456789 ()/+-%\t&", count = "0123456789 +-"
        for _ in 0..<5000 {
            samples.append(
                random(any, upTo: 3) + "(" + random(count, upTo: 3) + "/" + random(count, upTo: 3) + ")"
                    + random(any, upTo: 2))
        }
        var parsed = 0
        for sample in samples {
            let bytes = Array(sample.utf8) + [0]
            let fast = bytes.withUnsafeBufferPointer { buffer in
                CoberturaHandler.conditionCounts(XMLBytes(start: buffer.baseAddress!, count: buffer.count - 1))
            }
            let slow = CoberturaHandler.conditionCounts(sample)
            #expect(fast.map { [$0.0, $0.1] } == slow.map { [$0.0, $0.1] }, "\(sample.debugDescription)")
            if slow != nil { parsed += 1 }
        }
        #expect(parsed > 100)
        #expect(CoberturaHandler.conditionCounts("50% (1\u{A0}/2)").map { [$0.0, $0.1] } == [1, 2])
    }

    /// Attribute numbers: the plain-digits shortcut and the full parser meet at the overflow
    /// boundaries, and signs, spaces and decimals still take the full path.
    @Test func attributeNumbers() {
        func parse(_ text: String) -> (Int?, XMLCount) {
            let bytes = Array(text.utf8) + [0]
            return bytes.withUnsafeBufferPointer { buffer in
                let value = XMLBytes(start: buffer.baseAddress!, count: buffer.count - 1)
                return (value.int, value.count64)
            }
        }
        #expect(parse("0") == (0, .value(0)))
        #expect(parse("42") == (42, .value(42)))
        #expect(parse("007") == (7, .value(7)))
        #expect(parse("999999999999999999") == (999_999_999_999_999_999, .value(999_999_999_999_999_999)))
        #expect(parse("9223372036854775807") == (Int.max, .value(9_223_372_036_854_775_807)))
        #expect(parse("9223372036854775808") == (nil, .value(9_223_372_036_854_775_808)))
        #expect(parse("9999999999999999999") == (nil, .value(9_999_999_999_999_999_999)))
        #expect(parse("18446744073709551615") == (nil, .value(.max)))
        #expect(parse("18446744073709551616") == (nil, .value(.max)))
        #expect(parse(" 5 ") == (5, .value(5)))
        #expect(parse("+5") == (5, .value(5)))
        #expect(parse("-0") == (0, .value(0)))
        #expect(parse("-3") == (-3, .negative))
        #expect(parse("1.5") == (nil, .value(1)))
        #expect(parse("") == (nil, .invalid))
        #expect(parse("x") == (nil, .invalid))
    }

    @Test func utf8BOMAndUTF16() throws {
        let files = TestFiles()
        let bom = files.folder + "/bom.xml"
        FileManager.default.createFile(atPath: bom, contents: Data([0xEF, 0xBB, 0xBF]) + Data(Self.cobertura.utf8))
        #expect(try CoberturaReader().read(path: bom, detectedBy: "t").totals.lines == CoverageRatio(covered: 2, total: 3))
        let utf16 = files.folder + "/utf16.xml"
        let text = Self.cobertura.replacingOccurrences(of: #"<?xml version="1.0"?>"#, with: #"<?xml version="1.0" encoding="utf-16"?>"#)
        FileManager.default.createFile(atPath: utf16, contents: Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!)
        // libxml2 decodes UTF-16 LE from the byte-order mark: same result as UTF-8.
        let report = try CoberturaReader().read(path: utf16, detectedBy: "t")
        #expect(report.totals.lines == CoverageRatio(covered: 2, total: 3))
        #expect(report.files.map(\.path) == ["src/a.py"])
    }

    @Test func badInputs() throws {
        let files = TestFiles()
        func error(_ content: String, _ reader: any CoverageFormatReader = CoberturaReader()) -> InputError? {
            do {
                _ = try reader.read(path: files.write(UUID().uuidString + ".xml", content), detectedBy: "t")
                return nil
            } catch { return error }
        }
        #expect(error("")?.code == "input.empty")
        #expect(error("  \n\t")?.code == "input.empty")
        #expect(error("not xml at all")?.code == "input.malformed")
        let truncated = error(String(Self.cobertura.prefix(400)))
        #expect(truncated?.code == "input.truncated")
        let negative = error(Self.cobertura.replacingOccurrences(of: #"hits="0""#, with: #"hits="-3""#))
        guard case .invalid(_, let line, let column, "Cobertura", let reason) = negative else {
            Issue.record("expected invalid, got \(String(describing: negative))")
            return
        }
        #expect(line == 12 && column > 0)
        #expect(reason.contains("-3") && reason.contains("src/a.py"))
        let negativeJaCoCo = error(#"<report name="r"><package name="p"><sourcefile name="A.java"><line nr="1" mi="0" ci="-1"/></sourcefile></package></report>"#, JaCoCoReader())
        #expect(negativeJaCoCo?.code == "input.invalid")
        let negativeClover = error(#"<coverage clover="4"><project><file name="a"><line num="1" count="-2" type="stmt"/></file></project></coverage>"#, CloverReader())
        #expect(negativeClover?.code == "input.invalid")
    }

    @Test func securityProbesAreRefused() throws {
        let files = TestFiles()
        let xxe = files.write("xxe.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <coverage line-rate="1"><sources><source>&e;</source></sources></coverage>
            """)
        let laughs = files.write("lol.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <report><package name="&lol3;"/></report>
            """)
        let deep = files.write("deep.xml", "<coverage>" + String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300) + "</coverage>")
        for (path, reader) in [(xxe, CoberturaReader() as any CoverageFormatReader), (laughs, JaCoCoReader()), (xxe, CloverReader()), (deep, CoberturaReader())] {
            #expect(throws: InputError.self) { _ = try reader.read(path: path, detectedBy: "t") }
            do { _ = try reader.read(path: path, detectedBy: "t") } catch { #expect(error.code == "input.refused", "\(path): \(error)") }
        }
    }

    @Test func otherXMLIsNotCoverage() throws {
        let files = TestFiles()
        let junit = files.write("junit.xml", #"<?xml version="1.0"?><testsuites><testsuite name="a" tests="1"><testcase name="t"/></testsuite></testsuites>"#)
        for reader in [CoberturaReader() as any CoverageFormatReader, JaCoCoReader(), CloverReader()] {
            do {
                _ = try reader.read(path: junit, detectedBy: "t")
                Issue.record("JUnit XML read as coverage")
            } catch {
                #expect(error.code == "input.invalid")
                #expect(error.message.contains("JUnit"))
            }
        }
        let clover = Self.path("danielpalme-ReportGenerator/src/Testprojects/Java/Reports/Clover_OpenClover4.3.1.xml")
        #expect(throws: InputError.self) { _ = try CoberturaReader().read(path: clover, detectedBy: "t") }
        let cobertura = Self.path("danielpalme-ReportGenerator/src/Testprojects/Java/Reports/Cobertura2.1.1.xml")
        #expect(throws: InputError.self) { _ = try CloverReader().read(path: cobertura, detectedBy: "t") }
        let scoverage = Self.path("danielpalme-ReportGenerator/src/Testprojects/Scala/Reports/scoverage.xml")
        do {
            _ = try CoberturaReader().read(path: scoverage, detectedBy: "t")
            Issue.record("scoverage native XML read as Cobertura")
        } catch {
            #expect(error.message.contains("scoverage"))
        }
    }
}
