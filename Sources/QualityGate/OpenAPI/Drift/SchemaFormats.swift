import Foundation

/// The `format` values API schemas rely on, checked by hand (no regular expressions, so a
/// million-item body costs no regex compilation or matching).
///
/// Unknown formats pass, as JSON Schema says (format is an annotation unless a validator
/// knows it). `int32`/`int64` are range checks on integers; the string formats follow
/// RFC 3339 (`date-time`, `date`, `time`), RFC 4122 (`uuid`), a basic RFC 3986 shape (`uri`:
/// a scheme, a colon, no white space) and a basic address shape (`email`: one `@`, both
/// sides non-empty, no white space).
enum SchemaFormats {
    /// The formats checked; others are annotations.
    static let known: Set<String> = [
        "date-time", "date", "time", "email", "uuid", "uri", "uri-reference", "ipv4", "ipv6", "hostname",
        "int32", "int64",
    ]

    /// `nil` when `text` satisfies `format` (or the format is unknown), else what is wrong.
    static func check(string text: String, format: String) -> String? {
        let ok: Bool
        switch format {
        case "date-time": ok = isDateTime(Array(text.utf8))
        case "date": ok = isDate(Array(text.utf8)[...])
        case "time": ok = isTime(Array(text.utf8)[...])
        case "email": ok = isEmail(text)
        case "uuid": ok = isUUID(Array(text.utf8))
        case "uri": ok = isURI(text)
        case "uri-reference": ok = !hasWhitespace(text)
        case "ipv4": ok = isIPv4(text)
        case "ipv6": ok = text.contains(":") && isIPv6(text)
        case "hostname": ok = isHostname(text)
        default: return nil
        }
        return ok ? nil : "\"\(SchemaValidator.clip(text))\" is not a valid \(format)"
    }

    static let int32Range = (ExactNumber(Int(Int32.min)), ExactNumber(Int(Int32.max)))
    static let int64Range = (ExactNumber(Int.min), ExactNumber(Int.max))

    /// Range check for `int32`/`int64` on integer values.
    static func check(number: ExactNumber, format: String) -> String? {
        let range: (ExactNumber, ExactNumber)
        switch format {
        case "int32": range = int32Range
        case "int64": range = int64Range
        default: return nil
        }
        guard number < range.0 || number > range.1 else { return nil }
        return "\(number) is out of the \(format) range"
    }

    // MARK: RFC 3339

    private static func digits(_ bytes: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.endIndex else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        let s = bytes.startIndex
        guard bytes.count == 10, bytes[s + 4] == 0x2D, bytes[s + 7] == 0x2D,
            let year = digits(bytes, s, 4), let month = digits(bytes, s + 5, 2), let day = digits(bytes, s + 8, 2),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`
    static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        let s = bytes.startIndex
        guard bytes.count >= 9, bytes[s + 2] == 0x3A, bytes[s + 5] == 0x3A,
            let hour = digits(bytes, s, 2), let minute = digits(bytes, s + 3, 2), let second = digits(bytes, s + 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        var index = s + 8
        if bytes[index] == 0x2E {
            index += 1
            let fractionStart = index
            while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > fractionStart, index < bytes.endIndex else { return false }
        }
        let zone = bytes[index...]
        if zone.count == 1 { return zone.first == 0x5A || zone.first == 0x7A }  // Z z
        let z = zone.startIndex
        guard zone.count == 6, zone[z] == 0x2B || zone[z] == 0x2D, zone[z + 3] == 0x3A,
            let zoneHour = digits(zone, z + 1, 2), let zoneMinute = digits(zone, z + 4, 2)
        else { return false }
        return zoneHour <= 23 && zoneMinute <= 59
    }

    static func isDateTime(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 20 else { return false }
        let separator = bytes[10]
        guard separator == 0x54 || separator == 0x74 || separator == 0x20 else { return false }  // T t space
        return isDate(bytes[0..<10]) && isTime(bytes[11...])
    }

    // MARK: Others

    static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == 0x2D else { return false }
            } else {
                let isHex = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
                guard isHex else { return false }
            }
        }
        return true
    }

    /// White space by Unicode scalar (cheaper than `Character.isWhitespace` on long strings).
    static func hasWhitespace(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.value < 0x80 ? scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) : scalar.properties.isWhitespace
        }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2, let domain = parts.last, !parts[0].isEmpty, !domain.isEmpty else { return false }
        return !hasWhitespace(text) && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
    }

    static func isURI(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
        guard isLetter(bytes[bytes.startIndex]) else { return false }
        for byte in bytes[..<colon] where !(isLetter(byte) || (byte >= 48 && byte <= 57) || byte == 43 || byte == 45 || byte == 46) {
            return false
        }
        return !hasWhitespace(text)
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(part), value <= 255
            else { return false }
            return part.count == 1 || part.first != "0"
        }
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard !label.isEmpty, label.count <= 63, label.first != "-", label.last != "-" else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
