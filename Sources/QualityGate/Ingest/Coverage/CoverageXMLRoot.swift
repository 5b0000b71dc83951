/// Why a well-formed XML file is not the coverage format a reader expected, phrased from its
/// root element, so that a JUnit report or another coverage format given to the wrong reader
/// fails with a useful `.invalid` error instead of reading as an empty report.
enum CoverageXMLRoot {
    static func mismatch(root: String, expected: String, format: String) -> String {
        let base = "root element <\(root)> is not a \(format) report (expected <\(expected)>)"
        let hint: String? =
            switch root {
            case "testsuites", "testsuite": "this is a JUnit test report, not coverage"
            case "report": "this looks like a JaCoCo report (format: jacoco)"
            case "scoverage": "this is scoverage's own XML; use scoverage's Cobertura report (coverageReport writes cobertura.xml)"
            case "CoverageSession": "this is an OpenCover report, which qgate does not read; convert it with ReportGenerator -reporttypes:Cobertura"
            case "CoverageDSPriv", "results": "this is a Visual Studio coverage report, which qgate does not read; use coverlet or dotnet-coverage with Cobertura output"
            case "coverage": nil
            default: nil
            }
        return hint.map { "\(base); \($0)" } ?? base
    }
}
