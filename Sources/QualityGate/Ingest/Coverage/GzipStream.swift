import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Inflates a gzip file chunk by chunk (`lcov.info.gz`, `.gcov.json.gz`).
///
/// A thin wrapper over zlib's `inflate` with `16 + MAX_WBITS` (gzip header and CRC checked).
/// Concatenated gzip members (`cat a.gz b.gz`) are read one after the other, as `gunzip`
/// does. Memory is the two fixed buffers, whatever the file size.
final class GzipStream {
    private let path: String
    private let file: UnsafeMutablePointer<FILE>
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var inputEnded = false
    private var finished = false
    /// True between a member's end and the next member's first byte.
    private var betweenMembers = false

    /// Takes over an open file positioned at its first byte; the caller keeps ownership of `file`.
    init(file: UnsafeMutablePointer<FILE>, path: String, chunkSize: Int = 64 * 1024) throws(InputError) {
        self.path = path
        self.file = file
        inputCapacity = chunkSize
        input = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw .unreadable(file: path, reason: "zlib could not start inflating (status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Fills `buffer` with up to `capacity` inflated bytes; 0 means the end of the data.
    ///
    /// - Throws: `.truncated` when the compressed data stops mid-member, `.invalid` when it is
    ///   not gzip or is corrupt, `.unreadable` on a read error.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(InputError) -> Int {
        guard !finished, capacity > 0 else { return 0 }
        stream.pointee.next_out = buffer
        stream.pointee.avail_out = UInt32(capacity)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let count = fread(input, 1, inputCapacity, file)
                if count == 0 {
                    if ferror(file) != 0 {
                        throw .unreadable(file: path, reason: String(cString: strerror(errno)))
                    }
                    inputEnded = true
                } else {
                    stream.pointee.next_in = input
                    stream.pointee.avail_in = UInt32(count)
                }
            }
            if stream.pointee.avail_in == 0 && inputEnded {
                if betweenMembers {
                    finished = true
                    break
                }
                throw .truncated(file: path, line: 0, column: 0, insideElement: nil)
            }
            if betweenMembers {
                // Trailing zero padding after the last member is tolerated, as gunzip does.
                if stream.pointee.next_in.pointee == 0 {
                    stream.pointee.next_in += 1
                    stream.pointee.avail_in -= 1
                    continue
                }
                inflateReset(stream)
                betweenMembers = false
            }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                betweenMembers = true
            case Z_BUF_ERROR:
                // No progress possible with the bytes at hand: need more input (looped above).
                if inputEnded && stream.pointee.avail_in == 0 {
                    throw .truncated(file: path, line: 0, column: 0, insideElement: nil)
                }
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw .invalid(file: path, line: 0, column: 0, format: "gzip", reason: reason)
            }
        }
        return capacity - Int(stream.pointee.avail_out)
    }
}
