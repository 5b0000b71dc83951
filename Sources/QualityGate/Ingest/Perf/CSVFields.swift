import Foundation

/// Splits one CSV record (raw bytes) into field ranges without building Strings.
///
/// RFC 4180 quoting: a field that starts with `"` runs to the closing quote, `""` is a quote
/// inside it. `maxFields` stops the scan early, so a reader that needs the first 8 of 17 JTL
/// columns never looks at the rest of the row.
struct CSVFields {
    var ranges: [Range<Int>] = []
    /// True when the record ended inside a quoted field (a newline inside quotes: the caller
    /// joins the next line and splits again).
    var openQuote = false
    /// True when any field was quoted (its range includes the quotes).
    var sawQuote = false

    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, maxFields: Int = .max) {
        ranges.removeAll(keepingCapacity: true)
        openQuote = false
        sawQuote = false
        let count = bytes.count
        var start = 0
        while ranges.count < maxFields {
            if start < count, bytes[start] == 0x22 {
                sawQuote = true
                var index = start + 1
                var closed = false
                while index < count {
                    if bytes[index] == 0x22 {
                        if index + 1 < count, bytes[index + 1] == 0x22 {
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    index += 1
                }
                if !closed {
                    openQuote = true
                    ranges.append(start..<count)
                    return
                }
                while index < count, bytes[index] != separator { index += 1 }
                ranges.append(start..<index)
                if index >= count { return }
                start = index + 1
            } else {
                var index = start
                while index < count, bytes[index] != separator { index += 1 }
                ranges.append(start..<index)
                if index >= count { return }
                start = index + 1
            }
        }
    }

    /// The field's text, unquoted.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard raw.hasPrefix("\""), raw.count >= 2 else { return raw.trimmingBlanks }
        var inner = raw.dropFirst()
        if let close = inner.lastIndex(of: "\"") { inner = inner[..<close] }
        return inner.replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// A decimal number (integer fast path, else strtod); nil when the field is not a number.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.count <= 40 else { return nil }
        var value = 0
        var allDigits = range.count <= 18
        if allDigits {
            for index in range {
                let digit = bytes[index] &- 0x30
                if digit >= 10 {
                    allDigits = false
                    break
                }
                value = value &* 10 &+ Int(digit)
            }
        }
        if allDigits { return Double(value) }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).trimmingBlanks
        if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        guard let parsed = Double(text), parsed.isFinite else { return nil }
        return parsed
    }

    /// An integer status code; nil when not a number (JMeter writes "Non HTTP response code: …").
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 9 else { return nil }
        var value = 0
        for index in range {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
