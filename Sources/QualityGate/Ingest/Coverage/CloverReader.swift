/// Reads Clover XML (OpenClover, Atlassian Clover, Istanbul, PHPUnit, gcovr) into a
/// `CoverageReport`, streaming.
///
/// Rules, and why:
/// - Files: every `<file>` under `<project>` (directly or in `<package>`), path from `path`,
///   else `name`. `<testproject>` (OpenClover's test sources, which its own project metrics
///   exclude) is skipped; a note says so when it held any line.
/// - `type="stmt"` → `LineHit(count)`.
/// - `type="method"` → `FunctionHit` (name from `signature`, else `name`) only, not a line:
///   OpenClover's `statements` metric excludes method entries, so lines recomputed from the
///   statements audit against the header. (Codecov also counts method lines as lines.)
/// - `type="cond"` → `BranchLine(taken: [truecount, falsecount])`, two outcomes, matching
///   Clover's `conditionals` (2 per condition). Its line: `count` when given (Istanbul writes
///   one `<line>` per line, `cond` for lines with branches); when `count` is absent
///   (OpenClover writes the cond next to the line's `stmt`), the line is added only if no
///   `stmt` covers it, with hits = truecount + falsecount.
/// - `declared`: the `<metrics>` of `<project>`: statements as lines, conditionals as
///   branches, methods as functions.
public struct CloverReader: CoverageFormatReader {
    public static let format = CoverageFormat.clover

    public var limits: XMLEventStreamLimits

    public init(limits: XMLEventStreamLimits = XMLEventStreamLimits()) {
        self.limits = limits
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let handler = CloverHandler(report: path)
        let stream = XMLEventStream(path: path, handler: handler, limits: limits.streamLimits)
        try stream.run()
        return try handler.finish(detectedBy: detectedBy, xmlWarnings: stream.warnings)
    }

    /// Content evidence for Clover: a `<coverage>` root with a `clover=` attribute or a
    /// `<project>` child (Cobertura's `<coverage>` has neither).
    public static func detect(head: String) -> String? {
        guard let root = XMLRootTag(head: head), root.name == "coverage" else { return nil }
        if root.hasAttribute("clover") { return "root <coverage clover=…> (Clover)" }
        if root.rest.contains("<project") { return "root <coverage> with <project> (Clover)" }
        return nil
    }
}
