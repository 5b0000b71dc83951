/// Why a path cannot be mapped, as a `Result` failure.
struct PathProblem: Error, Sendable, Hashable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
