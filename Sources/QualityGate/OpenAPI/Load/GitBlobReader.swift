import Foundation

/// Reads files of one git revision through a single `git cat-file --batch` process.
///
/// A multi-file spec read from `git:REF:PATH` pulls in every file its `$ref`s reach: the
/// DigitalOcean spec is 1,549 files, and one `git show` per file took 71 s on a busy CI
/// runner where this takes about a second. The revision is resolved once up front (so an
/// unknown ref is reported as such, not as a missing file); requests and answers then go
/// one at a time over the pipes, each answer read in full before the next request, so
/// neither side can block on a full pipe.
final class GitBlobReader {
    let repository: GitRepository
    let revision: String
    private var commit: String?
    private var process: Process?
    private var input: FileHandle?
    private var output: FileHandle?
    private var buffer: [UInt8] = []
    private var start = 0

    init(repository: GitRepository, revision: String) {
        self.repository = repository
        self.revision = revision
    }

    deinit {
        try? input?.close()
        if let process, process.isRunning {
            process.terminate()
        }
        process?.waitUntilExit()
    }

    /// The bytes of `path` (repository-relative) at the revision.
    func read(_ path: String, limit: Int) throws(SpecError) -> [UInt8] {
        let display = "git:\(revision):\(path)"
        let commit = try resolvedCommit(display)
        guard !path.contains("\n") else {
            throw .git(spec: display, reason: "a path with a line break cannot be read from git")
        }
        try startIfNeeded(display)
        guard let input else { throw .git(spec: display, reason: "git cat-file is not running") }
        do {
            try input.write(contentsOf: Data("\(commit):\(path)\n".utf8))
        } catch {
            throw .git(spec: display, reason: "git cat-file stopped: \(error.localizedDescription)")
        }
        let header = String(decoding: try line(display), as: UTF8.self)
        let fields = header.split(separator: " ")
        if header.hasSuffix(" missing") || header.hasSuffix(" ambiguous") {
            throw .git(spec: display, reason: "path '\(path)' does not exist in '\(revision)'")
        }
        guard fields.count == 3, let size = Int(fields[2]) else {
            throw .git(spec: display, reason: "unexpected answer from git cat-file: \(header)")
        }
        let blob = try bytes(size + 1, display)  // the content and a line feed
        guard fields[1] == "blob" else {
            throw .git(spec: display, reason: fields[1] == "tree" ? "it is a directory" : "it is a \(fields[1]), not a file")
        }
        if size > limit {
            throw .refused(file: display, line: 0, column: 0, reason: "the file is \(size) bytes, over the \(limit)-byte limit")
        }
        return Array(blob.dropLast())
    }

    private func resolvedCommit(_ display: String) throws(SpecError) -> String {
        if let commit { return commit }
        do {
            let resolved = try repository.resolve(revision)
            commit = resolved
            return resolved
        } catch {
            throw .git(spec: display, reason: error.description)
        }
    }

    private func startIfNeeded(_ display: String) throws(SpecError) {
        guard process == nil else { return }
        let git: String
        do {
            git = try repository.locateGit()
        } catch {
            throw .git(spec: display, reason: error.description)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["cat-file", "--batch"]
        process.currentDirectoryURL = URL(fileURLWithPath: repository.root)
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        for (key, value) in repository.environment { environment[key] = value }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .git(spec: display, reason: "cannot run git cat-file: \(error.localizedDescription)")
        }
        self.process = process
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
    }

    /// Reads more of git's answer; false at the end of the stream.
    private func fill() -> Bool {
        guard let output else { return false }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { systemRead(output.fileDescriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func line(_ display: String) throws(SpecError) -> ArraySlice<UInt8> {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let text = buffer[start..<newline]
                start = newline + 1
                return text
            }
            guard fill() else { throw .git(spec: display, reason: "git cat-file ended unexpectedly") }
        }
    }

    private func bytes(_ count: Int, _ display: String) throws(SpecError) -> ArraySlice<UInt8> {
        while buffer.count - start < count {
            guard fill() else { throw .git(spec: display, reason: "git cat-file ended unexpectedly") }
        }
        let slice = buffer[start..<start + count]
        start += count
        return slice
    }
}

/// POSIX `read(2)`: returns what the pipe holds now (Foundation's reads wait for a count).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
