/// oasdiff's compatibility lattice for `type` and `format`, shared by the parameter and the
/// body/property type checks: integer fits in number, int32 in int64, date in date-time, and
/// where values are not strongly typed (a query string, a form field) anything fits in string.
enum TypeLattice {
    static func isSubtype(_ sub: String, _ sup: String) -> Bool {
        sub == sup || (sub == "integer" && sup == "number")
    }

    /// Every type of `sub` is covered by `sup` (both non-empty).
    static func isSubset(_ sub: [String], of sup: [String]) -> Bool {
        !sub.isEmpty && !sup.isEmpty && sub.allSatisfy { type in sup.contains { isSubtype(type, $0) } }
    }

    /// The new type(s) `to` accept every value of the old `from`: `integer` → `number`, or
    /// anything → `string` (or no type at all) where values are not strongly typed.
    static func isTypeContained(to: [String], from: [String], stronglyTyped: Bool) -> Bool {
        if to.count == 1, from.count == 1, isSubtype(from[0], to[0]) { return true }
        if !stronglyTyped { return to.isEmpty || to == ["string"] }
        return false
    }

    /// Format `to` accepts every value of format `from` for a schema of `types`.
    static func isFormatContained(types: [String], to: String, from: String) -> Bool {
        if to.isEmpty { return true }
        guard types.count == 1 else { return false }
        switch types[0] {
        case "number": return to == "double" && from == "float"
        case "integer": return (to == "int64" && from == "int32") || (to == "bigint" && (from == "int32" || from == "int64"))
        case "string": return to == "date-time" && (from == "date" || from == "time")
        default: return false
        }
    }
}
