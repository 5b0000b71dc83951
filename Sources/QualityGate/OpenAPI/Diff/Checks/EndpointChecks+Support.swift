import Foundation

/// Helpers shared by the operation-level check groups (endpoints, parameters, bodies,
/// responses).
extension DiffContext {
    /// True when anything of the operation differs, including path-level parameters (the
    /// operation is "modified" in oasdiff's sense). Memoised hashes make this cheap.
    func isModified(_ pair: OperationPair) -> Bool {
        !isEquivalent(pair.base.node, pair.revision.node)
            || !isEquivalent(pair.base.pathItem["parameters"], pair.revision.pathItem["parameters"])
    }

    /// A change about the whole document (components, global security, webhooks).
    func documentChange(_ id: String, _ message: String, base: SpecNode? = nil, revision: SpecNode? = nil) -> SpecChange {
        change(id, nil as APIOperation?, message, base: base, revision: revision)
    }

    /// "Today" for sunset rules.
    var today: SunsetDate {
        SunsetDate(options.today) ?? SunsetDate(DiffOptions.isoDate(.now)) ?? SunsetDate(year: 1970, month: 1, day: 1)!
    }

    /// The operation pairs oasdiff would call modified: matched and not identical.
    var modifiedPairs: [OperationPair] {
        memoised("DiffContext.modifiedPairs") { pairs.filter(isModified) }
    }
}

extension SpecNode {
    /// The members of an object as a name → node map (last one wins).
    var memberMap: [String: SpecNode] {
        var map: [String: SpecNode] = [:]
        for entry in members { map[entry.key] = entry.node }
        return map
    }
}

/// Sunset/deprecation rules shared by endpoints and parameters.
enum SunsetRules {
    /// What removing a (possibly deprecated) element means, given its `x-sunset`.
    enum Removal {
        case withoutDeprecation
        case withDeprecation
        case beforeSunset(SunsetDate)
        case unreadableSunset(String)
        /// Deprecated and the sunset date has passed: nothing to report.
        case allowed
    }

    static func removal(deprecated: Bool, holder: SpecNode, today: SunsetDate) -> Removal {
        guard deprecated else { return .withoutDeprecation }
        switch SunsetDate.read(holder) {
        case .absent: return .withDeprecation
        case .invalid(let reason): return .unreadableSunset(reason)
        case .date(let date): return today < date ? .beforeSunset(date) : .allowed
        }
    }

    /// The rule IDs one kind of element uses when it is removed.
    struct RemovalIds {
        var withoutDeprecation: String
        var withDeprecation: String
        var beforeSunset: String
        var sunsetParse: String
    }

    /// The finding for removing `subject` ("the api path", "the query request parameter
    /// 'q'"); `nil` when it was deprecated and its sunset date has passed.
    static func removalFinding(deprecated: Bool, holder: SpecNode, _ ids: RemovalIds, subject: String, today: SunsetDate)
        -> (id: String, message: String)?
    {
        switch removal(deprecated: deprecated, holder: holder, today: today) {
        case .withoutDeprecation: return (ids.withoutDeprecation, "removed \(subject) without deprecation")
        case .withDeprecation: return (ids.withDeprecation, "removed \(subject) with deprecation")
        case .beforeSunset(let date): return (ids.beforeSunset, "removed \(subject) before the sunset date \(date)")
        case .unreadableSunset(let reason): return (ids.sunsetParse, "removed \(subject), whose sunset date cannot be read: \(reason)")
        case .allowed: return nil
        }
    }

    /// What newly deprecating an element means under the grace-period policy.
    enum Deprecation {
        case deprecated
        case deprecatedWithSunset(SunsetDate)
        case sunsetMissing
        case unreadableSunset(String)
        case sunsetTooSoon(SunsetDate, days: Int)
    }

    static func deprecation(holder: SpecNode, minimumDays: Int, today: SunsetDate) -> Deprecation {
        switch SunsetDate.read(holder) {
        case .absent: return minimumDays > 0 ? .sunsetMissing : .deprecated
        case .invalid(let reason): return .unreadableSunset(reason)
        case .date(let date):
            return date.days(since: today) < minimumDays ? .sunsetTooSoon(date, days: minimumDays) : .deprecatedWithSunset(date)
        }
    }

    /// The rule IDs one kind of element (endpoint, parameter) uses for a deprecation.
    struct DeprecationIds {
        var deprecated: String
        var deprecatedWithSunset: String
        var sunsetMissing: String
        var sunsetParse: String
        var sunsetTooSoon: String
    }

    /// The finding for newly deprecating `subject` ("the endpoint", "the query request
    /// parameter 'q'").
    static func deprecationFinding(_ outcome: Deprecation, _ ids: DeprecationIds, subject: String, policyDays: Int)
        -> (id: String, message: String)
    {
        switch outcome {
        case .deprecated:
            return (ids.deprecated, "\(subject) was deprecated")
        case .deprecatedWithSunset(let date):
            return (ids.deprecatedWithSunset, "\(subject) was deprecated with sunset date \(date)")
        case .sunsetMissing:
            return (ids.sunsetMissing,
                "\(subject) was deprecated without an x-sunset date, which the \(policyDays)-day deprecation policy requires")
        case .unreadableSunset(let reason):
            return (ids.sunsetParse, "failed to parse the sunset date of \(subject): \(reason)")
        case .sunsetTooSoon(let date, let days):
            return (ids.sunsetTooSoon, "\(subject) has the sunset date \(date), too soon: it must be at least \(days) days from now")
        }
    }

    /// The finding for newly deprecating `holder` (the Operation or Parameter Object), under
    /// the grace-period policy of `operation`'s stability; `nil` when that stability is
    /// unreadable (reported by the stability policy).
    static func deprecationFinding(of holder: SpecNode, in operation: APIOperation, _ ids: DeprecationIds, subject: String,
        _ context: DiffContext) -> (id: String, message: String)?
    {
        let stability = StabilityPolicy.read(operation.node)
        guard !stability.isInvalid else { return nil }
        let days = StabilityPolicy.deprecationDays(stability, context.options)
        let outcome = deprecation(holder: holder, minimumDays: days, today: context.today)
        return deprecationFinding(outcome, ids, subject: subject, policyDays: days)
    }

    /// The rule IDs one kind of element uses when its `x-sunset` changes.
    struct SunsetChangeIds {
        var deleted: String
        var parse: String
        var tooEarly: String
    }

    /// The finding for a changed `x-sunset` of a still-deprecated `subject`; `nil` when the
    /// change is fine.
    static func sunsetChangeFinding(base: SpecNode, revision: SpecNode, in operation: APIOperation, _ ids: SunsetChangeIds,
        subject: String, _ context: DiffContext) -> (id: String, message: String)?
    {
        let stability = StabilityPolicy.read(operation.node)
        let days = StabilityPolicy.deprecationDays(stability, context.options)
        switch sunsetChange(base: base, revision: revision, minimumDays: days, today: context.today) {
        case .deleted:
            return (ids.deleted, "\(subject) lost its sunset date, but deprecated=true was kept")
        case .unreadable(let reason, _):
            return (ids.parse, "failed to parse the sunset date of \(subject): \(reason)")
        case .tooEarly(let from, let to, let days):
            guard !stability.isInvalid else { return nil }
            return (ids.tooEarly,
                "\(subject) sunset date changed to an earlier date, from \(from) to \(to); the new sunset date must be not earlier than \(from) and at least \(days) days from now")
        case .fine:
            return nil
        }
    }

    /// What a changed `x-sunset` on a still-deprecated element means.
    enum SunsetChange {
        case deleted
        case unreadable(String, base: Bool)
        /// Moved earlier than the base date and closer than the policy allows.
        case tooEarly(from: SunsetDate, to: SunsetDate, days: Int)
        case fine
    }

    static func sunsetChange(base: SpecNode, revision: SpecNode, minimumDays: Int, today: SunsetDate) -> SunsetChange {
        let baseNode = base["x-sunset"], revisionNode = revision["x-sunset"]
        if baseNode != nil, revisionNode == nil { return .deleted }
        guard let baseNode, let revisionNode, !baseNode.isEqual(to: revisionNode) else { return .fine }
        let revisionDate: SunsetDate
        switch SunsetDate.read(revision) {
        case .date(let date): revisionDate = date
        case .invalid(let reason): return .unreadable(reason, base: false)
        case .absent: return .fine
        }
        let baseDate: SunsetDate
        switch SunsetDate.read(base) {
        case .date(let date): baseDate = date
        case .invalid(let reason): return .unreadable(reason, base: true)
        case .absent: return .fine
        }
        if baseDate > revisionDate, revisionDate.days(since: today) < minimumDays {
            return .tooEarly(from: baseDate, to: revisionDate, days: minimumDays)
        }
        return .fine
    }
}
