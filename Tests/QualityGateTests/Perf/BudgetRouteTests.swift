import Foundation
import Testing

@testable import QualityGate

/// Route templating: concrete URLs to budget routes and OpenAPI templates, globs, precedence.
@Suite struct BudgetRouteTests {
    @Test func templateMatchesConcretePathsURLsAndQueries() {
        let move = RouteTemplate("/api/v1/app/tasks/{id}/move")
        #expect(move.matches("/api/v1/app/tasks/123/move"))
        #expect(move.matches("/api/v1/app/tasks/123/move?dryRun=true&x=%2F"))
        #expect(move.matches("http://localhost:8080/api/v1/app/tasks/123/move"))
        #expect(move.matches("https://api.example.com/api/v1/app/tasks/abc-1/move#frag"))
        #expect(move.matches("/api/v1/app/tasks/123/move/"))
        #expect(!move.matches("/api/v1/app/tasks/move"))
        #expect(!move.matches("/api/v1/app/tasks//move"))
        #expect(!move.matches("/api/v1/app/tasks/1/2/move"))
        #expect(!move.matches("/api/v1/app/tasks/123/moved"))
        #expect(!move.isGlob)
    }

    @Test func globsCoverOneOrManySegments() {
        let admin = RouteTemplate("/api/v1/admin/*")
        #expect(admin.matches("/api/v1/admin/users"))
        #expect(!admin.matches("/api/v1/admin/users/7"))
        #expect(!admin.matches("/api/v1/admin"))
        #expect(admin.isGlob)
        #expect(!admin.isCatchAll)

        let deep = RouteTemplate("/api/v1/admin/**")
        #expect(deep.matches("/api/v1/admin/users/7/roles"))
        #expect(deep.matches("/api/v1/admin"))
        #expect(!deep.matches("/api/v1/app/tasks"))

        let all = RouteTemplate("**")
        #expect(all.matches("/"))
        #expect(all.matches("/anything/at/all?q=1"))
        #expect(all.isCatchAll)

        #expect(RouteTemplate("/api/**/health").matches("/api/v2/internal/health"))
        #expect(RouteTemplate("/api/**/health").matches("/api/health"))
        #expect(RouteTemplate("/files/{name}.json").matches("/files/report.json"))
        #expect(!RouteTemplate("/files/{name}.json").matches("/files/report.xml"))
        #expect(RouteTemplate("/api/v*/tasks").matches("/api/v2/tasks"))
        #expect(RouteTemplate("/files/a b").matches("/files/a%20b"))
    }

    @Test func mostSpecificRouteWinsWhateverTheOrder() {
        let routes = ["**", "/api/v1/admin/*", "/api/v1/admin/{id}", "/api/v1/admin/users", "/api/v1/admin/**", "/api/v1/admin/{id}.json"]
        for list in [routes, routes.reversed()] {
            let templater = RouteTemplater(templates: list)
            #expect(templater.template(method: "GET", target: "/api/v1/admin/users") == "/api/v1/admin/users")
            #expect(templater.template(method: "GET", target: "/api/v1/admin/42") == "/api/v1/admin/{id}")
            #expect(templater.template(method: "GET", target: "/api/v1/admin/42.json") == "/api/v1/admin/{id}.json")
            #expect(templater.template(method: "GET", target: "/api/v1/admin/42/roles") == "/api/v1/admin/**")
            #expect(templater.template(method: nil, target: "https://h/other?x=1") == "**")
        }
        #expect(RouteTemplater(templates: ["/a/{id}"]).template(method: "GET", target: "/b") == nil)
        #expect(RouteTemplate("/a/*").isMoreSpecific(than: RouteTemplate("/a/**")))
        #expect(RouteTemplate("/a/{id}").isMoreSpecific(than: RouteTemplate("/a/*")))
        #expect(RouteTemplate("/a/b").isMoreSpecific(than: RouteTemplate("/a/{id}")))
        #expect(RouteTemplate("/api/**").isMoreSpecific(than: RouteTemplate("**")))
        #expect(!RouteTemplate("/a/{id}").isMoreSpecific(than: RouteTemplate("/a/{key}")))
    }

    @Test func openAPITemplatesViaTheSpecsOwnMatcher() throws {
        let spec = try APISpec(SpecLoader().load(path: TestFiles().write("openapi.yaml", """
            openapi: 3.0.3
            info: {title: Tasks, version: "1"}
            servers:
              - url: https://api.example.com/api/v1
            paths:
              /app/tasks/{taskId}/move:
                post: {responses: {"200": {description: ok}}}
              /app/tasks/{taskId}:
                get: {responses: {"200": {description: ok}}}
              /app/tasks/mine:
                get: {responses: {"200": {description: ok}}}
            """)))
        let templater = RouteTemplater(spec: spec)
        // The spec's template, with the server prefix the request really carried kept in
        // front, so budgets written against served URLs (`/api/v1/app/...`) still match.
        #expect(templater.template(method: "POST", target: "https://api.example.com/api/v1/app/tasks/123/move?x=1") == "/api/v1/app/tasks/{taskId}/move")
        #expect(templater.template(method: "GET", target: "/api/v1/app/tasks/mine") == "/api/v1/app/tasks/mine")
        #expect(templater.template(method: "GET", target: "/api/v1/app/tasks/77") == "/api/v1/app/tasks/{taskId}")
        // A documented path with another method still names its template.
        #expect(templater.template(method: "DELETE", target: "/api/v1/app/tasks/77") == "/api/v1/app/tasks/{taskId}")
        #expect(templater.template(method: nil, target: "/api/v1/app/tasks/77/move") == "/api/v1/app/tasks/{taskId}/move")
        #expect(templater.template(method: "GET", target: "/api/v1/unknown") == nil)
    }
}
