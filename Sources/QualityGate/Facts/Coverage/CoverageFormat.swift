/// The coverage report formats qgate reads, detected by content or named with `format:`.
public enum CoverageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case lcov
    case cobertura
    case jacoco
    case clover
    /// `llvm-cov export` JSON: Swift (`swift test --enable-code-coverage`), Rust, C/C++.
    case llvmCov = "llvm-cov"
    /// Go `-coverprofile` output (`mode: set|count|atomic`).
    case goCoverprofile = "go-coverprofile"
    /// coverage.py `coverage json`.
    case coveragePy = "coverage-py"
    /// Istanbul / nyc `coverage-final.json`.
    case istanbul
    /// Istanbul / nyc `coverage-summary.json` (totals only, per file).
    case istanbulSummary = "istanbul-summary"
    /// gcovr `--json` (per-line data).
    case gcovr
}
