/// Reads Cobertura XML (every flavour seen in the wild) into a `CoverageReport`, streaming.
///
/// Writers covered: coverage.py, gcovr, coverlet, dotnet-coverage, altcover, Istanbul, Java
/// Cobertura 1.9/2.1, Swift via xccov, scoverage's Cobertura output. Rules, and why:
/// - Paths are each `<class filename>` as written; the `<source>` roots are kept in
///   `sourceRoots` as written (junk such as `--dummy` included) and never resolved against the
///   disk here: path mapping happens downstream, against the repository.
/// - Lines come from `<class><lines>`; when a class has none (Swift via xccov writes lines only
///   under `<method>`), from its methods' lines. A file listed in several classes is merged.
/// - `<line number hits>`: `hits` may be a float (`1.0`); a line number that is not a positive
///   integer (`undefined`, `0`) is skipped with a warning; a negative count is `.invalid`.
/// - Branches: `condition-coverage="50% (1/2)"` on a line whose `branch` is not false
///   (`true`, `True`) gives `BranchLine(covered: 1, total: 2)`; the `(n/m)` is parsed, never
///   the rounded percent.
/// - Functions: each `<method>` (name + signature) with its first line; hits = the largest
///   line hit count of the method when any of its lines ran, else 0 (Cobertura has no entry
///   count; a method without lines counts as run when its `line-rate` is above 0).
/// - `declared`: the header's `lines-valid/lines-covered` and `branches-valid/branches-covered`
///   (integers or floats). A header with only `line-rate` states no counts and gives no
///   declared lines; a header with neither gives `declared == nil`.
public struct CoberturaReader: CoverageFormatReader {
    public static let format = CoverageFormat.cobertura

    public var limits: XMLEventStreamLimits

    public init(limits: XMLEventStreamLimits = XMLEventStreamLimits()) {
        self.limits = limits
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let handler = CoberturaHandler(report: path)
        let stream = XMLEventStream(path: path, handler: handler, limits: limits.streamLimits)
        try stream.run()
        return try handler.finish(detectedBy: detectedBy, xmlWarnings: stream.warnings)
    }

    /// Content evidence for Cobertura: a `<coverage>` root that is not Clover's (no `clover=`
    /// attribute, no `<project>`), with Cobertura's rate attributes or `<packages>`/`<sources>`.
    public static func detect(head: String) -> String? {
        guard let root = XMLRootTag(head: head), root.name == "coverage" else { return nil }
        if root.hasAttribute("clover") || root.rest.contains("<project") { return nil }
        for attribute in ["line-rate", "lines-valid", "branch-rate"] where root.hasAttribute(attribute) {
            return "root <coverage> with \(attribute) (Cobertura)"
        }
        for child in ["<packages", "<sources"] where root.rest.contains(child) {
            return "root <coverage> with \(child)> (Cobertura)"
        }
        return nil
    }
}
