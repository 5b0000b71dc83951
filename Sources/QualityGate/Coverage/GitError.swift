/// Why a git command could not give qgate what it asked for.
///
/// Each case says what to do, because the usual causes in CI are environmental: no git in the
/// image, a checkout without `.git`, a shallow clone that lacks the base branch.
public enum GitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `git` executable on `PATH` (or at the configured location).
    case gitMissing(searched: String)
    /// The directory is not inside a git work tree.
    case notARepository(path: String)
    /// A ref or revision git does not know (`origin/main` not fetched, a typo).
    case unknownRevision(String, message: String)
    /// The two commits share no history (usually a shallow clone: fetch more depth).
    case noMergeBase(base: String, head: String)
    /// git ran and failed; `message` is the first line of its stderr.
    case failed(arguments: [String], status: Int32, message: String)
    /// git succeeded but printed something qgate could not parse.
    case unexpectedOutput(arguments: [String], reason: String)

    /// A stable identifier for scripts and for the verdict's JSON.
    public var code: String {
        switch self {
        case .gitMissing: "git.missing"
        case .notARepository: "git.not-a-repository"
        case .unknownRevision: "git.unknown-revision"
        case .noMergeBase: "git.no-merge-base"
        case .failed: "git.failed"
        case .unexpectedOutput: "git.unexpected-output"
        }
    }

    public var description: String {
        switch self {
        case .gitMissing(let searched):
            "git was not found (searched \(searched)): install git in the CI image or pass a diff file"
        case .notARepository(let path):
            "\(path) is not inside a git repository: run qgate in the checkout or pass a diff file"
        case .unknownRevision(let revision, let message):
            "git does not know '\(revision)' (\(message)): fetch it first, e.g. `git fetch origin \(revision.replacingOccurrences(of: "origin/", with: ""))`"
        case .noMergeBase(let base, let head):
            "\(base) and \(head) share no commit: the clone is probably shallow; fetch with more depth (`fetch-depth: 0`)"
        case .failed(let arguments, let status, let message):
            "`git \(arguments.joined(separator: " "))` failed with status \(status): \(message)"
        case .unexpectedOutput(let arguments, let reason):
            "`git \(arguments.joined(separator: " "))` printed unexpected output: \(reason)"
        }
    }

    /// The error as a diagnostic, for the verdict.
    public var diagnostic: Diagnostic {
        Diagnostic(.error, code: code, description)
    }
}
