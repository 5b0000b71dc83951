import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import QualityGate

/// Patch coverage, the unified diff parser, line ranges and changed lines from real git.
///
/// Conformance: diff-cover's fixtures (`Bachmann1234-diff_cover/tests/fixtures/`, mapping in
/// SOURCES.md §3). The Cobertura inputs are read by a tiny test-only `XMLParser` helper (the
/// Cobertura reader lives on another branch) and the expected totals and missing lines are
/// parsed out of diff-cover's `*_console_report.txt`. Deliberate deviations:
/// - `delete_console_report.txt` says "No lines with coverage information"; qgate returns
///   `.neutral` (diff-cover's JSON would say 100 %, qgate never does).
/// - `git_diff_dotnet.txt`, `git_diff_cpp_functions.txt`, `git_diff_typescript_branches.txt`
///   announce hunk counts their bodies do not match; qgate reads them leniently with a
///   `diff.hunk-count` warning, and refuses them in strict mode (used for real git output).
/// - the LCOV rows for TypeScript/Python need LCOV `FN`/`BRDA` folding (the LCOV reader's
///   job); only the C++ rows, whose DA records alone give diff-cover's numbers, are run here.
@Suite("Patch coverage")
struct PatchCoverageTests {
    static let fixtures: String = TestFiles.conformance("coverage/Bachmann1234-diff_cover/tests/fixtures")

    // MARK: - Test-only readers

    /// `<class filename>` → `<line number hits>` of a Cobertura file, with its `<source>`s.
    final class CoberturaLines: NSObject, XMLParserDelegate {
        var files: [FileCoverage] = []
        var sources: [String] = []
        private var current: FileCoverage?
        private var inSource = false
        private var text = ""
        private var depthInMethods = 0

        static func read(_ name: String) -> (files: [FileCoverage], sources: [String]) {
            let reader = CoberturaLines()
            let parser = XMLParser(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))
            parser?.delegate = reader
            _ = parser?.parse()
            return (reader.files, reader.sources)
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "class": current = FileCoverage(path: attributes["filename"] ?? "")
            case "methods": depthInMethods += 1
            case "source":
                inSource = true
                text = ""
            case "line" where depthInMethods == 0:
                if let number = Int(attributes["number"] ?? ""), let hits = UInt64(attributes["hits"] ?? "") {
                    current?.lines.append(LineHit(line: number, hits: hits))
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inSource { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "class":
                if let current { files.append(current.normalized()) }
                current = nil
            case "methods": depthInMethods -= 1
            case "source":
                inSource = false
                sources.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
            default: break
            }
        }
    }

    /// `SF`/`DA` records of an LCOV file, nothing else.
    static func lcovLines(_ name: String) throws -> [FileCoverage] {
        let text = try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
        var files: [FileCoverage] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("SF:") { files.append(FileCoverage(path: String(line.dropFirst(3)))) }
            if line.hasPrefix("DA:") {
                let fields = line.dropFirst(3).split(separator: ",")
                if fields.count >= 2, let number = Int(fields[0]), let hits = UInt64(fields[1]) {
                    files[files.count - 1].lines.append(LineHit(line: number, hits: hits))
                }
            }
        }
        return files.map { $0.normalized() }
    }

    /// What a diff-cover console report says.
    struct ConsoleReport: Equatable {
        var total: Int?
        var missing: Int?
        var percent: Int?
        /// file → missing lines as written (`2,4,6` or `2-4,8`), "" for a fully covered file.
        var files: [String: String] = [:]
        var noCoverage = false

        init(_ name: String) throws {
            let text = try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                let words = line.split(separator: " ")
                if line.hasPrefix("Total:"), words.count > 1 { total = Int(words[1]) }
                if line.hasPrefix("Missing:"), words.count > 1 { missing = Int(words[1]) }
                if line.hasPrefix("Coverage:"), words.count > 1 { percent = Int(words[1].dropLast()) }
                if line.hasPrefix("No lines with coverage information") { noCoverage = true }
                if let open = line.range(of: " ("), line.contains("%)") {
                    let file = String(line[..<open.lowerBound])
                    let missingLines = line.range(of: "Missing lines ").map { String(line[$0.upperBound...]) } ?? ""
                    files[file] = missingLines
                }
            }
        }
    }

    static func changes(_ diff: String) throws -> ChangedLines {
        try ChangedLines.read(diffFile: fixtures + "/" + diff)
    }

    /// Asserts qgate's patch coverage against a diff-cover console report.
    static func expectMatches(_ patch: PatchCoverage, _ reportName: String) throws {
        let expected = try ConsoleReport(reportName)
        if expected.noCoverage {
            #expect(patch.status == .neutral, "\(reportName)")
            #expect(patch.percent == nil)
            return
        }
        #expect(patch.status == .measured, "\(reportName)")
        #expect(patch.totals.total == expected.total, "\(reportName) total")
        #expect(patch.totals.total - patch.totals.covered == expected.missing, "\(reportName) missing")
        // diff-cover truncates the total percentage to an integer.
        #expect(patch.percent.map { Int($0) } == expected.percent, "\(reportName) percent")
        var actual: [String: String] = [:]
        for file in patch.files where file.ratio.total > 0 {
            actual[file.path] = file.uncovered.description.replacingOccurrences(of: " ", with: "")
        }
        #expect(actual == expected.files, "\(reportName) files")
    }

    // MARK: - diff-cover conformance

    @Test("every diff-cover git_diff fixture parses (leniently) and names the expected files")
    func fixturesParse() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures)
            .filter { $0.hasPrefix("git_diff_") && $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 16)
        var paths: [String: [String]] = [:]
        for name in names {
            let changes = try Self.changes(name)
            paths[name] = changes.files.map(\.path)
        }
        #expect(paths["git_diff_add.txt"] == ["test_src.txt"])
        #expect(paths["git_diff_delete.txt"] == [])
        #expect(paths["git_diff_lua.txt"] == ["scripts/maths.lua"])
        #expect(paths["git_diff_subdir.txt"] == ["sub/test_src.txt"])
        #expect(paths["git_diff_dotnet.txt"] == ["SampleApp/Sample.cs"])
        #expect(paths["git_diff_unicode.txt"] == ["unicode_test_src.txt"])
        #expect(paths["git_diff_typescript.txt"] == ["src/calculator.ts"])
        #expect(paths["git_diff_code_dupe.txt"] == ["fileone.py"])
    }

    @Test("changed line numbers of the diff-cover fixtures")
    func fixtureLines() throws {
        #expect(try Self.changes("git_diff_add.txt").files.first?.lines.description == "1-10")
        #expect(try Self.changes("git_diff_add.txt").files.first?.change == .added)
        #expect(try Self.changes("git_diff_changed.txt").files.first?.lines.description == "1")
        #expect(try Self.changes("git_diff_lua.txt").files.first?.lines.description == "11-14")
        #expect(try Self.changes("git_diff_code_dupe.txt").files.first?.lines.description == "1-16")
        let dotnet = try Self.changes("git_diff_dotnet.txt")
        #expect(dotnet.files.first?.lines.description == "21-25")
        #expect(dotnet.diagnostics.map(\.code) == ["diff.hunk-count"])
        #expect(dotnet.diagnostics.first?.line == 5)
        let cpp = try Self.changes("git_diff_cpp_functions.txt")
        #expect(cpp.files.first?.lines.description == "1-22")
        #expect(cpp.diagnostics.count == 1)
        #expect(try Self.changes("git_diff_add.txt").diagnostics.isEmpty)
    }

    @Test("strict counts refuse the fixtures whose hunk headers disagree with their bodies")
    func strictFixtures() throws {
        #expect(throws: DiffError.malformed(file: Self.fixtures + "/git_diff_dotnet.txt", line: 11,
            reason: "a '+' line beyond the hunk header's counts (7 old and 0 new lines left)")) {
            try ChangedLines.read(diffFile: Self.fixtures + "/git_diff_dotnet.txt", strictCounts: true)
        }
        #expect(throws: DiffError.self) {
            try ChangedLines.read(diffFile: Self.fixtures + "/git_diff_typescript_branches.txt", strictCounts: true)
        }
        let strict = try ChangedLines.read(diffFile: Self.fixtures + "/git_diff_add.txt", strictCounts: true)
        #expect(strict.files.first?.lines.count == 10)
    }

    @Test(
        "patch coverage matches diff-cover's console reports",
        arguments: [
            ("git_diff_add.txt", ["coverage.xml"], "add_console_report.txt"),
            ("git_diff_changed.txt", ["coverage.xml"], "changed_console_report.txt"),
            ("git_diff_delete.txt", ["coverage.xml"], "delete_console_report.txt"),
            ("git_diff_moved.txt", ["moved_coverage.xml"], "moved_console_report.txt"),
            ("git_diff_mult.txt", ["coverage1.xml", "coverage2.xml"], "mult_inputs_console_report.txt"),
            ("git_diff_unicode.txt", ["unicode_coverage.xml"], "unicode_console_report.txt"),
        ])
    func conformance(diff: String, reports: [String], expected: String) throws {
        let coverage = reports.flatMap { CoberturaLines.read($0).files }
        #expect(!coverage.isEmpty)
        let patch = PatchCoverage.compute(coverage: coverage, changes: try Self.changes(diff))
        try Self.expectMatches(patch, expected)
        #expect(patch.filesWithoutCoverage.isEmpty)
    }

    @Test("add: 10 lines, 5 missing (2, 4, 6, 8, 10), 50 % — checked by hand too")
    func addByHand() throws {
        let patch = PatchCoverage.compute(
            coverage: CoberturaLines.read("coverage.xml").files, changes: try Self.changes("git_diff_add.txt"))
        #expect(patch.totals == CoverageRatio(covered: 5, total: 10))
        #expect(patch.files.first?.uncovered.description == "2, 4, 6, 8, 10")
        #expect(patch.files.first?.covered.description == "1, 3, 5, 7, 9")
        #expect(patch.percent == 50)
    }

    @Test("subdir: the report's bare file name is mapped by suffix onto sub/test_src.txt")
    func subdirectory() throws {
        let mapper = PathMapper(root: "/repo", trackedFiles: ["sub/test_src.txt", "other/readme.md"])
        let mapped = mapper.map(CoberturaLines.read("coverage.xml").files)
        #expect(mapped.mappings.first?.method == .suffix)
        let patch = PatchCoverage.compute(coverage: mapped.files, changes: try Self.changes("git_diff_subdir.txt"))
        try Self.expectMatches(patch, "subdir_coverage_console_report.txt")
    }

    @Test("lua: `.\\scripts\\maths.lua` is normalised onto scripts/maths.lua")
    func lua() throws {
        let report = CoberturaLines.read("luacoverage.xml")
        let mapper = PathMapper(root: "/repo", trackedFiles: ["scripts/maths.lua", "tests/test.lua"])
        let mapped = mapper.map(report.files, sourceRoots: report.sources)
        #expect(mapped.mappings.map(\.method) == [.exact, .exact])
        let patch = PatchCoverage.compute(coverage: mapped.files, changes: try Self.changes("git_diff_lua.txt"))
        try Self.expectMatches(patch, "lua_console_report.txt")
    }

    @Test("dotnet: Sample.cs under <source> /code/samplediff/SampleApp; new method lines 23-25 uncovered")
    func dotnet() throws {
        let report = CoberturaLines.read("dotnet_coverage.xml")
        #expect(report.sources == ["--source", "/code/samplediff/SampleApp"])
        let mapper = PathMapper(
            root: "/code/samplediff", trackedFiles: ["SampleApp/Sample.cs", "SampleApp/Program.cs"])
        let mapped = mapper.map(report.files, sourceRoots: report.sources)
        #expect(mapped.mappings.first?.method == .sourceRoot)
        let patch = PatchCoverage.compute(coverage: mapped.files, changes: try Self.changes("git_diff_dotnet.txt"))
        // Upstream test_dot_net_diff: 3 lines, 3 missing, 0 % (lines 21, 22 are not coverable).
        #expect(patch.totals == CoverageRatio(covered: 0, total: 3))
        #expect(patch.files.first?.uncovered.description == "23-25")
        #expect(patch.files.first?.changed.description == "21-25")
    }

    @Test(
        "C++ LCOV rows (DA records only)",
        arguments: [
            ("git_diff_cpp.txt", "real_cpp_coverage.lcov", "real_cpp_console_report.txt"),
            ("git_diff_cpp_functions.txt", "cpp_functions_coverage.lcov", "cpp_functions_console_report.txt"),
        ])
    func lcov(diff: String, lcov: String, expected: String) throws {
        let patch = PatchCoverage.compute(coverage: try Self.lcovLines(lcov), changes: try Self.changes(diff))
        try Self.expectMatches(patch, expected)
    }

    // MARK: - Semantics

    @Test("only non-coverable lines changed: neutral, never 100 %")
    func neutral() {
        let coverage = [FileCoverage(path: "a.swift", lines: [LineHit(line: 1, hits: 0), LineHit(line: 5, hits: 3)])]
        let changes = ChangedLines(
            files: [ChangedFile(path: "a.swift", lines: LineRanges([2, 3, 4]))], origin: "test")
        let patch = PatchCoverage.compute(coverage: coverage, changes: changes)
        #expect(patch.status == .neutral)
        #expect(patch.totals == CoverageRatio())
        #expect(patch.percent == nil)
        #expect(patch.files.map(\.path) == ["a.swift"])
        let empty = PatchCoverage.compute(coverage: coverage, changes: ChangedLines(files: [], origin: "test"))
        #expect(empty.status == .neutral)
    }

    @Test("partial branch lines count as uncovered by default, covered on request")
    func partial() {
        let coverage = [
            FileCoverage(
                path: "a.swift", lines: [LineHit(line: 1, hits: 2), LineHit(line: 2, hits: 1), LineHit(line: 3, hits: 0)],
                branches: [BranchLine(line: 1, covered: 1, total: 2), BranchLine(line: 2, covered: 2, total: 2)])
        ]
        let changes = ChangedLines(files: [ChangedFile(path: "a.swift", lines: LineRanges(1...3))], origin: "t")
        let strict = PatchCoverage.compute(coverage: coverage, changes: changes)
        #expect(strict.totals == CoverageRatio(covered: 1, total: 3))
        #expect(strict.files[0].uncovered.description == "1, 3")
        #expect(strict.files[0].partial.description == "1")
        let lenient = PatchCoverage.compute(coverage: coverage, changes: changes, partialCountsAsCovered: true)
        #expect(lenient.totals == CoverageRatio(covered: 2, total: 3))
        #expect(lenient.files[0].uncovered.description == "3")
        #expect(lenient.files[0].partial.description == "1")
    }

    @Test("files are sorted worst first; changed files without coverage are listed; duplicates merge")
    func ordering() {
        let coverage = [
            FileCoverage(path: "b.swift", lines: (1...4).map { LineHit(line: $0, hits: $0 % 2 == 0 ? 0 : 1) }),
            FileCoverage(path: "a.swift", lines: [LineHit(line: 1, hits: 0)]),
            FileCoverage(path: "c.swift", lines: (1...4).map { LineHit(line: $0, hits: 0) }),
            FileCoverage(path: "a.swift", lines: [LineHit(line: 1, hits: 4)]),
        ]
        let changes = ChangedLines(
            files: [
                ChangedFile(path: "a.swift", lines: LineRanges([1])),
                ChangedFile(path: "b.swift", lines: LineRanges(1...4)),
                ChangedFile(path: "c.swift", lines: LineRanges([3, 4])),
                ChangedFile(path: "README.md", lines: LineRanges([1])),
                ChangedFile(path: "z.bin", isBinary: true),
            ], origin: "t")
        let patch = PatchCoverage.compute(coverage: coverage, changes: changes)
        #expect(patch.files.map(\.path) == ["b.swift", "c.swift", "a.swift"])
        #expect(patch.files.map(\.uncovered.description) == ["2, 4", "3-4", ""])
        #expect(patch.filesWithoutCoverage.map(\.path) == ["README.md"])
        #expect(patch.totals == CoverageRatio(covered: 3, total: 7))
    }

    // MARK: - Line ranges

    @Test("line ranges: compact, merged, formatted `3-4, 9`")
    func lineRanges() {
        var ranges = LineRanges([9, 3, 4, 4])
        #expect(ranges.description == "3-4, 9")
        #expect(ranges.count == 3)
        ranges.insert(5)
        ranges.insert(1)
        #expect(ranges.description == "1, 3-5, 9")
        ranges.insert(2...8)
        #expect(ranges.ranges == [1...9])
        #expect(ranges.contains(9) && !ranges.contains(10) && !ranges.contains(0))
        #expect(Array(LineRanges(ranges: [7...8, 1...2, 2...3])) == [1, 2, 3, 7, 8])
        #expect(LineRanges([1, 2]).union(LineRanges([4])).description == "1-2, 4")
        #expect(LineRanges().description == "")
        #expect(LineRanges().isEmpty)
    }

    // MARK: - Unified diff edge cases

    static func parse(_ text: String, strict: Bool = true) throws(DiffError) -> [ChangedFile] {
        try UnifiedDiff.parse(text, source: "t.diff", strictCounts: strict).files
    }

    @Test("git headers: rename with edits, quoted C-escaped names, binary, mode-only, deletion, no-newline")
    func gitHeaders() throws {
        let diff = """
            diff --git a/Old/Name.swift b/New/Name.swift
            similarity index 90%
            rename from Old/Name.swift
            rename to New/Name.swift
            index 1111111..2222222 100644
            --- a/Old/Name.swift
            +++ b/New/Name.swift
            @@ -5 +5 @@ struct Name {
            -    let a = 1
            +    let a = 2
            diff --git "a/caf\\303\\251 \\"x\\".txt" "b/caf\\303\\251 \\"x\\".txt"
            index 3333333..4444444 100644
            --- "a/caf\\303\\251 \\"x\\".txt"
            +++ "b/caf\\303\\251 \\"x\\".txt"
            @@ -1,0 +2,2 @@
            +one
            +two
            \\ No newline at end of file
            diff --git a/logo.png b/logo.png
            index 5555555..6666666 100644
            Binary files a/logo.png and b/logo.png differ
            diff --git a/run.sh b/run.sh
            old mode 100644
            new mode 100755
            diff --git a/gone.swift b/gone.swift
            deleted file mode 100644
            index 7777777..0000000
            --- a/gone.swift
            +++ /dev/null
            @@ -1,2 +0,0 @@
            -a
            -b
            diff --git a/with space.txt b/with space.txt
            old mode 100644
            new mode 100755
            diff --git a/pure.bin b/pure.bin
            new file mode 100644
            index 0000000..8888888
            GIT binary patch
            literal 5
            McmZQzWMKlV0000A00962

            literal 0
            HcmV?d00001

            """
        let files = try Self.parse(diff)
        #expect(files.map(\.path) == ["New/Name.swift", "caf\u{e9} \"x\".txt", "logo.png", "pure.bin", "run.sh", "with space.txt"])
        let renamed = try #require(files.first)
        #expect(renamed.change == .renamed && renamed.oldPath == "Old/Name.swift")
        #expect(renamed.lines.description == "5")
        #expect(files[1].lines.description == "2-3")
        #expect(files[2].isBinary && files[2].lines.isEmpty)
        #expect(files[3].isBinary && files[3].change == .added)
        #expect(files[4].lines.isEmpty && files[4].change == .modified)
    }

    @Test("plain diff -u with timestamps, `--- ` inside a hunk body, hunks without counts, CRLF")
    func plainDiff() throws {
        let diff =
            "--- src/a.c\t2024-01-01 10:00:00.000000000 +0000\r\n+++ src/a.c\t2024-01-02 10:00:00.000000000 +0000\r\n"
            + "@@ -1,3 +1,3 @@\r\n keep\r\n--- was a comment\r\n+++ now a comment\r\n keep\r\n"
            + "@@ -10 +10 @@\r\n-x\r\n+y\r\n"
            + "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hello\n"
        let files = try Self.parse(diff)
        #expect(files.map(\.path) == ["b/new.txt", "src/a.c"])
        #expect(files[1].lines.description == "2, 10")
        #expect(files[0].change == .added)
        let patchP1 = try Self.parse("--- a/x/y.c\n+++ b/x/y.c\n@@ -1 +1,2 @@\n a\n+b\n")
        #expect(patchP1.map(\.path) == ["x/y.c"])
    }

    @Test("a context line left empty by an editor still counts as context")
    func emptyContext() throws {
        let files = try Self.parse("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n\n+new\n c\n")
        #expect(files.first?.lines.description == "3")
    }

    @Test("malformed diffs are typed errors with the diff's line number")
    func malformed() throws {
        let header = "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
        #expect(throws: DiffError.malformed(file: "t.diff", line: 4,
            reason: "hunk header is not `@@ -start[,count] +start[,count] @@`: @@ -x +1 @@")) {
            try Self.parse(header + "@@ -x +1 @@\n+a\n")
        }
        #expect(throws: DiffError.malformed(file: "t.diff", line: 5,
            reason: "the diff ends inside a hunk (0 old and 1 new lines missing): truncated")) {
            try Self.parse(header + "@@ -0,0 +1,2 @@\n+a\n")
        }
        #expect(throws: DiffError.malformed(file: "t.diff", line: 6,
            reason: "a '+' line outside any hunk: the hunk before it has more lines than its header announced")) {
            try Self.parse(header + "@@ -0,0 +1 @@\n+a\n+b\n")
        }
        #expect(throws: DiffError.malformed(file: "t.diff", line: 6,
            reason: "expected a ' ', '+', '-' or '\\' line inside the hunk (1 old and 1 new lines still announced)")) {
            try Self.parse(header + "@@ -1,2 +1,2 @@\n a\n?b\n")
        }
        #expect(throws: DiffError.malformed(file: "t.diff", line: 1, reason: "a hunk before any file header")) {
            try Self.parse("@@ -1 +1 @@\n-a\n+b\n")
        }
        #expect(throws: DiffError.malformed(file: "t.diff", line: 1,
            reason: "no `diff --git` or `---`/`+++` file header: this is not a unified diff")) {
            try Self.parse("<coverage line-rate=\"1\"/>\n")
        }
        #expect(throws: DiffError.self) { try Self.parse(header + "@@@ -1 -1 +1 @@@\n") }
        #expect(throws: DiffError.self) { try Self.parse(header + "@@ -1 +99999999999 @@\n") }
        // Lenient mode accepts the short body with a warning.
        let lenient = try UnifiedDiff.parse(header + "@@ -0,0 +1,2 @@\n+a\n", source: "t.diff", strictCounts: false)
        #expect(lenient.files.first?.lines.description == "1")
        #expect(lenient.diagnostics.first?.code == "diff.hunk-count")
    }

    @Test("empty diffs mean no change; unreadable diff files are typed errors")
    func emptyAndUnreadable() throws {
        #expect(try Self.parse("").isEmpty)
        #expect(try Self.parse("\n\n").isEmpty)
        let files = TestFiles()
        let empty = files.write("empty.diff", "")
        #expect(try ChangedLines.read(diffFile: empty).files.isEmpty)
        #expect(throws: DiffError.self) { try ChangedLines.read(diffFile: files.folder + "/missing.diff") }
        #expect(throws: DiffError.unreadable(file: files.folder, reason: "it is a directory")) {
            try ChangedLines.read(diffFile: files.folder)
        }
    }

    // MARK: - Real git

    @Test("git: merge base vs working tree — commits, rename, deletion, staged and unstaged edits, not main's later commits")
    func realGit() throws {
        let repo = try TemporaryGitRepository()
        let changes = try ChangedLines.fromGit(repo.repository, base: "main")
        let byPath = Dictionary(uniqueKeysWithValues: changes.files.map { ($0.path, $0) })
        #expect(changes.files.map(\.path) == [
            "New/Name.swift", "Staged.swift", "src/App/Main.swift", "src/Caf\u{e9}.swift", "src/Lib/New.swift",
            "src/Lib/Util.swift",
        ])
        #expect(byPath["src/App/Main.swift"]?.lines.description == "3, 8-9")
        #expect(byPath["New/Name.swift"]?.change == .renamed)
        #expect(byPath["New/Name.swift"]?.oldPath == "Old/Name.swift")
        #expect(byPath["New/Name.swift"]?.lines.description == "5")
        #expect(byPath["src/Lib/New.swift"]?.lines.description == "1-3")
        #expect(byPath["src/Lib/New.swift"]?.change == .added)
        #expect(byPath["src/Lib/Util.swift"]?.lines.description == "2")
        #expect(byPath["Staged.swift"]?.lines.description == "1-2")
        #expect(byPath["src/Caf\u{e9}.swift"]?.lines.description == "1")
        #expect(changes.baseCommit == repo.mergeBase)
        #expect(changes.origin.hasPrefix("git: merge base "))

        let committed = try ChangedLines.fromGit(repo.repository, base: "main", includeUncommitted: false)
        #expect(committed.files.map(\.path) == [
            "New/Name.swift", "src/App/Main.swift", "src/Caf\u{e9}.swift", "src/Lib/New.swift",
        ])

        let coverage = [
            FileCoverage(path: "src/App/Main.swift", lines: (1...10).map { LineHit(line: $0, hits: $0 == 9 ? 0 : 1) }),
            FileCoverage(path: "New/Name.swift", lines: [LineHit(line: 5, hits: 0)]),
        ]
        let patch = PatchCoverage.compute(coverage: coverage, changes: changes)
        #expect(patch.totals == CoverageRatio(covered: 2, total: 4))
        #expect(patch.files.map(\.path) == ["New/Name.swift", "src/App/Main.swift"])
        #expect(patch.filesWithoutCoverage.map(\.path) == [
            "Staged.swift", "src/Caf\u{e9}.swift", "src/Lib/New.swift", "src/Lib/Util.swift",
        ])
    }

    @Test("git errors: unknown base, not a repository, git missing")
    func gitErrors() throws {
        let repo = try TemporaryGitRepository()
        #expect(throws: GitError.unknownRevision("origin/nope", message: "no such commit")) {
            try ChangedLines.fromGit(repo.repository, base: "origin/nope")
        }
        #expect(throws: GitError.unknownRevision("--output=x", message: "not a revision name")) {
            try ChangedLines.fromGit(repo.repository, base: "--output=x")
        }
        let outside = TestFiles()
        let environment = TemporaryGitRepository.isolation(ceiling: outside.folder)
        #expect(throws: GitError.notARepository(path: outside.folder)) {
            try GitRepository.discover(from: outside.folder, environment: environment)
        }
        let missing = GitRepository(root: repo.repository.root, executable: "/nonexistent/git")
        #expect(throws: GitError.gitMissing(searched: "/nonexistent/git")) { try missing.trackedFiles() }
        let noPath = GitRepository(root: repo.repository.root, environment: ["PATH": outside.folder])
        #expect(throws: GitError.self) { try noPath.trackedFiles() }
    }
}

/// A throw-away git repository, isolated from the machine's git configuration:
///
/// main: `src/App/Main.swift` (10 lines), `src/Lib/Util.swift` (5), `Old/Name.swift` (20),
/// `Legacy.swift`, `a/Shared.swift`, `b/Shared.swift`; branch `feature` (checked out): Main.swift
/// line 3 changed and two lines inserted after line 7, `Old/Name.swift` renamed to
/// `New/Name.swift` with line 5 changed, `Legacy.swift` deleted, `src/Lib/New.swift` (3 lines)
/// and `src/Café.swift` added; then main gets a later commit on Util.swift line 5; in the work
/// tree Util.swift line 2 is edited (unstaged), `Staged.swift` (2 lines) staged, and
/// `scratch.swift` left untracked.
struct TemporaryGitRepository {
    let repository: GitRepository
    let mergeBase: String

    static func isolation(ceiling: String) -> [String: String] {
        [
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": ceiling,
            "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        ]
    }

    init() throws {
        let files = TestFiles()
        let root = files.folder + "/repo"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let repository = GitRepository(root: root, environment: Self.isolation(ceiling: files.folder))
        let identity = ["-c", "user.name=qgate", "-c", "user.email=qgate@example.invalid", "-c", "commit.gpgsign=false"]
        func git(_ arguments: [String]) throws { _ = try repository.run(identity + arguments) }
        func write(_ path: String, _ lines: [String]) {
            files.write("repo/" + path, lines.joined(separator: "\n") + "\n")
        }
        let twenty = (1...20).map { "let value\($0) = \($0)" }
        try git(["init", "-q", "-b", "main"])
        write("src/App/Main.swift", (1...10).map { "main \($0)" })
        write("src/Lib/Util.swift", (1...5).map { "util \($0)" })
        write("Old/Name.swift", twenty)
        write("Legacy.swift", ["legacy"])
        write("a/Shared.swift", ["a"])
        write("b/Shared.swift", ["b"])
        try git(["add", "-A"])
        try git(["commit", "-qm", "base"])
        try git(["checkout", "-q", "-b", "feature"])
        var main = (1...10).map { "main \($0)" }
        main[2] = "main 3 changed"
        main.insert(contentsOf: ["inserted 1", "inserted 2"], at: 7)
        write("src/App/Main.swift", main)
        try git(["mv", "Old", "New"])
        var renamed = twenty
        renamed[4] = "let value5 = 500"
        write("New/Name.swift", renamed)
        try git(["rm", "-q", "Legacy.swift"])
        write("src/Lib/New.swift", ["new 1", "new 2", "new 3"])
        write("src/Caf\u{e9}.swift", ["caf\u{e9}"])
        try git(["add", "-A"])
        try git(["commit", "-qm", "feature"])
        mergeBase = String(decoding: try repository.run(["rev-parse", "main"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try git(["checkout", "-q", "main"])
        var util = (1...5).map { "util \($0)" }
        util[4] = "util 5 on main"
        write("src/Lib/Util.swift", util)
        try git(["commit", "-qam", "main moves on"])
        try git(["checkout", "-q", "feature"])
        util = (1...5).map { "util \($0)" }
        util[1] = "util 2 uncommitted"
        write("src/Lib/Util.swift", util)
        write("Staged.swift", ["staged 1", "staged 2"])
        try git(["add", "Staged.swift"])
        write("scratch.swift", ["untracked"])
        self.repository = repository
    }
}
