/// Reads Go coverage profiles (`go test -coverprofile`, `go tool covdata textfmt`), streaming.
///
/// Format: a `mode: set|count|atomic` line, then one line per basic block,
/// `file.go:startLine.startCol,endLine.endCol numStmt count`, in any order.
///
/// How blocks map onto qgate's model (Go measures *statements*, which the model has no field for):
/// - `regions`: one `RegionHit` per distinct block, so region coverage is block coverage.
/// - `lines`: every line a block spans, with the **maximum** count of the blocks touching it
///   (covered if any block on it ran). A block whose end column is ≤ 2 ends on a line holding
///   only the closing brace (`log.go:47.20,58.2`), which is not counted, as Codecov does;
///   Coveralls expands naively and sums overlapping blocks instead.
/// - `declared.regions`: Go's own headline number, statements covered / statements
///   (`go tool cover -func` "total: (statements) 50.0%" = 6/12), i.e. the blocks weighted by
///   `numStmt`. It is what the profile itself states, so it sits with the other declared
///   totals; it equals the recomputed region ratio only when every block has one statement.
/// - Identical blocks (`-coverpkg`, merged runs) are combined as Go does: counts summed, or
///   OR-ed in `set` mode; a different `numStmt` for the same block is an error, as in Go.
/// - Concatenated profiles (a second `mode:` line): Go's tool rejects them; qgate accepts them,
///   merging the blocks under the first profile's mode, and warns — refusing a whole CI run
///   for a `cat` of two profiles helps nobody, and the merge is well-defined.
/// - Stray `go test -cover` output (`pkg/x.go:19: calcP 100.0%`, `ok  pkg 0.1s coverage: …`)
///   mixed into the file is skipped with a warning; any other unparsable line is `.invalid`.
///
/// Paths are kept as written (module paths such as `example.com/calc/calc.go`); mapping them
/// onto the repository (via `go.mod`) happens downstream.
public struct GoCoverProfileReader: CoverageFormatReader {
    public static let format: CoverageFormat = .goCoverprofile

    public init() {}

    /// Reads the profile at `path`.
    ///
    /// - Throws: `.empty` for a blank file; `.invalid` (with the line) when the first line is
    ///   not a `mode:` header, for a malformed block, a negative count or inconsistent `numStmt`.
    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        var state = GoCoverProfileState(report: path)
        let summary = try LineStream(path: path, format: "Go coverprofile").forEachLine { line throws(InputError) in
            try state.consume(line)
        }
        guard summary.sawContent else { throw .empty(file: path) }
        return state.finish(detectedBy: detectedBy)
    }

    /// Evidence that `head` is a Go coverage profile: the first non-blank line is
    /// `mode: set|count|atomic`.
    public static func detect(head: String) -> String? {
        var head = Substring(head)
        if head.hasPrefix("\u{FEFF}") { head = head.dropFirst() }
        guard let first = head.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return nil
        }
        let line = String(first).trimmingWhitespace()
        for mode in GoCoverProfileState.Mode.allCases where line == "mode: " + mode.rawValue {
            return "first line 'mode: \(mode.rawValue)' (Go coverprofile)"
        }
        return nil
    }
}
