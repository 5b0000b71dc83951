import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The history store's advisory lock: `flock(2)` on a `.lock` file that is never replaced.
///
/// Held only for the short critical sections that touch shared files (appending an index line,
/// rewriting the index, pruning); writing a record needs no lock, because each record is a new
/// file with a unique name. The lock file itself is never renamed or deleted, so every process
/// locks the same inode (locking `index.jsonl` would not work: `reindex` replaces it). The
/// kernel drops the lock when the process dies, so a killed writer never leaves it stuck.
struct StoreLock {
    let path: String

    /// Runs `body` holding the lock exclusively.
    func withLock<T>(_ body: () throws(HistoryError) -> T) throws(HistoryError) -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .lock(path: path, reason: DurableFile.errnoText()) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .lock(path: path, reason: DurableFile.errnoText()) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
