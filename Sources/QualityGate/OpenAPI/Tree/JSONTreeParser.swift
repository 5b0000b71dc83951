/// Parses JSON bytes into a `SpecNode` tree with a line and column on every node.
///
/// Hand-written rather than `JSONSerialization` because findings must point at a line in JSON
/// specs too (oasdiff cannot: oasdiff/oasdiff#1128), and because building Foundation objects
/// first and converting them would double the work on a 4 MB spec.
struct JSONTreeParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The file, by its number only: the parser is a plain value (no reference counting when
    /// the compiler copies it); the name is looked up for an error message.
    private let fileNumber: Int32
    private let limits: SpecLimits
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private var nodeCount = 0

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, limits: SpecLimits) throws(SpecError) -> SpecNode {
        var parser = JSONTreeParser(bytes: bytes, file: file, limits: limits)
        var start = 0
        // UTF-8 byte order mark
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        parser.position = start
        parser.lineStart = start
        parser.skipWhitespace()
        let root = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw parser.error("unexpected content after the end of the document")
        }
        return root
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, file: String, limits: SpecLimits) {
        self.bytes = bytes
        self.fileNumber = SpecFileNames.number(file)
        self.limits = limits
    }

    private var column: Int { position - lineStart + 1 }

    private var file: String { SpecFileNames.name(fileNumber) }

    private func error(_ reason: String) -> SpecError {
        .syntax(file: file, line: line, column: column, format: "JSON", reason: reason)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
            default: return
            }
        }
    }

    private mutating func parseValue() throws(SpecError) -> SpecNode {
        guard position < bytes.count else { throw error("the document ends where a value was expected") }
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            throw .refused(file: file, line: line, column: column, reason: "more than \(limits.maxNodes) values")
        }
        let location = Mark(line: Int32(truncatingIfNeeded: line), column: Int32(truncatingIfNeeded: column))
        switch bytes[position] {
        case UInt8(ascii: "{"):
            return try parseObject(location)
        case UInt8(ascii: "["):
            return try parseArray(location)
        case UInt8(ascii: "\""):
            return node(.string(try parseString()), location)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return node(.bool(true), location)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return node(.bool(false), location)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return node(.null, location)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return node(.number(try parseNumber()), location)
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
        }
    }

    /// Line and column where a value starts.
    private struct Mark {
        var line: Int32
        var column: Int32
    }

    private func node(_ value: SpecNode.Value, _ mark: Mark) -> SpecNode {
        SpecNode(value, file: fileNumber, line: mark.line, column: mark.column)
    }

    private mutating func expectWord(_ word: StaticString) throws(SpecError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("truncated literal") }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[position + offset] != pointer[offset] {
            throw error("invalid literal (expected \(word))")
        }
        position += count
    }

    private mutating func enter() throws(SpecError) {
        depth += 1
        if depth > limits.maxDepth {
            throw .refused(file: file, line: line, column: column, reason: "nesting deeper than \(limits.maxDepth) levels")
        }
    }

    private mutating func parseObject(_ location: Mark) throws(SpecError) -> SpecNode {
        try enter()
        position += 1
        var entries: [SpecObject.Entry] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return node(.object(SpecObject(entries)), location)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("the document ends inside an object") }
            guard bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after member name \"\(key)\"")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            entries.append(SpecObject.Entry(key: key, node: value))
            skipWhitespace()
            guard position < bytes.count else { throw error("the document ends inside an object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                break
            }
            throw error("expected ',' or '}' in an object")
        }
        depth -= 1
        return node(.object(SpecObject(entries)), location)
    }

    private mutating func parseArray(_ location: Mark) throws(SpecError) -> SpecNode {
        try enter()
        position += 1
        var items: [SpecNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return node(.array(items), location)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error("the document ends inside an array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                break
            }
            throw error("expected ',' or ']' in an array")
        }
        depth -= 1
        return node(.array(items), location)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, kept as written.
    private mutating func parseNumber() throws(SpecError) -> String {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("invalid number") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw error("invalid number (leading zero)") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("invalid number (no digit after the decimal point)") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw error("invalid number (no digit in the exponent)") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Skips ASCII digits; returns how many.
    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, bytes[position] &- 48 < 10 { position += 1 }
        return position - start
    }

    private mutating func parseString() throws(SpecError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                if byte == 0x0A { throw error("a string runs past the end of its line") }
                throw error("control character in a string")
            }
            position += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                buffer.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    // surrogate pair
                    if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        if low >= 0xDC00, low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00, scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                buffer.append(contentsOf: Array(String(character).utf8))
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
            }
        }
        throw error("the document ends inside a string")
    }

    private mutating func hex4() throws(SpecError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}
