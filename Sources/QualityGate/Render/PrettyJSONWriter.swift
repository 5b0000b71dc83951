import Dispatch
import Foundation

/// Writes pretty-printed JSON byte for byte as Foundation's `JSONEncoder` does with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, but straight into a buffer that
/// is handed to `sink` in chunks.
///
/// Why: a diff of two big specs (Stripe: 200,000+ changes) took a third of its run time and
/// most of its memory inside `JSONEncoder`, which builds the whole document as a tree of
/// boxed values before writing a byte. Callers emit members in sorted key order themselves;
/// the output stays identical, so goldens and schemas do not move.
struct PrettyJSONWriter {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) -> Void
    private let chunkSize: Int
    /// Per open container: whether it already holds a member (the next one needs a comma).
    private var hasMembers: [Bool] = []

    init(chunkSize: Int = 1 << 20, sink: @escaping ([UInt8]) -> Void) {
        self.sink = sink
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// A writer that keeps everything in `buffer` (no sink), inside containers whose
    /// "has a member already" flags are `hasMembers`: one chunk of `elements`.
    private init(collectingInside hasMembers: [Bool]) {
        self.sink = { _ in }
        self.chunkSize = Int.max
        self.hasMembers = hasMembers
    }

    /// Writes `count` elements of the open array, `element(&writer, index)` writing element
    /// `index`, with the same bytes as writing them one after the other here.
    ///
    /// The elements are formatted in chunks on up to `lanes` threads, and each chunk goes to
    /// the sink as soon as the ones before it have (from the thread that formatted it), so
    /// that writing overlaps formatting: a big report (Stripe: 200,000+ changes, 240 MB)
    /// spent a quarter of its run time formatting on one core. At most `lanes` chunks are
    /// held at once; the sink is called by one thread at a time, in order.
    mutating func elements(
        count: Int, chunk: Int = 1024, lanes: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ element: @escaping @Sendable (inout PrettyJSONWriter, Int) -> Void
    ) {
        guard count > 0 else { return }
        if !buffer.isEmpty {
            sink(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        let outer = hasMembers
        let relay = ChunkRelay(chunks: (count + chunk - 1) / chunk, sink: sink)
        DispatchQueue.concurrentPerform(iterations: max(1, min(lanes, 4))) { _ in
            while let number = relay.claim() {
                var inside = outer
                inside[inside.count - 1] = inside[inside.count - 1] || number > 0
                var writer = PrettyJSONWriter(collectingInside: inside)
                for index in number * chunk..<min(count, (number + 1) * chunk) { element(&writer, index) }
                relay.deliver(number, writer.buffer)
            }
        }
        hasMembers[hasMembers.count - 1] = true
    }

    /// How many containers are open: the indentation level of the next member or element.
    var depth: Int { hasMembers.count }

    /// An element of the open array that the caller lays out itself, for a record written
    /// hundreds of thousands of times (a diff's changes): `write` gets the buffer after the
    /// element's separator and indentation and must append exactly the bytes the member
    /// calls would (see `appendQuoted(_:to:)`).
    mutating func rawElement(_ write: (inout [UInt8]) -> Void) {
        beginValue()
        write(&buffer)
    }

    // MARK: Containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts the member `name` of the enclosing object; the value must follow.
    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        buffer.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
        pendingValueAfterKey = true
    }

    // MARK: Scalars

    mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
    }

    mutating func int(_ value: Int) {
        beginValue()
        buffer.append(contentsOf: String(value).utf8)
    }

    mutating func null() {
        beginValue()
        buffer.append(contentsOf: "null".utf8)
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        buffer.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// As `JSONEncoder` writes a `Double`: its shortest description without a trailing `.0`;
    /// non-finite values as the strings `inf`, `-inf` and `nan` (`JSONRenderer`'s strategy).
    mutating func double(_ value: Double) {
        guard value.isFinite else { return string(value.isNaN ? "nan" : value > 0 ? "inf" : "-inf") }
        beginValue()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        buffer.append(contentsOf: text.utf8)
    }

    /// `key` then `string`, skipped when `value` is nil (as `encodeIfPresent`).
    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    /// Writes what is buffered and a final newline; the writer must not be used after.
    mutating func finish() {
        buffer.append(UInt8(ascii: "\n"))
        sink(buffer)
        buffer.removeAll()
    }

    // MARK: Layout

    private var pendingValueAfterKey = false

    private mutating func beginValue() {
        if pendingValueAfterKey {
            pendingValueAfterKey = false
        } else {
            separate()
        }
    }

    /// Comma and newline before an array element or object member, then indentation.
    private mutating func separate() {
        guard !hasMembers.isEmpty else { return }
        if hasMembers[hasMembers.count - 1] { buffer.append(UInt8(ascii: ",")) }
        hasMembers[hasMembers.count - 1] = true
        buffer.append(UInt8(ascii: "\n"))
        indent(hasMembers.count)
        flushIfFull()
    }

    private mutating func open(_ bracket: UInt8) {
        beginValue()
        buffer.append(bracket)
        hasMembers.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = !hasMembers.removeLast()
        // Foundation writes an empty container as an opening line, an empty line and the
        // indented closing bracket.
        if wasEmpty { buffer.append(UInt8(ascii: "\n")) }
        buffer.append(UInt8(ascii: "\n"))
        indent(hasMembers.count)
        buffer.append(bracket)
    }

    private mutating func indent(_ depth: Int) {
        for _ in 0..<depth { buffer.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: " ")]) }
    }

    private mutating func flushIfFull() {
        guard buffer.count >= chunkSize else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether `bytes` hold a quote, a backslash or a control character, 8 bytes at a time
    /// (word tricks: a byte below 0x20, or equal to 0x22/0x5C after an XOR makes it zero):
    /// nearly no text needs escaping, and the byte-by-byte scan was a tenth of a big report.
    private static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (word &- ones &* 0x20) & ~word & highs != 0 || hasZeroByte(word ^ (ones &* 0x22))
                || hasZeroByte(word ^ (ones &* 0x5C))
            {
                return true
            }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            index += 1
        }
        return false
    }

    private mutating func appendQuoted(_ text: String) {
        Self.appendQuoted(text, to: &buffer)
    }

    /// `text` as a JSON string, escaped as `JSONEncoder` does (slashes not escaped).
    static func appendQuoted(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        text.withUTF8Bytes { appendEscaped($0, to: &buffer) }
        buffer.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        guard Self.needsEscaping(bytes) else {
            buffer.append(contentsOf: bytes)
            return
        }
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            start = index + 1
            buffer.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
            case 0x08: buffer.append(UInt8(ascii: "b"))
            case 0x0C: buffer.append(UInt8(ascii: "f"))
            case 0x0A: buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(UInt8(ascii: "t"))
            default:
                buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
            }
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
}

/// The chunks of `PrettyJSONWriter.elements`: claimed in increasing order by the formatting
/// threads, and passed to the sink strictly in that order (a thread waits for its turn). The
/// owner of the lowest unwritten chunk never waits, so the threads always make progress.
private final class ChunkRelay: @unchecked Sendable {
    private let chunks: Int
    private let sink: ([UInt8]) -> Void
    private let claims = NSLock()
    private var nextClaim = 0
    private let turn = NSCondition()
    private var nextWrite = 0

    init(chunks: Int, sink: @escaping ([UInt8]) -> Void) {
        self.chunks = chunks
        self.sink = sink
    }

    func claim() -> Int? {
        claims.lock()
        defer { claims.unlock() }
        guard nextClaim < chunks else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    func deliver(_ number: Int, _ bytes: [UInt8]) {
        turn.lock()
        while nextWrite != number { turn.wait() }
        turn.unlock()
        sink(bytes)
        turn.lock()
        nextWrite += 1
        turn.broadcast()
        turn.unlock()
    }
}
