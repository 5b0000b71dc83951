/// How a report path was matched to a repository file, so that a surprising match can be
/// traced to its cause.
public enum PathMatchMethod: String, Sendable, Hashable, Codable {
    /// The path, relative, is a tracked file as written.
    case exact
    /// An absolute path inside the repository root.
    case absolute
    /// A report source root (Cobertura `<source>`) joined with the path is a tracked file.
    case sourceRoot = "source-root"
    /// The longest unique run of trailing path components matches one tracked file.
    case suffix
    /// An explicit `before::after` rule rewrote the path to a tracked file.
    case rule
    /// Matched only when letter case is ignored, and only to a single file.
    case caseInsensitive = "case-insensitive"
    /// No tracked-file list (not a git checkout): taken relative to the root without checking.
    case lexical
}
