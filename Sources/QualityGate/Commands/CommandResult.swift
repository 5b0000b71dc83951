import Foundation

/// What a command produced: text for stdout, lines for stderr, and the exit code.
///
/// Commands return this instead of printing, so that the executable only writes it out and
/// tests can call the same code path the binary runs.
public struct CommandResult: Sendable, Hashable {
    public var stdout: String
    public var stderr: [String]
    public var exitCode: Int32

    public init(stdout: String = "", stderr: [String] = [], exitCode: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    /// Exit codes, documented in `qgate --help`.
    public enum Code {
        public static let pass: Int32 = 0
        public static let gateFailed: Int32 = 1
        public static let usage: Int32 = 2
        public static let inputError: Int32 = 3
        /// The gate passed but `--record` could not write the run to the history store.
        public static let historyError: Int32 = 4
    }
}

/// Writes command output to a file atomically (temporary name, then rename), so that a
/// killed run never leaves half a verdict behind.
enum OutputFile {
    static func write(_ text: String, to path: String) throws(ConfigError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw .unreadable(file: path, reason: "cannot write the output: \(error.localizedDescription)")
        }
    }

    /// Streams bytes from `produce` into a temporary file beside `path`, then renames it
    /// into place: big outputs (a 200 MB spec diff) never sit in memory whole.
    static func write(to path: String, _ produce: (@escaping ([UInt8]) -> Void) -> Void) throws(ConfigError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            let handle = try FileHandle(forWritingTo: temporary)
            let failure = WriteFailure()
            produce { bytes in
                guard failure.error == nil else { return }
                do { try handle.write(contentsOf: bytes) } catch { failure.error = error }
            }
            try handle.close()
            if let error = failure.error { throw error }
            _ = try? FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unreadable(file: path, reason: "cannot write the output: \(error.localizedDescription)")
        }
    }

    /// The first write error of a streamed output (later chunks are dropped).
    private final class WriteFailure {
        var error: (any Error)?
    }
}
