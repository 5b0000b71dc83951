#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines of one byte range of an uncompressed file, for reading a large file in parallel parts.
///
/// A line belongs to the range it starts in: a range that does not start at 0 skips to just after
/// the first newline at or after `start - 1`, and a line that starts before `end` is read to its
/// newline even past `end`. Lines are trimmed like `LineStream` (trailing CR, spaces, tabs) and
/// numbered from 1 within the range; the caller offsets them.
enum ByteRangeLines {
    static let chunkSize = 1 << 20

    /// Calls `body` for each line starting in `start..<end`; returns how many lines it saw.
    @discardableResult
    static func forEach(
        path: String, from start: Int, to end: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) throws(InputError) -> Int {
        let file = try InputFile.open(path)
        defer { fclose(file) }
        let descriptor = fileno(file)
        var capacity = chunkSize * 2
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var offset = start > 0 ? start - 1 : 0     // file offset of buffer[0] + filled
        var filled = 0
        var lineStart = 0                          // index in buffer
        var bufferBase = offset                    // file offset of buffer[0]
        var skipping = start > 0
        var lines = 0
        var ended = false
        while !ended {
            if capacity - filled < chunkSize {
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                grown.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = grown
                capacity *= 2
            }
            let count = pread(descriptor, buffer + filled, chunkSize, off_t(offset))
            if count < 0 { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
            if count == 0 { ended = true }
            offset += count
            var searchFrom = filled
            filled += count
            while searchFrom < filled, let found = memchr(buffer + searchFrom, 0x0A, filled - searchFrom) {
                let newline = UnsafeMutableRawPointer(found).assumingMemoryBound(to: UInt8.self) - buffer
                if skipping {
                    skipping = false
                } else {
                    if bufferBase + lineStart >= end { return lines }
                    lines += 1
                    body(trimmed(buffer, lineStart, newline), lines)
                }
                lineStart = newline + 1
                searchFrom = lineStart
            }
            if ended {
                if !skipping, lineStart < filled, bufferBase + lineStart < end {
                    lines += 1
                    body(trimmed(buffer, lineStart, filled), lines)
                }
                break
            }
            let pending = filled - lineStart
            if lineStart > 0 && pending > 0 { memmove(buffer, buffer + lineStart, pending) }
            bufferBase += lineStart
            filled = pending
            lineStart = 0
        }
        return lines
    }

    private static func trimmed(_ buffer: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        var end = end
        while end > start, buffer[end - 1] == 0x0D || buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(start: buffer + start, count: end - start)
    }
}
