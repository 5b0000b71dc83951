import Foundation

/// A git work tree, queried by running the `git` executable.
///
/// git runs through Foundation `Process` with an argument vector (never a shell, so refs and
/// paths are not interpreted), in the repository root, with `LC_ALL=C` so that its error
/// messages can be classified, and `GIT_TERMINAL_PROMPT=0` and `GIT_OPTIONAL_LOCKS=0` so that a
/// CI job never blocks on a prompt or contends for the index lock.
public struct GitRepository: Sendable, Hashable {
    /// The work tree's top-level directory.
    public var root: String
    /// The git executable; nil searches `PATH`.
    public var executable: String?
    /// Added to (and overriding) the inherited environment, e.g. `GIT_CONFIG_GLOBAL`.
    public var environment: [String: String]

    public init(root: String, executable: String? = nil, environment: [String: String] = [:]) {
        self.root = root
        self.executable = executable
        self.environment = environment
    }

    /// The repository that contains `directory`, rooted at its top level.
    public static func discover(
        from directory: String, executable: String? = nil, environment: [String: String] = [:]
    ) throws(GitError) -> GitRepository {
        let probe = GitRepository(root: directory, executable: executable, environment: environment)
        let output = try probe.run(["rev-parse", "--show-toplevel"])
        let top = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !top.isEmpty else { throw .notARepository(path: directory) }
        return GitRepository(root: top, executable: executable, environment: environment)
    }

    /// Tracked files, repository-relative with `/` separators (`git ls-files -z`, so names
    /// with spaces, quotes or non-ASCII bytes arrive unquoted).
    public func trackedFiles() throws(GitError) -> [String] {
        let output = try run(["ls-files", "-z"])
        return output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The full commit id `revision` names.
    public func resolve(_ revision: String) throws(GitError) -> String {
        // A leading dash would read as an option: refuse it rather than pass it on.
        guard !revision.hasPrefix("-"), !revision.isEmpty else {
            throw .unknownRevision(revision, message: "not a revision name")
        }
        let output = try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], revision: revision)
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The best common ancestor of `base` and `head`: the point a pull request branched from.
    public func mergeBase(_ base: String, _ head: String = "HEAD") throws(GitError) -> String {
        let baseCommit = try resolve(base)
        let headCommit = try resolve(head)
        let arguments = ["merge-base", baseCommit, headCommit]
        let result = try execute(arguments)
        let text = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if result.status == 1, text.isEmpty { throw .noMergeBase(base: base, head: head) }
        guard result.status == 0 else { throw classify(arguments, result, revision: nil) }
        return text
    }

    /// Runs `git <arguments>` in the root and returns its stdout.
    ///
    /// - Parameter revision: the user-given ref in the arguments, named in `unknownRevision`.
    public func run(_ arguments: [String], revision: String? = nil) throws(GitError) -> Data {
        let result = try execute(arguments)
        guard result.status == 0 else { throw classify(arguments, result, revision: revision) }
        return result.stdout
    }

    struct Execution {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    func execute(_ arguments: [String]) throws(GitError) -> Execution {
        let git = try locateGit()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notARepository(path: root)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C"
        env["LANGUAGE"] = "C"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_OPTIONAL_LOCKS"] = "0"
        env["GIT_PAGER"] = "cat"
        for (key, value) in environment { env[key] = value }
        process.environment = env

        // stderr goes to a temporary file and stdout is drained to its end before waiting:
        // a pipe for each could deadlock once git fills the one nobody reads.
        let errorPath = NSTemporaryDirectory() + "qgate-git-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        guard let errorHandle = FileHandle(forWritingAtPath: errorPath) else {
            throw .failed(arguments: arguments, status: -1, message: "cannot create a temporary file for stderr")
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        // Not `waitUntilExit()`: on Linux it polls the run loop every 50 ms, so each git call
        // cost up to 50 ms of waiting after git had exited. The termination handler runs as
        // soon as the child is reaped.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            try? errorHandle.close()
            throw .gitMissing(searched: git)
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        exited.wait()
        try? errorHandle.close()
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return Execution(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    func classify(_ arguments: [String], _ result: Execution, revision: String?) -> GitError {
        let lines = result.stderr.split(whereSeparator: \.isNewline).map(String.init)
        let first = lines.first ?? "no message"
        let text = result.stderr.lowercased()
        if text.contains("not a git repository") {
            return .notARepository(path: root)
        }
        let unknown = [
            "unknown revision", "bad revision", "not a valid object name", "needed a single revision",
            "not a valid commit", "invalid object name", "bad object",
        ]
        if let revision, result.stderr.isEmpty || unknown.contains(where: text.contains) {
            // `rev-parse --verify --quiet` fails silently for an unknown name.
            return .unknownRevision(revision, message: result.stderr.isEmpty ? "no such commit" : first)
        }
        return .failed(arguments: arguments, status: result.status, message: first)
    }

    func locateGit() throws(GitError) -> String {
        if let executable {
            guard FileManager.default.isExecutableFile(atPath: executable) else { throw .gitMissing(searched: executable) }
            return executable
        }
        let path = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw .gitMissing(searched: "PATH=\(path)")
    }
}
