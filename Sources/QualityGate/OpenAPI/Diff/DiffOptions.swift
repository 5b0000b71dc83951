import Foundation

/// Policy knobs of a spec diff; the defaults match oasdiff's.
public struct DiffOptions: Sendable, Hashable {
    /// Only these check groups run (oasdiff group names); `nil` runs all.
    public var groups: Set<String>?
    /// Changes below this level are dropped.
    public var minimumLevel: ChangeLevel = .info
    /// Endpoints whose `x-stability-level` is below this are exempt (`draft`, `alpha`,
    /// `beta`, `stable`); `nil` means oasdiff's default, `beta` (draft and alpha endpoints
    /// may change freely). `draft` exempts nothing.
    public var stabilityLevel: String?
    /// Minimum days between deprecation and removal (`x-sunset`), per stability. 0 (oasdiff's
    /// default) means no policy: a deprecation without `x-sunset` is fine.
    public var deprecationDaysBeta: Int = 0
    public var deprecationDaysStable: Int = 0
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
