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
                    "\(side) property '\(name)' sunset date \(date.description) is too small, must be at least \(minimumDays) days from now",
                    at: property, revision: sunset)
            }
            return site.change("\(side)-property-deprecated-with-sunset",
                "\(side) property '\(name)' deprecated with sunset date \(date.description)", at: property, revision: sunset)
        }
    }
}
