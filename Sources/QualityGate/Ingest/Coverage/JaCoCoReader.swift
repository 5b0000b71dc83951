/// Reads JaCoCo XML into a `CoverageReport`, streaming.
///
/// Rules, and why:
/// - Path = `<package name>` + `/` + `<sourcefile name>` (`com/x/Foo.java`), through any
///   `<group>` nesting (multi-module reports); mapping to `src/main/java/…` happens downstream.
/// - `<line nr mi ci mb cb>`: JaCoCo records instructions, not executions, so a line's `hits`
///   is its covered-instruction count `ci` (0 = missed): coverage is right, the count is not a
///   hit count. `mb + cb > 0` gives `BranchLine(covered: cb, total: mb + cb)`.
///   A `<line>` with neither `mi` nor `ci` (gcovr's JaCoCo writer) has an unknown status; it
///   counts as missed and a warning says so.
/// - Functions: each `<class><method name desc line>` becomes a `FunctionHit` named
///   `name + desc` on the class's `sourcefilename`, run when its METHOD counter has
///   `covered > 0` (hits 1 or 0: JaCoCo has no entry counts). JaCoCo 0.7 wrote no
///   `sourcefilename`: its classes go to the package's unique source file named like the outer
///   class (`Foo$Inner` → `Foo.java`).
/// - `declared`: the `LINE`, `BRANCH` and `METHOD` counters that are direct children of
///   `<report>`.
public struct JaCoCoReader: CoverageFormatReader {
    public static let format = CoverageFormat.jacoco

    public var limits: XMLEventStreamLimits

    public init(limits: XMLEventStreamLimits = XMLEventStreamLimits()) {
        self.limits = limits
    }

    public func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport {
        let handler = JaCoCoHandler(report: path)
        let stream = XMLEventStream(path: path, handler: handler, limits: limits.streamLimits)
        try stream.run()
        return handler.finish(detectedBy: detectedBy, xmlWarnings: stream.warnings)
    }

    /// Content evidence for JaCoCo: a `<report>` root with `<sessioninfo>`, `<counter type=`
    /// or `<sourcefile>` elements, or JaCoCo's DOCTYPE.
    public static func detect(head: String) -> String? {
        guard let root = XMLRootTag(head: head), root.name == "report" else { return nil }
        if root.rest.contains("<sessioninfo") { return "root <report> with <sessioninfo> (JaCoCo)" }
        if root.rest.contains("<counter type=") { return "root <report> with <counter> elements (JaCoCo)" }
        if root.rest.contains("<sourcefile") { return "root <report> with <sourcefile> elements (JaCoCo)" }
        if head.contains("//JACOCO//DTD") || head.contains("jacoco.org/jacoco") {
            return "root <report> with the JaCoCo DOCTYPE (JaCoCo)"
        }
        return nil
    }
}
