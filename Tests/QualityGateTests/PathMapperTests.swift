import Foundation
import Testing

@testable import QualityGate

/// Report path → repository path, against explicit file lists and a real `git ls-files`.
@Suite("Path mapping")
struct PathMapperTests {
    static let tracked = [
        "src/a.c", "src/lib/util.c", "lib/util.c", "Sources/Demo/Demo.swift", "docs/README.md",
        "x/Shared.swift", "y/Shared.swift", "pkg/Mixed.swift",
    ]
    static let mapper = PathMapper(root: "/ci/project", trackedFiles: tracked)

    static func map(_ path: String, roots: [String] = [], using mapper: PathMapper = mapper) -> (String?, PathMatchMethod?) {
        let mapping = mapper.map(path, sourceRoots: roots)
        return (mapping.repositoryPath, mapping.method)
    }

    @Test("normalisation: ./, //, .., backslashes, drive letters, file:// and absolute paths under the root")
    func normalisation() {
        #expect(Self.map("src/a.c") == ("src/a.c", .exact))
        #expect(Self.map("./src//a.c") == ("src/a.c", .exact))
        #expect(Self.map("src/lib/../a.c") == ("src/a.c", .exact))
        #expect(Self.map(".\\src\\a.c") == ("src/a.c", .exact))
        #expect(Self.map("/ci/project/src/a.c") == ("src/a.c", .absolute))
        #expect(Self.map("file:///ci/project/src/a.c") == ("src/a.c", .absolute))
        #expect(Self.map("C:\\agent\\_work\\1\\s\\src\\lib\\util.c") == ("src/lib/util.c", .suffix))
        #expect(Self.map("/home/runner/work/project/Sources/Demo/Demo.swift") == ("Sources/Demo/Demo.swift", .suffix))
    }

    @Test("path segments: the ASCII byte split agrees with the Character split")
    func segments() {
        let samples = [
            "src/a.c", "/abs//x/./y/", "//", "", "a", "a/\r\n/b", "./../a", "é/ß/c.swift", "a/\u{301}/b",
            "x/y\u{301}/z", "Ω/", "/C:/x/y",
        ]
        for sample in samples {
            #expect(NormalizedPath.segments(sample) == sample.split(separator: "/", omittingEmptySubsequences: true), "\(sample.debugDescription)")
        }
        #expect(NormalizedPath.segments("/abs//x/./y/") == ["abs", "x", ".", "y"])
        #expect(Self.map("FILE:///ci/project/src/a.c") == ("src/a.c", .absolute))
    }

    @Test("unmatched paths say why: climbing above the root, NUL bytes, no such file")
    func unmatched() {
        let climbing = Self.mapper.map("../../etc/passwd")
        #expect(climbing.repositoryPath == nil)
        #expect(climbing.reason == "'..' climbs above the report's root")
        #expect(Self.mapper.map("/..").reason == "'..' climbs above the file system root")
        #expect(Self.mapper.map("src/a\u{0}.c").reason == "contains a NUL byte")
        #expect(Self.mapper.map("").reason == "names no file")
        let outside = Self.mapper.map("/somewhere/else/nothing.c")
        #expect(outside.reason == "outside the repository root /ci/project and no tracked file matches it or ends with its name")
        #expect(outside.isMatched == false)
    }

    @Test("suffix matching: whole components, longest unique wins, ties are ambiguous with candidates")
    func suffix() {
        #expect(Self.map("util.c").0 == nil)  // src/lib/util.c and lib/util.c tie on one component
        #expect(Self.map("/build/src/lib/util.c") == ("src/lib/util.c", .suffix))
        #expect(Self.map("/build/out/lib/util.c") == ("lib/util.c", .suffix))
        #expect(Self.map("other/a.c").0 == nil)  // a.c alone is not enough when both sides have more
        #expect(Self.map("Demo.swift") == ("Sources/Demo/Demo.swift", .suffix))
        let ambiguous = Self.mapper.map("Shared.swift")
        #expect(ambiguous.repositoryPath == nil)
        #expect(ambiguous.candidates == ["x/Shared.swift", "y/Shared.swift"])
        #expect(ambiguous.reason?.hasPrefix("ambiguous: 2 tracked files") == true)
    }

    @Test("rewrite rules run first, in order, on whole components")
    func rules() throws {
        let rules = [
            try #require(PathRewriteRule("/builder/checkout::")),
            try #require(PathRewriteRule("/opt/src::src")),
            try #require(PathRewriteRule("/opt::docs")),
        ]
        let mapper = PathMapper(root: "/ci/project", trackedFiles: Self.tracked, rules: rules)
        let stripped = mapper.map("/builder/checkout/lib/util.c")
        #expect(stripped.repositoryPath == "lib/util.c")
        #expect(stripped.method == .rule)
        #expect(stripped.rule == rules[0])
        #expect(Self.map("/opt/src/a.c", using: mapper) == ("src/a.c", .rule))
        #expect(Self.map("/opt/README.md", using: mapper) == ("docs/README.md", .rule))
        // `/builder/checkouts` does not start with the component `checkout`.
        #expect(mapper.map("/builder/checkouts/lib/util.c").rule == nil)
        #expect(PathRewriteRule("no separator") == nil)
        #expect(PathRewriteRule("::x") == nil)
        #expect(PathRewriteRule("a::b")?.description == "a::b")
    }

    @Test("report source roots, absolute inside the root or relative to it")
    func sourceRoots() {
        #expect(Self.map("Demo/Demo.swift", roots: ["/ci/project/Sources"]) == ("Sources/Demo/Demo.swift", .sourceRoot))
        #expect(Self.map("util.c", roots: ["/elsewhere", "src/lib"]) == ("src/lib/util.c", .sourceRoot))
        #expect(Self.map("../a.c", roots: ["/ci/project/src/lib"]) == ("src/a.c", .sourceRoot))
        // Exact wins over a source root.
        #expect(Self.map("lib/util.c", roots: ["src"]) == ("lib/util.c", .exact))
    }

    @Test("letter case is ignored only as a fallback, and only for a single candidate")
    func caseInsensitive() {
        #expect(Self.map("SRC/A.C") == ("src/a.c", .caseInsensitive))
        #expect(Self.map("/ci/project/PKG/mixed.swift") == ("pkg/Mixed.swift", .caseInsensitive))
        #expect(Self.map("shared.SWIFT").0 == nil)
        let mapper = PathMapper(root: "/r", trackedFiles: ["a/File.c", "a/file.c"])
        #expect(Self.map("a/FILE.c", using: mapper).0 == nil)
        #expect(Self.map("a/file.c", using: mapper) == ("a/file.c", .exact))
    }

    @Test("without a file list: lexical mapping relative to the root, said so")
    func lexical() {
        let mapper = PathMapper(root: "/ci/project", trackedFiles: nil)
        #expect(!mapper.hasFileList)
        #expect(Self.map("/ci/project/src/a.c", using: mapper) == ("src/a.c", .lexical))
        #expect(Self.map("src/x.c", using: mapper) == ("src/x.c", .lexical))
        #expect(mapper.map("/other/x.c").reason?.hasPrefix("absolute path outside the repository root") == true)
    }

    @Test("mapping a report's files merges those that land on the same repository path")
    func mapFiles() {
        let files = [
            FileCoverage(path: "/ci/project/src/a.c", lines: [LineHit(line: 1, hits: 0), LineHit(line: 2, hits: 1)]),
            FileCoverage(path: "src/a.c", lines: [LineHit(line: 1, hits: 3)]),
            FileCoverage(path: "nowhere.c", lines: [LineHit(line: 1, hits: 1)]),
            FileCoverage(path: "src/a.c", lines: [LineHit(line: 3, hits: 0)]),
        ]
        let mapped = Self.mapper.map(files)
        #expect(mapped.files.map(\.path) == ["src/a.c"])
        #expect(mapped.files.first?.lines == [LineHit(line: 1, hits: 3), LineHit(line: 2, hits: 1), LineHit(line: 3, hits: 0)])
        #expect(mapped.mappings.map(\.reportPath) == ["/ci/project/src/a.c", "src/a.c", "nowhere.c"])
        #expect(mapped.mappings.map(\.isMatched) == [true, true, false])
    }

    @Test("real git: ls-files backs suffix, absolute and ambiguous matching")
    func realGit() throws {
        let repo = try TemporaryGitRepository()
        let mapper = try PathMapper.forRepository(repo.repository)
        #expect(mapper.hasFileList)
        #expect(Self.map("/home/runner/work/app/app/src/App/Main.swift", using: mapper) == ("src/App/Main.swift", .suffix))
        #expect(Self.map("Main.swift", using: mapper) == ("src/App/Main.swift", .suffix))
        #expect(Self.map("Name.swift", using: mapper) == ("New/Name.swift", .suffix))
        #expect(Self.map(repo.repository.root + "/src/Lib/Util.swift", using: mapper) == ("src/Lib/Util.swift", .absolute))
        #expect(Self.map("Caf\u{e9}.swift", using: mapper) == ("src/Caf\u{e9}.swift", .suffix))
        // Untracked and deleted files are not in ls-files.
        #expect(Self.map("scratch.swift", using: mapper).0 == nil)
        #expect(Self.map("Legacy.swift", using: mapper).0 == nil)
        let ambiguous = mapper.map("Shared.swift")
        #expect(ambiguous.candidates == ["a/Shared.swift", "b/Shared.swift"])
        let discovered = try GitRepository.discover(
            from: repo.repository.root + "/src/App", environment: repo.repository.environment)
        #expect(
            URL(fileURLWithPath: discovered.root).resolvingSymlinksInPath().path
                == URL(fileURLWithPath: repo.repository.root).resolvingSymlinksInPath().path)
    }
}
