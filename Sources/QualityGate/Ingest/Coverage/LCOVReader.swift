/// Reads LCOV tracefiles (`lcov.info`, `*.lcov`, `*.info.gz`), streaming.
///
/// Accepts LCOV 1.x and 2.x as real writers emit them (geninfo, gcovr, llvm-cov export,
/// coverage.py, Istanbul/nyc, c8, coverlet, cargo-llvm-cov, Bazel, ReportGenerator):
/// `TN`/`SF`/`DA` (with or without a checksum), `BRDA` with `-` and named or comma-holding
/// branch ids, `FN` with and without an end line, `FNDA`, LCOV 2.2 `FNL`/`FNA` groups, the
/// `LF`/`LH`/`FNF`/`FNH`/`BRF`/`BRH` totals, and ignores `VER`, `MCDC` and future record kinds.
///
/// Semantics, chosen to be faithful and documented:
/// - Totals are recomputed from `DA`/`BRDA`/`FN*`; the `LF/LH`, `FNF/FNH`, `BRF/BRH` headers are
///   summed over the kept records into `declared`, for auditing only (llvm-cov writes `LF:32`
///   with 30 `DA` records). A report with totals but no `DA` at all (`--summary-only` exports) is
///   `summaryOnly`.
/// - Several records for one `SF` are merged; a `DA` line met twice is summed (what `lcov -a`
///   does), and a `BRDA` outcome is identified by line, block and branch id, so repeated
///   records sum per outcome. `BRDA` `-` (never evaluated) counts as 0.
/// - An LCOV 2.2 `FNL` group is one function, whatever its number of `FNA` aliases (as `FNF`
///   counts); its hits are the aliases' sum and its name the first alias.
/// - Counts saturate at `UInt64.max` (wrapped counters, `1.8e+19`); a negative count or a
///   `DA` line number that is not a number is an `.invalid` error at its line.
/// - Recoverable oddities become warnings: virtual paths (`SF:dist/<define:DATA>`), JavaScript
///   garbage (`DA:undefined,1`), line 0, a missing final `end_of_record`, unknown record kinds.
///   Headers of skipped records are not added to `declared`.
public struct LCOVReader: CoverageFormatReader {
    public static let format: CoverageFormat = .lcov

    public init() {}

    /// Reads the tracefile at `path` (plain or gzip-compressed).
    ///
    /// - Throws: `.empty` for a blank file, `.invalid` (with the line) for content that is not
    ///   LCOV or breaks its rules, `.truncated`/`.invalid` for broken gzip, `.unreadable`.
    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        var state = LCOVParseState(report: path)
        let summary = try LineStream(path: path, format: "LCOV").forEachLine { line throws(InputError) in
            try state.consume(line)
        }
        guard summary.sawContent else { throw .empty(file: path) }
        return try state.finish(lines: summary.lines, detectedBy: detectedBy)
    }

    /// Record kinds of LCOV 1.x and 2.x; a head made only of these (and at least one `SF:`) is LCOV.
    static let knownTags: Set<Substring> = [
        "TN", "SF", "VER", "DA", "FN", "FNDA", "FNF", "FNH", "FNL", "FNA", "BRDA", "BRF", "BRH", "LF", "LH", "MCDC",
    ]

    /// Evidence that `head` (the first ~64 KB) is an LCOV tracefile, or nil.
    ///
    /// Every non-blank line among the first 64 must be an LCOV record (`TN:`, `SF:`, `DA:`, …,
    /// `end_of_record`) and one of them an `SF:`: other formats (XML, JSON, Go's `mode:`,
    /// gcov text) start differently.
    public static func detect(head: String) -> String? {
        var head = Substring(head)
        if head.hasPrefix("\u{FEFF}") { head = head.dropFirst() }
        // `isNewline` splits "\r\n" too (one Character in Swift).
        var lines = head.split(whereSeparator: \.isNewline)
        if head.last?.isNewline != true, lines.count > 1 { lines.removeLast() }  // may be cut mid-line
        var tags: Set<Substring> = []
        var examined = 0
        for line in lines.prefix(64) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            examined += 1
            if line.hasPrefix("end_of_record") {
                tags.insert("end_of_record")
                continue
            }
            guard let colon = line.firstIndex(of: ":"), knownTags.contains(line[..<colon]) else { return nil }
            tags.insert(line[..<colon])
        }
        guard examined > 0, tags.contains("SF") else { return nil }
        let shown = ["SF", "DA", "BRDA", "FN", "LF", "end_of_record"].filter { tags.contains(Substring($0)) }
        return "LCOV records (\(shown.map { $0 == "end_of_record" ? $0 : $0 + ":" }.joined(separator: ", ")))"
    }
}
