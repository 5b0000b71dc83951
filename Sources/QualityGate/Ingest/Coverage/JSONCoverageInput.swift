import Foundation

/// Loading and decoding shared by the JSON coverage readers, with Foundation's errors turned
/// into positioned `InputError`s.
///
/// The file is memory-mapped (`.alwaysMapped`) and size-capped before decoding. Syntax errors
/// become `.truncated` (the document ends inside an object, array or string: a writer killed
/// mid-file) or `.malformed`, with a line and column when one can be worked out; a well-formed
/// document of the wrong shape becomes `.invalid` naming the missing or mistyped key.
enum JSONCoverageInput {
    /// The file's bytes, without a UTF-8 byte order mark.
    static func load(path: String, limits: JSONCoverageLimits) throws(InputError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        if isDirectory.boolValue {
            throw .unreadable(file: path, reason: "it is a directory")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
            size.int64Value > Int64(limits.maxBytes)
        {
            throw .refused(
                file: path, line: 0, column: 0,
                reason: "the file is \(size.int64Value) bytes, over the \(limits.maxBytes)-byte limit for JSON coverage reports")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        if data.count > limits.maxBytes {
            throw .refused(
                file: path, line: 0, column: 0,
                reason: "the file is \(data.count) bytes, over the \(limits.maxBytes)-byte limit for JSON coverage reports")
        }
        var start = data.startIndex
        if data.count >= 3, data[start] == 0xEF, data[start + 1] == 0xBB, data[start + 2] == 0xBF {
            start += 3
        }
        guard data[start...].contains(where: { !isWhitespace($0) }) else {
            throw .empty(file: path)
        }
        return start == data.startIndex ? data : data[start...]
    }

    /// Decodes `T`, mapping every failure to the `InputError` a user can act on.
    static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, file: String, format: String
    ) throws(InputError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw map(error, data: data, file: file, format: format)
        } catch {
            throw syntaxError(in: data, file: file, fallback: String(describing: error))
        }
    }

    static func map(_ error: DecodingError, data: Data, file: String, format: String) -> InputError {
        switch error {
        case .keyNotFound(let key, let context):
            let place = context.codingPath.isEmpty ? "at the top level" : "in \(describe(context.codingPath))"
            return .invalid(
                file: file, line: 0, column: 0, format: format,
                reason: "missing key '\(key.stringValue)' \(place)")
        case .typeMismatch(let type, let context):
            return .invalid(
                file: file, line: 0, column: 0, format: format,
                reason: "expected \(describe(type)) at \(describe(context.codingPath))")
        case .valueNotFound(let type, let context):
            return .invalid(
                file: file, line: 0, column: 0, format: format,
                reason: "null where \(describe(type)) is required at \(describe(context.codingPath))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return syntaxError(in: data, file: file, fallback: context.debugDescription)
            }
            return .invalid(
                file: file, line: 0, column: 0, format: format,
                reason: "\(context.debugDescription) at \(describe(context.codingPath))")
        @unknown default:
            return .invalid(file: file, line: 0, column: 0, format: format, reason: String(describing: error))
        }
    }

    /// `.truncated` when the document ends inside a string, object or array, else `.malformed`
    /// with the position Foundation's `JSONSerialization` reports (`around character N`).
    static func syntaxError(in data: Data, file: String, fallback: String) -> InputError {
        var depth = 0
        var inString = false
        var escaped = false
        var stack: [UInt8] = []
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if stack.count < 64 { stack.append(byte) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if !stack.isEmpty, stack.count > depth { stack.removeLast() }
            default: break
            }
            if depth < 0 { break }
        }
        if depth > 0 || inString {
            let (line, column) = position(of: data.count, in: data)
            let inside = inString ? "string" : (stack.last == UInt8(ascii: "[") ? "array" : "object")
            return .truncated(file: file, line: line, column: column, insideElement: "JSON \(inside)")
        }
        var reason = fallback
        var line = 0
        var column = 0
        // Only small files are re-parsed for the position: the Foundation object graph costs
        // tens of times the file size.
        if data.count <= 64 << 20 {
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                let description =
                    ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? String(describing: error)
                reason = description
                if let offset = characterOffset(in: description) {
                    (line, column) = position(of: offset, in: data)
                }
            }
        }
        return .malformed(file: file, line: line, column: column, reason: "not valid JSON: \(reason)")
    }

    /// The `N` of Foundation's "around character N".
    static func characterOffset(in message: String) -> Int? {
        guard let range = message.range(of: "character ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// 1-based line and column of a byte offset.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = data.startIndex
        let end = data.index(data.startIndex, offsetBy: min(max(offset, 0), data.count))
        while index < end {
            if data[index] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    static func describe(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the top level" }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is UInt64.Type, is Int64.Type, is Double.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    // MARK: Detection

    /// The head without BOM and leading whitespace, when it starts a JSON object.
    static func objectHead(_ head: String) -> Substring? {
        let trimmed = head.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        return trimmed.first == "{" ? trimmed : nil
    }

    /// Whether `head` contains `"key"` followed (after optional whitespace) by a colon.
    static func hasKey(_ head: Substring, _ key: String) -> Bool {
        var searchRange = head.startIndex..<head.endIndex
        let quoted = "\"\(key)\""
        while let found = head.range(of: quoted, range: searchRange) {
            let rest = head[found.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
            if rest.first == ":" { return true }
            searchRange = found.upperBound..<head.endIndex
        }
        return false
    }
}
