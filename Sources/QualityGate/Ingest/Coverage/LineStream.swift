#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a text report line by line in fixed-size chunks, gunzipping transparently.
///
/// Lines are found with `memchr` and handed out as `ByteLine`s pointing into the chunk
/// buffer, so memory stays at one chunk plus the longest line, whatever the file size. A
/// leading UTF-8 BOM is dropped, CRLF and trailing blanks are trimmed. Gzip is recognised by
/// its magic bytes (`1f 8b`), so `lcov.info.gz` and a gzip file without the suffix both work.
struct LineStream {
    /// What the stream saw, for the reader's empty/format checks.
    struct Summary {
        var lines = 0
        /// Bytes after decompression.
        var bytes = 0
        /// True when any byte other than ASCII whitespace (and a BOM) was seen.
        var sawContent = false
        var gzip = false
        /// True when the last line had no newline.
        var unterminatedLastLine = false
    }

    let path: String
    let format: String
    var chunkSize = 256 * 1024
    /// A longer line is refused: no coverage format needs one, and it caps memory on junk.
    var maxLineBytes = 16 * 1024 * 1024

    init(path: String, format: String) {
        self.path = path
        self.format = format
    }

    /// Calls `body` for each line, in order. Blank lines are passed too (with their numbers).
    @discardableResult
    func forEachLine(_ body: (ByteLine) throws(InputError) -> Void) throws(InputError) -> Summary {
        let file = try InputFile.open(path)
        defer { fclose(file) }

        var summary = Summary()
        // Sniff the gzip magic, then rewind (reports are regular files).
        let first = getc(file)
        let second = first == EOF ? EOF : getc(file)
        rewind(file)
        var gzip: GzipStream?
        if first == 0x1F && second == 0x8B {
            gzip = try GzipStream(file: file, path: path)
            summary.gzip = true
        }

        var capacity = chunkSize * 2
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        var lineNumber = 0
        var ended = false

        func emit(_ start: Int, _ end: Int) throws(InputError) {
            lineNumber += 1
            var start = start
            if lineNumber == 1, end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB,
                buffer[start + 2] == 0xBF
            {
                start += 3
            }
            let line = Self.line(buffer, start, end, lineNumber)
            if !line.isEmpty { summary.sawContent = true }
            try body(line)
        }

        while !ended {
            if capacity - filled < chunkSize {
                // The pending partial line is longer than one chunk: grow, within the cap.
                guard capacity < maxLineBytes + chunkSize else {
                    throw .invalid(
                        file: path, line: lineNumber + 1, column: 0, format: format,
                        reason: "line \(lineNumber + 1) is longer than \(maxLineBytes / (1024 * 1024)) MB")
                }
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                grown.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = grown
                capacity *= 2
            }
            let count: Int
            if let gzip {
                count = try gzip.read(into: buffer + filled, capacity: min(chunkSize, capacity - filled))
            } else {
                count = fread(buffer + filled, 1, min(chunkSize, capacity - filled), file)
                if count == 0, ferror(file) != 0 {
                    throw .unreadable(file: path, reason: String(cString: strerror(errno)))
                }
            }
            if count == 0 { ended = true }
            summary.bytes += count
            var searchFrom = filled
            filled += count
            var lineStart = 0
            while searchFrom < filled, let found = memchr(buffer + searchFrom, 0x0A, filled - searchFrom) {
                let newline = UnsafeMutableRawPointer(found).assumingMemoryBound(to: UInt8.self) - buffer
                try emit(lineStart, newline)
                lineStart = newline + 1
                searchFrom = lineStart
            }
            if ended {
                if lineStart < filled {
                    summary.unterminatedLastLine = true
                    try emit(lineStart, filled)
                }
                break
            }
            // Keep the partial line for the next chunk.
            let pending = filled - lineStart
            if lineStart > 0 && pending > 0 {
                memmove(buffer, buffer + lineStart, pending)
            }
            filled = pending
        }
        summary.lines = lineNumber
        return summary
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func line(_ buffer: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int, _ number: Int) -> ByteLine {
        var end = end
        while end > start, isBlank(buffer[end - 1]) { end -= 1 }
        return ByteLine(bytes: UnsafeBufferPointer(start: buffer + start, count: end - start), number: number)
    }
}
