/// A reader for one coverage format.
///
/// Readers stream their input and return per-file data; totals, merging and path mapping
/// happen downstream, so a reader's only job is to be faithful to its format.
public protocol CoverageFormatReader: Sendable {
    static var format: CoverageFormat { get }
    /// Reads `path`; `detectedBy` is recorded as the report's provenance.
    func read(path: String, detectedBy: String) throws(InputError) -> CoverageReport
}
