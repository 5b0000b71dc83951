import Foundation

/// Deprecation of request and response properties, with oasdiff's sunset policy: a property
/// newly deprecated on an endpoint whose stability has a minimum deprecation period must
/// carry an `x-sunset` date at least that far away.
extension SchemaValueChecks {
    static let lifecycleGroups: [CheckGroup] = [
        CheckGroup("RequestPropertyDeprecationCheck") { context in
            context.requestBodySites().flatMap(propertyDeprecationChanges)
        },
        CheckGroup("ResponsePropertyDeprecationCheck") { context in
            context.responseBodySites().flatMap(propertyDeprecationChanges)
        },
    ]

    private static func propertyDeprecationChanges(_ site: BodySchemaSite) -> [SpecChange] {
        let options = site.context.options
        let stability = site.pair.revision.extensionValue("x-stability-level")?.string ?? ""
        let minimumDays: Int
        switch stability {
        case "draft", "alpha": minimumDays = 0
        case "beta": minimumDays = options.deprecationDaysBeta
        case "stable", "": minimumDays = options.deprecationDaysStable
        default: return []  // an invalid stability level is reported by the endpoint checks
        }
        let side = site.side
        return site.properties(changing: "deprecated").compactMap { property -> SpecChange? in
            guard property.base.isDeprecated != property.revision.isDeprecated else { return nil }
            let name = property.fullName
            let flag = property.revision.node["deprecated"] ?? property.base.node["deprecated"]
            if !property.revision.isDeprecated {
                return site.change("\(side)-property-reactivated", "\(side) property '\(name)' reactivated", at: property,
                    base: flag)
            }
            guard let sunset = property.revision.node["x-sunset"] else {
                if minimumDays > 0 {
                    return site.change("\(side)-property-deprecated-sunset-missing",
                        "\(side) property '\(name)' deprecated without sunset date", at: property, revision: flag)
                }
                return site.change("\(side)-property-deprecated", "\(side) property '\(name)' deprecated", at: property,
                    revision: flag)
            }
            guard let date = SunsetDate(sunset.displayText) else {
                return site.change("\(side)-property-deprecated-sunset-invalid",
                    "\(side) property '\(name)' deprecated with invalid sunset date: '\(sunset.displayText)'", at: property,
                    revision: sunset)
            }
            if let today = SunsetDate(options.today), date.days(since: today) < minimumDays {
                return site.change("\(side)-property-sunset-date-too-small",
                    "\(side) property '\(name)' sunset date \(date.text) is too small, must be at least \(minimumDays) days from now",
                    at: property, revision: sunset)
            }
            return site.change("\(side)-property-deprecated-with-sunset",
                "\(side) property '\(name)' deprecated with sunset date \(date.text)", at: property, revision: sunset)
        }
    }
}

/// An `x-sunset` date: `yyyy-MM-dd` or an RFC 3339 timestamp (its date part counts).
struct SunsetDate {
    let text: String
    /// Days since 1970-01-01 (UTC).
    let day: Int

    init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let datePart = trimmed.count > 10 && trimmed.dropFirst(10).first == "T" ? String(trimmed.prefix(10)) : trimmed
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(dayOfMonth)
        else { return nil }
        text = datePart
        day = Self.daysFromCivil(year: year, month: month, day: dayOfMonth)
    }

    func days(since other: SunsetDate) -> Int { day - other.day }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
