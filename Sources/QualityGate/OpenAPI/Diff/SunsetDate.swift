/// A calendar date from an `x-sunset` extension: `2025-12-31` or an RFC 3339 timestamp
/// (`2025-12-31T00:00:00Z`, whose own calendar date counts), as oasdiff accepts them.
///
/// Dates are compared as day numbers, never through `Date`/time zones, so "today" from
/// `DiffOptions.today` and the sunset date mean the same calendar day everywhere.
struct SunsetDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    /// What an `x-sunset` member says.
    enum Reading: Sendable {
        case absent
        case date(SunsetDate)
        /// Present but not a date; the text says why (for `*-sunset-parse` findings).
        case invalid(String)
    }

    init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= SunsetDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd`, or an RFC 3339 date-time by its date part.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Self.digits(bytes[0..<4]), let month = Self.digits(bytes[5..<7]),
            let day = Self.digits(bytes[8..<10])
        else { return nil }
        if bytes.count > 10 {
            guard Self.isTimeSuffix(bytes[10...]) else { return nil }
        }
        self.init(year: year, month: month, day: day)
    }

    /// Reads the `x-sunset` member of `holder` (an Operation or Parameter Object).
    static func read(_ holder: SpecNode?) -> Reading {
        guard let node = holder?["x-sunset"] else { return .absent }
        guard let text = node.string else {
            return .invalid("x-sunset must be a date string (yyyy-mm-dd or RFC 3339), found \(node.displayText)")
        }
        guard let date = SunsetDate(text) else {
            return .invalid("sunset date '\(text)' is not a yyyy-mm-dd or RFC 3339 date")
        }
        return .date(date)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * m + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whole days from `other` to this date (negative when this date is earlier).
    func days(since other: SunsetDate) -> Int { dayNumber - other.dayNumber }

    static func < (lhs: SunsetDate, rhs: SunsetDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `THH:MM:SS[.frac](Z|±HH:MM)`, the rest of an RFC 3339 date-time.
    private static func isTimeSuffix(_ rest: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(rest)
        guard bytes.count >= 10, bytes[0] == UInt8(ascii: "T") || bytes[0] == UInt8(ascii: "t"),
            let hour = digits(bytes[1..<3][...]), bytes[3] == UInt8(ascii: ":"),
            let minute = digits(bytes[4..<6][...]), bytes[6] == UInt8(ascii: ":"),
            let second = digits(bytes[7..<9][...]), hour < 24, minute < 60, second <= 60
        else { return false }
        var index = 9
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") { return index + 1 == bytes.count }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), bytes.count == index + 6,
            digits(bytes[(index + 1)..<(index + 3)][...]) != nil, bytes[index + 3] == UInt8(ascii: ":"),
            digits(bytes[(index + 4)..<(index + 6)][...]) != nil
        else { return false }
        return true
    }
}
