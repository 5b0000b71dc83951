/// The renderings of a verdict or an inspection.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// Aligned terminal text; coloured on a TTY.
    case text
    /// GitHub-flavoured markdown for job summaries and PR comments.
    case markdown
    /// Machine-readable JSON (schemas in `schemas/`).
    case json
}
