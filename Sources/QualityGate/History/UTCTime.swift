import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// UTC timestamps as the history store writes them: millisecond ISO 8601 with `Z`.
///
/// Formatted and parsed by hand (gmtime/timegm), so the text is the same on every platform and
/// locale, sorts as it reads, and round-trips exactly at millisecond precision.
public struct UTCTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(_ date: Date) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func now() -> UTCTime { UTCTime(Date()) }

    public var seconds: Double { Double(milliseconds) / 1000 }
    public var date: Date { Date(timeIntervalSince1970: seconds) }

    public static func < (lhs: UTCTime, rhs: UTCTime) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Whole seconds and the millisecond remainder, flooring for times before 1970.
    private var parts: (seconds: Int64, millis: Int) {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        return (seconds, Int(milliseconds - seconds * 1000))
    }

    private var fields: tm {
        var time = time_t(parts.seconds)
        var result = tm()
        gmtime_r(&time, &result)
        return result
    }

    private static func pad(_ value: Int32, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `2026-11-22T01:07:12.123Z`.
    public var description: String {
        let t = fields
        return "\(Self.pad(t.tm_year + 1900, 4))-\(Self.pad(t.tm_mon + 1, 2))-\(Self.pad(t.tm_mday, 2))T"
            + "\(Self.pad(t.tm_hour, 2)):\(Self.pad(t.tm_min, 2)):\(Self.pad(t.tm_sec, 2)).\(Self.pad(Int32(parts.millis), 3))Z"
    }

    /// `20261122T010712.123Z`: the same instant without separators, for file names.
    public var compact: String {
        let t = fields
        return "\(Self.pad(t.tm_year + 1900, 4))\(Self.pad(t.tm_mon + 1, 2))\(Self.pad(t.tm_mday, 2))T"
            + "\(Self.pad(t.tm_hour, 2))\(Self.pad(t.tm_min, 2))\(Self.pad(t.tm_sec, 2)).\(Self.pad(Int32(parts.millis), 3))Z"
    }

    /// `2026-11-22`: the UTC day.
    public var day: String { String(description.prefix(10)) }

    /// `2026-11`: the UTC month.
    public var month: String { String(description.prefix(7)) }

    /// Midnight UTC of this instant's day.
    public var startOfDay: UTCTime {
        let dayMillis: Int64 = 86_400_000
        let floored = milliseconds >= 0 ? milliseconds / dayMillis : (milliseconds - dayMillis + 1) / dayMillis
        return UTCTime(milliseconds: floored * dayMillis)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM`; nil otherwise.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let digit = Int(bytes[index]) - 0x30
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip(0x2D), let month = number(2), skip(0x2D), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var millis = 0
        var offsetMinutes = 0
        if index < bytes.count {
            guard skip(0x54) || skip(0x74) || skip(0x20), let h = number(2), skip(0x3A), let m = number(2) else { return nil }
            hour = h
            minute = m
            if skip(0x3A) {
                guard let s = number(2) else { return nil }
                second = s
                if skip(0x2E) {
                    var scale = 100
                    var digits = 0
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                        millis += Int(bytes[index] - 0x30) * scale
                        scale /= 10
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if skip(0x5A) || skip(0x7A) {
                offsetMinutes = 0
            } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let oh = number(2), skip(0x3A), let om = number(2) else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        let seconds = Int64(timegm(&fields)) - Int64(offsetMinutes * 60)
        self.init(milliseconds: seconds * 1000 + Int64(millis))
    }
}

extension UTCTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = UTCTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a UTC timestamp")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
