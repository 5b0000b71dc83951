/// Maps concrete request targets to route templates, so that measurements of
/// `/api/v1/app/tasks/123` and `/api/v1/app/tasks/456` are reported (and budgeted) as one
/// endpoint `/api/v1/app/tasks/{id}`.
///
/// Two sources of templates: a list (an OpenAPI spec's path templates, a team's route list,
/// budget routes), matched with `RouteTemplate` — most specific first; or a loaded `APISpec`,
/// matched with the spec's own `OperationMatcher` (server base paths stripped, HEAD served
/// by GET, methods honoured), the same matching runtime drift uses. Targets no template
/// matches keep their own path.
///
/// The lead wires it like this: `RouteTemplater(spec: spec, prefixes: settings.serverPrefix.map { [$0] } ?? [])`
/// when `openapi:` is configured, then `BudgetEvaluation(observations:…, templater: templater)`.
public struct RouteTemplater: Sendable {
    private enum Source: Sendable {
        case templates([RouteTemplate])
        case spec(OperationMatcher, [String])
    }

    private let source: Source

    /// Templates from a list, e.g. `["/api/v1/app/tasks/{id}", "/api/v1/app/tasks/{id}/move"]`.
    public init(templates: [String]) {
        source = .templates(templates.map(RouteTemplate.init))
    }

    /// The path templates of a loaded spec, matched as runtime drift matches them.
    public init(spec: APISpec, prefixes: [String] = []) {
        source = .spec(OperationMatcher(spec: spec, prefixes: prefixes), spec.operations.map(\.path))
    }

    /// The template `target` (a path or URL; query ignored) falls under, or nil.
    public func template(method: String?, target: String) -> String? {
        switch source {
        case .templates(let templates):
            return Self.mostSpecific(templates.filter { $0.matches(target) })?.description
        case .spec(let matcher, let paths):
            let template: String
            switch matcher.match(method: method ?? "GET", target: target) {
            case .operation(let index): template = paths[index]
            case .otherMethod(let found): template = found
            case .none: return nil
            }
            return Self.keepingPrefix(of: target, template)
        }
    }

    /// The spec's template with the server prefix the matcher stripped put back
    /// (`/api/v1` + `/app/tasks/{taskId}`), so that budgets written against the URLs the
    /// service really serves still match.
    static func keepingPrefix(of target: String, _ template: String) -> String {
        let concrete = OperationMatcher.split(OperationMatcher.path(of: target))
        let templated = OperationMatcher.split(template)
        guard concrete.count > templated.count else { return template }
        return "/" + (concrete.prefix(concrete.count - templated.count) + templated).joined(separator: "/")
    }

    /// The most specific of several matching routes; the first written wins a tie.
    static func mostSpecific(_ routes: [RouteTemplate]) -> RouteTemplate? {
        var best: RouteTemplate?
        for route in routes where best.map({ route.isMoreSpecific(than: $0) }) ?? true {
            best = route
        }
        return best
    }
}
