import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Crash-safe file writes for the history store: a temporary file in the same folder, written
/// and `fsync`ed, renamed over the final name, then the folder `fsync`ed.
///
/// `rename(2)` within one file system is atomic, so a reader sees the old file or the whole
/// new one, never a part; syncing the file before the rename and the folder after it makes the
/// new name survive a power cut, not only a killed process. Temporary names start with `.tmp-`
/// so that readers never take them for records.
enum DurableFile {
    /// Prefix of temporary files; anything starting with `.` is ignored by readers.
    static let temporaryPrefix = ".tmp-"

    /// Test hook: when this variable names a file, a writer creates that file after its
    /// temporary file is synced and then waits (up to 60 s) before the rename, so that a test
    /// can kill it at the worst moment. Never set it outside tests.
    static let pauseVariable = "QGATE_TEST_HISTORY_PAUSE_BEFORE_RENAME"

    /// Writes `data` to `path` atomically and durably.
    static func write(_ data: Data, to path: String) throws(HistoryError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = folder + "/" + temporaryPrefix + name + "-" + randomHex(8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .write(path: temporary, reason: errnoText()) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do throws(HistoryError) {
            try writeAll(descriptor, data, path: temporary)
            guard fsync(descriptor) == 0 else { throw .write(path: temporary, reason: "fsync: " + errnoText()) }
            closed = true
            guard close(descriptor) == 0 else { throw .write(path: temporary, reason: "close: " + errnoText()) }
            pauseForTests()
            guard rename(temporary, path) == 0 else { throw .write(path: path, reason: "rename: " + errnoText()) }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncFolder(folder)
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    static func writeAll(_ descriptor: Int32, _ data: Data, path: String) throws(HistoryError) {
        var failure: String?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard var pointer = raw.baseAddress else { return }
            var remaining = raw.count
            while remaining > 0 {
                let written = systemWrite(descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                pointer += written
                remaining -= written
            }
        }
        if let failure { throw .write(path: path, reason: failure) }
    }

    /// Makes a folder's entries (a rename, a new file, a removal) durable.
    static func syncFolder(_ folder: String) throws(HistoryError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .write(path: folder, reason: "open folder: " + errnoText()) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .write(path: folder, reason: "fsync folder: " + errnoText()) }
    }

    /// Creates `folder` and its missing parents, syncing each parent that gained an entry.
    static func makeFolder(_ folder: String) throws(HistoryError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .folder(path: folder, reason: "a file of that name exists") }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != folder { try makeFolder(parent) }
        if mkdir(folder, 0o755) != 0, errno != EEXIST {
            throw .folder(path: folder, reason: errnoText())
        }
        if !parent.isEmpty, parent != folder { try? syncFolder(parent) }
    }

    static func pauseForTests() {
        guard let marker = ProcessInfo.processInfo.environment[pauseVariable], !marker.isEmpty else { return }
        _ = FileManager.default.createFile(atPath: marker, contents: Data("\(getpid())\n".utf8))
        for _ in 0..<600 { usleep(100_000) }
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return text
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
