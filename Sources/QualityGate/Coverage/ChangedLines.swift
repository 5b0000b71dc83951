import Foundation

/// The lines a change adds or rewrites, per file of the new tree, and where that came from.
///
/// From git, the comparison is the merge base of `base` and `HEAD` against the **working
/// tree**: the commits of the pull request (`merge-base..HEAD`, what Codecov and diff-cover's
/// three-dot notation compare) plus anything staged or unstaged on top, in one `git diff`, so
/// line numbers are those of the files the tests just ran on. On a CI checkout of the PR head
/// the working tree is clean and this is exactly `merge-base...HEAD`; locally, uncommitted
/// edits are included as diff-cover does by default. Untracked files are not included (they
/// are not part of any commit yet). Renames are followed (`-M`), so a moved file's unchanged
/// lines do not count as new; deleted lines and deleted files have nothing to cover and are
/// dropped; `-U0` keeps context lines out.
public struct ChangedLines: Sendable, Hashable, Codable {
    /// Files of the new tree with at least one header in the diff, sorted by path.
    public var files: [ChangedFile]
    /// Human provenance: `diff file x.diff`, or `git: merge base 1a2b3c4d of origin/main and HEAD, plus uncommitted changes`.
    public var origin: String
    /// The commit the change is measured from, when git computed it.
    public var baseCommit: String?
    /// Warnings from reading the diff (hunk counts that disagree with their bodies).
    public var diagnostics: [Diagnostic]

    public init(files: [ChangedFile], origin: String, baseCommit: String? = nil, diagnostics: [Diagnostic] = []) {
        self.files = files.sorted { $0.path < $1.path }
        self.origin = origin
        self.baseCommit = baseCommit
        self.diagnostics = diagnostics
    }

    /// The changed lines of `path` (repository-relative), nil when the diff does not touch it.
    public func lines(for path: String) -> LineRanges? {
        files.first { $0.path == path }?.lines
    }

    /// Reads a saved `git diff` or `diff -u` output.
    ///
    /// - Parameter strictCounts: false (the default for files, which people edit and trim)
    ///   accepts hunks whose bodies disagree with their header counts, with a warning.
    public static func read(diffFile path: String, strictCounts: Bool = false) throws(DiffError) -> ChangedLines {
        let parsed = try UnifiedDiff.parse(contentsOf: path, strictCounts: strictCounts)
        return ChangedLines(files: parsed.files, origin: "diff file \(path)", diagnostics: parsed.diagnostics)
    }

    /// The git arguments that produce the diff from `baseCommit`.
    public static func diffArguments(from baseCommit: String, includeUncommitted: Bool) -> [String] {
        // Explicit prefixes and no external tools: the user's diff.noprefix, diff.mnemonicPrefix,
        // diff.external, textconv and color settings must not change what is parsed.
        var arguments = [
            "-c", "core.quotePath=true", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-U0", "-M",
            "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules=all", baseCommit,
        ]
        if !includeUncommitted { arguments.append("HEAD") }
        arguments.append("--")
        return arguments
    }

    /// Changed lines of the current checkout against the merge base of `base` and `HEAD`.
    ///
    /// - Parameter includeUncommitted: false compares `merge-base..HEAD` only (committed changes).
    public static func fromGit(
        _ repository: GitRepository, base: String, includeUncommitted: Bool = true
    ) throws(GitError) -> ChangedLines {
        let mergeBase = try repository.mergeBase(base, "HEAD")
        let arguments = diffArguments(from: mergeBase, includeUncommitted: includeUncommitted)
        let output = try repository.run(arguments)
        let files: [ChangedFile]
        do {
            // git's own counts are exact: any disagreement is a parser or git problem.
            files = try UnifiedDiff.parse(output, source: "git diff", strictCounts: true).files
        } catch {
            throw .unexpectedOutput(arguments: arguments, reason: error.description)
        }
        let short = String(mergeBase.prefix(12))
        let origin =
            "git: merge base \(short) of \(base) and HEAD"
            + (includeUncommitted ? ", plus uncommitted changes" : "")
        return ChangedLines(files: files, origin: origin, baseCommit: mergeBase)
    }
}
