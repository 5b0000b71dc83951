import Foundation

/// Policy knobs of a spec diff; the defaults match oasdiff's.
public struct DiffOptions: Sendable, Hashable {
    /// Only these check groups run (oasdiff group names); `nil` runs all.
    public var groups: Set<String>?
    /// Changes below this level are dropped.
    public var minimumLevel: ChangeLevel = .info
    /// Endpoints whose `x-stability-level` is below this are exempt (`draft`, `alpha`,
    /// `beta`, `stable`); oasdiff's default is `beta`… and with `nil` nothing is exempt.
    public var stabilityLevel: String?
    /// Minimum days between deprecation and removal (`x-sunset`), per stability.
    public var deprecationDaysBeta: Int = 31
    public var deprecationDaysStable: Int = 180
    /// "Today" for sunset-date rules, `yyyy-MM-dd` (fixed in tests).
    public var today: String = DiffOptions.isoDate(Date())
    /// Pair endpoints by path-parameter names too (off: `/a/{id}` ≡ `/a/{key}`).
    public var includePathParameterNames = false
    /// Compare header names case-sensitively (off by default, as HTTP says).
    public var caseSensitiveHeaders = false
    /// Rule ID → level overrides (`none` is expressed by `disabled`).
    public var levelOverrides: [String: ChangeLevel] = [:]
    public var disabled: Set<String> = []

    public init() {}

    static func isoDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
