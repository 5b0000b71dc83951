/// The coverage readers, in detection order.
///
/// Order matters only where evidence could overlap: specific JSON shapes before generic ones,
/// Clover and JaCoCo before Cobertura (Clover also has a `<coverage>` root), and the
/// line-oriented text formats last.
public enum CoverageReaders {
    static let detectors: [(CoverageFormat, @Sendable (String) -> String?)] = [
        (.llvmCov, LLVMCovReader.detect(head:)),
        (.coveragePy, CoveragePyReader.detect(head:)),
        (.gcovr, GcovrJSONReader.detect(head:)),
        (.istanbulSummary, IstanbulSummaryReader.detect(head:)),
        (.istanbul, IstanbulReader.detect(head:)),
        (.jacoco, JaCoCoReader.detect(head:)),
        (.clover, CloverReader.detect(head:)),
        (.cobertura, CoberturaReader.detect(head:)),
        (.goCoverprofile, GoCoverProfileReader.detect(head:)),
        (.lcov, LCOVReader.detect(head:)),
    ]

    /// The first format whose evidence is found in `head`, with that evidence.
    public static func detect(head: String) -> (CoverageFormat, String)? {
        for (format, detector) in detectors {
            if let evidence = detector(head) { return (format, evidence) }
        }
        return nil
    }

    public static func reader(for format: CoverageFormat) -> any CoverageFormatReader {
        switch format {
        case .lcov: LCOVReader()
        case .cobertura: CoberturaReader()
        case .jacoco: JaCoCoReader()
        case .clover: CloverReader()
        case .llvmCov: LLVMCovReader()
        case .goCoverprofile: GoCoverProfileReader()
        case .coveragePy: CoveragePyReader()
        case .istanbul: IstanbulReader()
        case .istanbulSummary: IstanbulSummaryReader()
        case .gcovr: GcovrJSONReader()
        }
    }
}
