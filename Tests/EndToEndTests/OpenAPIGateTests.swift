import Foundation
import Testing

/// `qgate diff-spec` and the `openapi:` section of `qgate check`, through the built binary.
@Suite("OpenAPI through the qgate binary")
struct OpenAPIGateTests {
    let runner = QGateBinaryTests()

    static let base = """
        openapi: 3.0.3
        info: { title: Pets, version: 1.0.0 }
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - { name: limit, in: query, schema: { type: integer } }
              responses:
                '200': { description: ok }
          /pets/{id}:
            get:
              operationId: getPet
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: ok }
            delete:
              operationId: deletePet
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '204': { description: gone }
        """

    /// The revision renames the path parameter (same endpoint), removes DELETE (breaking) and
    /// adds a required query parameter to GET /pets (breaking).
    static let revision = """
        openapi: 3.0.3
        info: { title: Pets, version: 1.1.0 }
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - { name: limit, in: query, schema: { type: integer } }
                - { name: owner, in: query, required: true, schema: { type: string } }
              responses:
                '200': { description: ok }
          /pets/{petId}:
            get:
              operationId: getPet
              parameters:
                - { name: petId, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: ok }
        """

    @Test func diffSpecFindsBreakingChanges() throws {
        let folder = runner.temporaryFolder()
        runner.write(Self.base, to: folder + "/base.yaml")
        runner.write(Self.revision, to: folder + "/head.yaml")
        let run = try runner.qgate(["diff-spec", "base.yaml", "head.yaml", "--format", "json"], in: folder)
        #expect(run.status == 1, "breaking changes exit 1: \(run.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "qgate.spec-diff/1")
        let changes = try #require(json["changes"] as? [[String: Any]])
        let ids = Set(changes.compactMap { $0["id"] as? String })
        #expect(ids.contains("api-removed-without-deprecation"))
        #expect(ids.contains("new-required-request-parameter"))
        // The rename of {id} to {petId} is not a removed endpoint.
        #expect(!changes.contains { ($0["id"] as? String) == "api-path-removed-without-deprecation" })
        let removed = try #require(changes.first { ($0["id"] as? String) == "api-removed-without-deprecation" })
        #expect(removed["method"] as? String == "DELETE")
        let basePosition = try #require(removed["base"] as? [String: Any])
        #expect(basePosition["line"] as? Int == 18)
        #expect(basePosition["pointer"] as? String == "/paths/~1pets~1{id}/delete")

        // Markdown for a PR comment; the reverse direction is not breaking.
        let markdown = try runner.qgate(["diff-spec", "base.yaml", "head.yaml", "--format", "markdown"], in: folder)
        #expect(markdown.stdout.contains("`DELETE /pets/{id}`") || markdown.stdout.contains("DELETE /pets/{id}"))
        #expect(markdown.stdout.contains("api-removed-without-deprecation"))
        let same = try runner.qgate(["diff-spec", "base.yaml", "base.yaml"], in: folder)
        #expect(same.status == 0)
        #expect(same.stdout.contains("no changes"))
    }

    @Test func diffSpecBadInputExitsThree() throws {
        let folder = runner.temporaryFolder()
        runner.write(Self.base, to: folder + "/base.yaml")
        runner.write("openapi: 3.0.3\ninfo: { title: x, version: 1\npaths: {}\n", to: folder + "/broken.yaml")
        let broken = try runner.qgate(["diff-spec", "base.yaml", "broken.yaml"], in: folder)
        #expect(broken.status == 3)
        #expect(broken.stderr.contains("broken.yaml:"), "names the file: \(broken.stderr)")
        runner.write(
            "openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        '200': { $ref: '#/components/responses/Missing' }\n",
            to: folder + "/dangling.yaml")
        let dangling = try runner.qgate(["diff-spec", "base.yaml", "dangling.yaml"], in: folder)
        #expect(dangling.status == 3)
        #expect(dangling.stderr.contains("dangling.yaml:7:"), "unresolved $ref with its line: \(dangling.stderr)")
        let missing = try runner.qgate(["diff-spec", "base.yaml", "nope.yaml"], in: folder)
        #expect(missing.status == 3)
        let usage = try runner.qgate(["diff-spec", "base.yaml"], in: folder)
        #expect(usage.status == 2)
    }

    func git(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=qgate", "-c", "user.email=qgate@example.com",
            "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }

    /// A pull request in a real git repository: `git:REF:PATH` for diff-spec, and `check --base`
    /// comparing with the spec at the merge base; a waiver exempts one change until it expires.
    @Test func checkWithBaseRefAndWaivers() throws {
        let folder = runner.temporaryFolder()
        try git(["init", "-q", "-b", "main"], in: folder)
        runner.write(Self.base, to: folder + "/api/openapi.yaml")
        try git(["add", "-A"], in: folder)
        try git(["commit", "-q", "-m", "base"], in: folder)
        try git(["checkout", "-q", "-b", "feature"], in: folder)
        runner.write(Self.revision, to: folder + "/api/openapi.yaml")

        let fromGit = try runner.qgate(["diff-spec", "git:main:api/openapi.yaml", "api/openapi.yaml", "--format", "json"], in: folder)
        #expect(fromGit.status == 1, "\(fromGit.stderr)")
        #expect(fromGit.stdout.contains("\"spec\" : \"git:main:api/openapi.yaml\""))
        let badRef = try runner.qgate(["diff-spec", "git:no-such-branch:api/openapi.yaml", "api/openapi.yaml"], in: folder)
        #expect(badRef.status == 3)
        #expect(badRef.stderr.contains("no-such-branch"))

        func config(_ waivers: String) -> String {
            """
            version: 1
            openapi:
              spec: api/openapi.yaml
            \(waivers)
            kpis:
              - id: breaking
                metric: openapi.breaking_changes
                target: "== 0"
                severity: critical
            """
        }
        runner.write(config(""), to: folder + "/qgate.yml")
        let failing = try runner.qgate(["check", "--config", "qgate.yml", "--base", "main", "--format", "json"], in: folder)
        #expect(failing.status == 1, "\(failing.stderr)\(failing.stdout)")
        #expect(failing.stdout.contains("\"name\" : \"openapi.breaking_changes\""))
        #expect(failing.stdout.contains("the merge base of main and HEAD"))

        let waivers = """
              waivers:
                - { rule: api-removed-without-deprecation, endpoint: "DELETE /pets/{id}", reason: "no client uses it (API-12)", expires: 2999-12-31 }
                - { rule: new-required-request-parameter, endpoint: "GET /pets", reason: "all clients send owner", expires: 2999-12-31 }
            """
        runner.write(config(waivers), to: folder + "/qgate.yml")
        let waived = try runner.qgate(["check", "--config", "qgate.yml", "--base", "main", "--format", "markdown"], in: folder)
        #expect(waived.status == 0, "\(waived.stdout)")
        #expect(waived.stdout.contains("waived"))

        runner.write(config(waivers.replacingOccurrences(of: "2999-12-31", with: "2020-01-01")), to: folder + "/qgate.yml")
        let expired = try runner.qgate(["check", "--config", "qgate.yml", "--base", "main"], in: folder)
        #expect(expired.status == 1)
        #expect(expired.stdout.contains("expired on 2020-01-01"))

        runner.write("version: 1\nopenapi:\n  spce: api/openapi.yaml\nkpis: []\n", to: folder + "/bad.yml")
        let bad = try runner.qgate(["check", "--config", "bad.yml"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("did you mean 'spec'"))
    }
}
