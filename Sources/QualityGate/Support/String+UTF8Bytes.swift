extension String {
    /// Calls `body` with the string's UTF-8 bytes: in place for a native string (contiguous
    /// storage), through a copy otherwise. `withUTF8` needs a mutable string, and the copy
    /// that makes costs a retain and a release, on strings that hot loops on several threads
    /// share (a spec's texts while hashing, a report's while writing JSON).
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
