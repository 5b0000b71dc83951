/// Caps for the JSON coverage readers.
///
/// JSON reports are decoded as a whole (Foundation's decoder indexes the full document, about
/// 11x the file size in memory), so the size cap is what keeps a runaway artifact from taking
/// the CI machine down; a report over the cap is refused rather than half-read.
public struct JSONCoverageLimits: Sendable, Hashable {
    /// Files larger than this are refused (`InputError.refused`). Default 1 GiB.
    public var maxBytes: Int = 1 << 30
    /// Line numbers above this are treated as garbage (no real source file has 10 million lines),
    /// which also bounds the work of expanding llvm-cov segments line by line.
    public var maxLine: Int = 10_000_000

    public init(maxBytes: Int = 1 << 30, maxLine: Int = 10_000_000) {
        self.maxBytes = maxBytes
        self.maxLine = maxLine
    }
}
