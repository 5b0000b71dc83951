import Foundation

/// Where spec files come from: the file system, or a git revision (`git:REF:PATH`).
///
/// A multi-file spec read from git must read its referenced files from the same revision,
/// so the source, not the loader, decides how a relative `$ref` becomes bytes.
public enum SpecSource: Sendable, Hashable {
    case fileSystem
    /// Files at `revision` of the repository at `repository`; paths are repository-relative.
    case git(repository: GitRepository, revision: String)

    /// Parses a command-line spec argument: `git:REF:PATH` or a plain path.
    ///
    /// `PATH` follows git's own rule: relative to the repository root, or to the current
    /// directory when it starts with `./` or `../`.
    public static func parse(_ argument: String, currentDirectory: String = FileManager.default.currentDirectoryPath)
        throws(SpecError) -> (source: SpecSource, path: String)
    {
        guard argument.hasPrefix("git:") else { return (.fileSystem, argument) }
        let rest = argument.dropFirst(4)
        guard let colon = rest.lastIndex(of: ":"), colon != rest.startIndex else {
            throw .git(spec: argument, reason: "expected git:REF:PATH, e.g. git:origin/main:openapi.yaml")
        }
        let revision = String(rest[..<colon])
        var path = String(rest[rest.index(after: colon)...])
        guard !path.isEmpty else { throw .git(spec: argument, reason: "the PATH after REF: is empty") }
        let repository: GitRepository
        do {
            repository = try GitRepository.discover(from: currentDirectory)
        } catch {
            throw .git(spec: argument, reason: error.description)
        }
        if path.hasPrefix("./") || path.hasPrefix("../") {
            let prefix: String
            do {
                let output = try GitRepository(root: currentDirectory).run(["rev-parse", "--show-prefix"])
                prefix = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw .git(spec: argument, reason: error.description)
            }
            path = SpecPath.normalize(prefix + path)
        }
        return (.git(repository: repository, revision: revision), SpecPath.normalize(path))
    }

    /// Reads a file straight into one array sized from `stat` (a file that grows meanwhile
    /// is still read to its end, up to `limit`): `FileHandle` read a 4 MB spec in pieces into
    /// a `Data` that was then copied again.
    private static func readWhole(_ path: String, expectedSize: Int, limit: Int) throws(SpecError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            throw .unreadable(file: path, reason: reason)
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: min(max(expectedSize, 0), limit) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard filled <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(max(filled, 1 << 16), limit + 1 - filled)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                readBytes(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        if filled > limit {
            throw .refused(file: path, line: 0, column: 0, reason: "the file is over the \(limit)-byte limit")
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// The bytes of `path`.
    func read(_ path: String, limits: SpecLimits) throws(SpecError) -> [UInt8] {
        switch self {
        case .fileSystem:
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(file: path, reason: "no such file")
            }
            if isDirectory.boolValue { throw .unreadable(file: path, reason: "it is a directory") }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size > limits.maxFileBytes {
                throw .refused(file: path, line: 0, column: 0,
                    reason: "the file is \(size) bytes, over the \(limits.maxFileBytes)-byte limit")
            }
            return try Self.readWhole(path, expectedSize: size, limit: limits.maxFileBytes)
        case .git(let repository, let revision):
            do {
                let data = try repository.run(["show", "\(revision):\(path)"], revision: revision)
                if data.count > limits.maxFileBytes {
                    throw SpecError.refused(file: display(path), line: 0, column: 0, reason: "the file is over the \(limits.maxFileBytes)-byte limit")
                }
                return [UInt8](data)
            } catch let error as SpecError {
                throw error
            } catch {
                throw .git(spec: display(path), reason: "\(error)")
            }
        }
    }

    /// How a file of this source is named in messages.
    func display(_ path: String) -> String {
        switch self {
        case .fileSystem: path
        case .git(_, let revision): "git:\(revision):\(path)"
        }
    }
}

/// Lexical path arithmetic for `$ref` targets (no file-system access, so it works for git).
enum SpecPath {
    /// `a/./b/../c` → `a/c`; keeps leading `..` that cannot be resolved.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The file `reference` names relative to the file `base`.
    static func resolve(_ reference: String, against base: String) -> String {
        if reference.hasPrefix("/") { return normalize(reference) }
        let directory: String
        if let slash = base.lastIndex(of: "/") {
            directory = String(base[..<slash])
        } else {
            directory = ""
        }
        return normalize(directory.isEmpty ? reference : directory + "/" + reference)
    }
}

/// The folder a multi-file spec may read: the entry file's folder and everything below it.
///
/// A spec is input under review (a pull request can change it), so its `$ref`s must not make
/// the gate read files elsewhere on the CI machine (`../../etc/passwd`, `/home/runner/.ssh/…`)
/// and echo them into a report. Checked lexically for every source, and for files on disk also
/// after following symbolic links.
struct SpecScope {
    /// The entry file's folder, normalised; empty for the current directory.
    let folder: String
    let source: SpecSource
    /// The folder with symbolic links resolved (file system only).
    private let realFolder: String?

    init(entry: String, source: SpecSource) {
        let normalized = SpecPath.normalize(entry)
        if let slash = normalized.lastIndex(of: "/") {
            folder = slash == normalized.startIndex ? "/" : String(normalized[..<slash])
        } else {
            folder = ""
        }
        self.source = source
        if case .fileSystem = source {
            realFolder = Self.realPath(folder.isEmpty ? "." : folder)
        } else {
            realFolder = nil
        }
    }

    /// Whether the normalised path `target` lies inside the folder, without touching the disk.
    func containsLexically(_ target: String) -> Bool {
        if folder.isEmpty {
            return !target.hasPrefix("/") && target != ".." && !target.hasPrefix("../")
        }
        if folder == "/" { return target.hasPrefix("/") }
        return target.hasPrefix(folder + "/")
    }

    /// Throws when the file `target` (normalised), named by `reference`, lies outside the folder.
    func check(_ target: String, reference: SpecNode) throws(SpecError) {
        var inside = containsLexically(target)
        if inside, let realFolder, let realTarget = Self.realPath(target) {
            inside = realFolder == "/" || realTarget.hasPrefix(realFolder + "/")
        }
        guard !inside else { return }
        let location = reference.referenceLocation
        let shown = folder.isEmpty ? "the current directory" : "'\(source.display(folder))'"
        throw .refused(file: location.file, line: Int(location.line), column: Int(location.column),
            reason: "$ref '\(reference.reference ?? target)' points outside the spec's folder (\(shown)); "
                + "a multi-file spec may only read files inside the folder of its entry file")
    }

    /// The absolute path with every symbolic link resolved; `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// POSIX `read`, under a name that `SpecSource.read` does not shadow.
private func readBytes(_ descriptor: Int32, _ target: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, target, count)
}
