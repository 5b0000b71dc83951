import Foundation
import Testing

@testable import QualityGate

/// The Go coverprofile reader over `generated-local/go-coverprofile/` (oracle: the `go tool cover
/// -func` output beside each profile) and the coverallsapp golang fixtures (oracle: upstream
/// `spec/coverage_reporter/parsers/golang_parser_spec.cr`, SOURCES.md §6), plus edge cases.
@Suite("Go coverprofile reader")
struct CoverageGoTests {
    static let corpus = CoverageLCOVTests.corpus

    static func read(_ relative: String) throws(InputError) -> CoverageReport {
        try GoCoverProfileReader().read(path: corpus + "/" + relative, detectedBy: "test")
    }

    static func readInline(_ content: String) throws(InputError) -> CoverageReport {
        try GoCoverProfileReader().read(path: TestFiles().write("c.out", content), detectedBy: "test")
    }

    static let calc = "example.com/calc/calc/calc.go"

    /// Lines of calc.go from the blocks (max count per line), worked out by hand from count.out.
    static let calcLines: [LineHit] = [
        (3, 2), (4, 2), (5, 0), (6, 2), (7, 1), (8, 1), (9, 1), (12, 1), (14, 0), (15, 0), (16, 0), (17, 0), (18, 0),
        (19, 0),
    ].map { LineHit(line: $0.0, hits: $0.1) }

    /// `total: (statements) 50.0%` from a `go tool cover -func` output.
    static func goTotal(_ relative: String) throws -> String {
        let text = try String(contentsOfFile: corpus + "/" + relative, encoding: .utf8)
        let total = try #require(text.split(separator: "\n").first { $0.hasPrefix("total:") })
        return String(try #require(total.split(whereSeparator: \.isWhitespace).last))
    }

    static func percent(_ ratio: CoverageRatio?) -> String {
        guard let value = ratio?.percent else { return "-" }
        return String(format: "%.1f%%", value)
    }

    @Test("count.out: Go's 50.0 % of statements (6/12) declared; lines and blocks recomputed")
    func count() throws {
        let report = try Self.read("generated-local/go-coverprofile/count.out")
        #expect(report.format == .goCoverprofile)
        #expect(report.files.map(\.path) == [Self.calc])
        #expect(report.declared?.regions == CoverageRatio(covered: 6, total: 12))
        #expect(Self.percent(report.declared?.regions) == (try Self.goTotal("generated-local/go-coverprofile/count.func.txt")))
        let file = try #require(report.files.first)
        #expect(file.lines == Self.calcLines)
        #expect(file.totals.lines == CoverageRatio(covered: 7, total: 14))
        // 11 blocks, 6 ran; regions sorted by position.
        #expect(file.totals.regions == CoverageRatio(covered: 6, total: 11))
        #expect(file.regions.first == RegionHit(startLine: 3, startColumn: 29, endLine: 4, endColumn: 11, hits: 2))
        // Line 12 holds three blocks with counts 1, 1, 0: covered (max), the 0 stays visible as a region.
        #expect(file.regions.filter { $0.startLine == 12 }.map(\.hits) == [1, 1, 0])
        #expect(report.diagnostics.isEmpty)
        #expect(!report.summaryOnly)
    }

    @Test("set.out: same coverage, counts are 0/1")
    func set() throws {
        let report = try Self.read("generated-local/go-coverprofile/set.out")
        #expect(report.declared?.regions == CoverageRatio(covered: 6, total: 12))
        let file = try #require(report.files.first)
        #expect(file.lines.map(\.line) == Self.calcLines.map(\.line))
        #expect(file.lines.map { $0.hits > 0 } == Self.calcLines.map { $0.hits > 0 })
        #expect(file.lines.allSatisfy { $0.hits <= 1 })
    }

    @Test("duplicated blocks are summed, as Go does (same percentages as count.out)")
    func duplicatedBlocks() throws {
        let report = try Self.read("generated-local/go-coverprofile/count-duplicated-blocks.out")
        #expect(Self.percent(report.declared?.regions) == (try Self.goTotal("generated-local/go-coverprofile/count-duplicated-blocks.func.txt")))
        let file = try #require(report.files.first)
        #expect(file.lines == Self.calcLines.map { LineHit(line: $0.line, hits: $0.hits * 2) })
        #expect(file.regions.count == 11)
        #expect(report.diagnostics.isEmpty)
    }

    /// Deviation: Go's own tool rejects this file (count-two-mode-lines.func.txt); qgate merges.
    @Test("two concatenated profiles: accepted, merged, with a warning (Go's tool rejects)")
    func twoModeLines() throws {
        let func_ = try String(
            contentsOfFile: Self.corpus + "/generated-local/go-coverprofile/count-two-mode-lines.func.txt", encoding: .utf8)
        #expect(func_.contains("doesn't match expected format"))
        let report = try Self.read("generated-local/go-coverprofile/count-two-mode-lines.out")
        #expect(report.declared?.regions == CoverageRatio(covered: 6, total: 12))
        #expect(report.files.first?.lines == Self.calcLines.map { LineHit(line: $0.line, hits: $0.hits * 2) })
        #expect(report.diagnostics.map(\.code) == ["coverage.go.concatenated-profiles"])
        #expect(report.diagnostics.first?.line == 13)
        #expect(report.diagnostics.first?.severity == .warning)
    }

    /// Coveralls' expected per-line array for internal/config/hook.go (index 0 = line 1).
    static let coverallsHook: [UInt64?] = [
        nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
        nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
        nil, nil, nil, 0, 0, 0, 0, nil, 0, nil, nil, 0, 0, 0, 0, 0, nil, nil, 1, 2, 1, 1,
        nil, 1, 1, 0, 0, nil, 1, 1, 0, 0, nil, 1, 1, 1, 1, 1, 2, 1, 3, 1, 0, 0, nil, nil,
        1, 0, 0, nil, 1, 0, 0, nil, 1,
    ]

    @Test("coverallsapp golang/coverage.out: 27 files once the module prefix is mapped; hook.go lines as Coveralls")
    func coverallsGolang() throws {
        let report = try Self.read("coverallsapp-coverage-reporter/spec/fixtures/golang/coverage.out")
        // Paths are kept as written: 28, because log.go appears under `lefthook/` and `lefthook/v2/`.
        #expect(report.files.count == 28)
        let mapped = Set(
            report.files.map { file in
                var path = file.path.replacingOccurrences(of: "github.com/evilmartians/lefthook/", with: "")
                if path.hasPrefix("v2/") { path.removeFirst(3) }
                return path
            })
        #expect(mapped.count == 27)
        let hook = try #require(report.files.first { $0.path == "github.com/evilmartians/lefthook/internal/config/hook.go" })
        var ours = [UInt64?](repeating: nil, count: Self.coverallsHook.count)
        for hit in hook.lines where hit.line <= ours.count { ours[hit.line - 1] = hit.hits }
        #expect(hook.lines.last?.line == Self.coverallsHook.count)
        // Same coverable and covered lines; Coveralls sums overlapping blocks where qgate takes the max.
        let summedByCoveralls: Set<Int> = [52, 71, 73]
        for (index, expected) in Self.coverallsHook.enumerated() {
            let line = index + 1
            #expect((ours[index] == nil) == (expected == nil), "line \(line)")
            if summedByCoveralls.contains(line) {
                #expect(ours[index] == 1 && (expected ?? 0) > 1, "line \(line)")
            } else {
                #expect(ours[index] == expected, "line \(line)")
            }
        }
        #expect(report.diagnostics.isEmpty)
    }

    @Test("a block ending at column ≤ 2 does not cover its closing-brace line (coverage-dashes.out)")
    func closingBrace() throws {
        let report = try Self.read("coverallsapp-coverage-reporter/spec/fixtures/golang/coverage-dashes.out")
        let file = try #require(report.files.first)
        #expect(file.path == "github.com/evilmartians/lefthook-go/internal/log/log.go")
        #expect(file.lines.map(\.line) == Array(47...57))
        #expect(file.lines.allSatisfy { $0.hits == 1 })
        #expect(file.regions == [RegionHit(startLine: 47, startColumn: 20, endLine: 58, endColumn: 2, hits: 1)])
        let slash = try Self.read("coverallsapp-coverage-reporter/spec/fixtures/golang/coverage-one-slash.out")
        #expect(slash.files.first?.path == "mymodule/main.go")
        #expect(slash.files.first?.lines == [LineHit(line: 3, hits: 1)])
        // numStmt 0: a block but no statement.
        #expect(slash.declared?.regions == CoverageRatio(covered: 0, total: 0))
        let two = try Self.read("coverallsapp-coverage-reporter/spec/fixtures/golang/coverage-two-slashes.out")
        #expect(two.files.first?.path == "example.com/mypackge/main.go")
    }

    @Test("inline: unsorted blocks, set mode ORs duplicates, one-line blocks, huge counts saturate")
    func inline() throws {
        let report = try Self.readInline(
            """
            mode: set
            b.go:5.2,5.10 1 1
            a.go:1.1,3.2 2 0
            b.go:5.2,5.10 1 1
            a.go:3.5,3.20 1 1
            """)
        #expect(report.files.map(\.path) == ["b.go", "a.go"])
        #expect(report.files[0].lines == [LineHit(line: 5, hits: 1)])
        // 1.1,3.2 ends at column 2 (line 3 not counted by that block), 3.5,3.20 covers line 3.
        #expect(report.files[1].lines == [LineHit(line: 1, hits: 0), LineHit(line: 2, hits: 0), LineHit(line: 3, hits: 1)])
        #expect(report.declared?.regions == CoverageRatio(covered: 2, total: 4))
        let huge = try Self.readInline("mode: atomic\nx.go:1.1,1.9 1 18446744073709551615\nx.go:1.1,1.9 1 5\n")
        #expect(huge.files.first?.lines.first?.hits == .max)
    }

    @Test("stray go test -cover lines are skipped with a warning; CRLF and BOM accepted")
    func strayLines() throws {
        let report = try Self.readInline(
            "\u{FEFF}mode: count\r\npkg/x.go:3.1,4.2 1 3\r\npkg/x.go:19: calcP 100.0%\r\nok  \texample.com/pkg\t0.01s\tcoverage: 50.0% of statements\r\n\r\n")
        #expect(report.files.first?.lines == [LineHit(line: 3, hits: 3)])
        #expect(report.diagnostics.map(\.code) == ["coverage.go.stray-line"])
        #expect(report.diagnostics.first?.line == 3)
        #expect(report.diagnostics.first?.message.contains("2 times") == true)
    }

    static func invalidLine(_ content: String) -> Int? {
        do {
            _ = try readInline(content)
            return nil
        } catch {
            guard case .invalid(_, let line, _, let format, _) = error, format == "Go coverprofile" else { return nil }
            return line
        }
    }

    @Test("bad input: empty, no mode header, unknown mode, malformed block, negative count, inconsistent numStmt")
    func badInput() {
        do {
            _ = try Self.readInline("\n \n")
            Issue.record("an empty profile was read")
        } catch {
            #expect(error.code == "input.empty")
        }
        #expect(Self.invalidLine("a.go:1.1,2.2 1 1\n") == 1)
        #expect(Self.invalidLine("SF:a.c\nDA:1,1\n") == 1)
        #expect(Self.invalidLine("mode: fast\n") == 1)
        #expect(Self.invalidLine("mode: set\na.go:1.1,2.2 1 1\nnot a block\n") == 3)
        #expect(Self.invalidLine("mode: set\na.go:1.1,2.2 1 -1\n") == 2)
        #expect(Self.invalidLine("mode: set\na.go:1.1,2.2 x 1\n") == 2)
        #expect(Self.invalidLine("mode: count\na.go:1.1,2.2 1 1\na.go:1.1,2.2 2 1\n") == 3)
        #expect(Self.invalidLine("mode: count\na.go:5.1,2.2 1 1\n") == 2)
        #expect(Self.invalidLine("mode: count\na.go:1.1,9999999.2 1 1\n") == 2)
    }

    @Test("a mode line without blocks is an explicit, warned empty profile")
    func noBlocks() throws {
        let report = try Self.readInline("mode: set\n")
        #expect(report.files.isEmpty)
        #expect(report.diagnostics.map(\.code) == ["coverage.go.no-blocks"])
    }

    @Test("detection: Go profiles yes; LCOV, XML, JSON, JUnit and -func output no")
    func detection() throws {
        for file in [
            "generated-local/go-coverprofile/count.out", "generated-local/go-coverprofile/set.out",
            "coverallsapp-coverage-reporter/spec/fixtures/golang/coverage.out",
            "coverallsapp-coverage-reporter/spec/fixtures/golang/coverage-dashes.out",
        ] {
            let data = try #require(FileManager.default.contents(atPath: Self.corpus + "/" + file))
            #expect(GoCoverProfileReader.detect(head: String(decoding: data, as: UTF8.self)) != nil, "\(file)")
        }
        for file in [
            "generated-local/go-coverprofile/count.func.txt", "generated-local/coveragepy/coverage.lcov",
            "generated-local/coveragepy/coverage.xml", "generated-local/coveragepy/coverage.json",
            "generated-local/gcov/calc.c.gcov.txt", "generated-local/swift-llvm-cov/Demo.export-filtered.lcov",
        ] {
            let data = try #require(FileManager.default.contents(atPath: Self.corpus + "/" + file))
            #expect(GoCoverProfileReader.detect(head: String(decoding: data.prefix(65_536), as: UTF8.self)) == nil, "\(file)")
        }
        #expect(GoCoverProfileReader.detect(head: "<testsuites><testsuite name=\"x\"/></testsuites>") == nil)
        #expect(GoCoverProfileReader.detect(head: "mode: turbo\n") == nil)
        #expect(GoCoverProfileReader.detect(head: "\u{FEFF}mode: count\r\na.go:1.1,2.2 1 1\r\n") != nil)
        #expect(LCOVReader.detect(head: "mode: count\na.go:1.1,2.2 1 1\n") == nil)
    }
}
