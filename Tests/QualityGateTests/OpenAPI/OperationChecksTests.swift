import Foundation
import Testing

@testable import QualityGate

/// The endpoint, parameter, body/response, security and lifecycle rules on small inline
/// specs, for the semantics the oasdiff corpus does not pin down on its own.
@Suite struct OperationChecksTests {
    /// An OpenAPI 3.0 document with `paths` (and optional extra top-level YAML).
    static func spec(version: String = "1.0.0", _ paths: String, extra: String = "") -> String {
        """
        openapi: 3.0.3
        info:
          title: T
          version: \(version)
        paths:
        \(paths)
        \(extra)
        """
    }

    func diff(_ base: String, _ revision: String, configure: (inout DiffOptions) -> Void = { _ in }) throws -> [SpecChange] {
        let files = TestFiles()
        let baseSpec = try APISpec(SpecLoader().load(path: files.write("base.yaml", base)))
        let revisionSpec = try APISpec(SpecLoader().load(path: files.write("revision.yaml", revision)))
        var options = DiffOptions()
        options.today = "2026-01-15"
        // As in oasdiff's own tests, the version policy is judged on its own.
        options.disabled = ["api-version-not-bumped", "api-version-decreased", "api-major-version-not-bumped"]
        configure(&options)
        return SpecDiff(base: baseSpec, revision: revisionSpec, options: options).changes()
    }

    func ids(_ changes: [SpecChange]) -> [String] { changes.map(\.id).sorted() }

    static let plainGet = """
          /pets:
            get:
              responses:
                '200':
                  description: OK
        """

    static func getWith(_ extensions: String) -> String {
        """
          /pets:
            get:
        \(extensions)
              responses:
                '200':
                  description: OK
        """
    }

    // MARK: Removal and deprecation

    @Test func removingADeprecatedEndpointIsOnlyInformational() throws {
        let base = Self.spec(Self.getWith("      deprecated: true") + "\n  /other:\n    get:\n      responses:\n        '200':\n          description: OK")
        let revision = Self.spec("  /other:\n    get:\n      responses:\n        '200':\n          description: OK")
        let changes = try diff(base, revision)
        #expect(ids(changes) == ["api-path-removed-with-deprecation"])
        #expect(changes[0].level == .info)
        #expect(changes[0].method == "GET" && changes[0].path == "/pets")
    }

    @Test func removalBeforeTheSunsetDateIsBreakingAndAfterItIsSilent() throws {
        let other = "\n  /other:\n    get:\n      responses:\n        '200':\n          description: OK"
        let revision = Self.spec(other)
        let early = Self.spec(Self.getWith("      deprecated: true\n      x-sunset: '2026-02-01'") + other)
        let late = Self.spec(Self.getWith("      deprecated: true\n      x-sunset: '2025-12-31T23:00:00Z'") + other)
        let beforeSunset = try diff(early, revision)
        #expect(ids(beforeSunset) == ["api-path-removed-before-sunset"])
        #expect(beforeSunset[0].level == .err)
        #expect(beforeSunset[0].message.contains("2026-02-01"))
        #expect(try diff(late, revision).isEmpty)
        // The same removal judged on a later "today" is allowed.
        #expect(try diff(early, revision) { $0.today = "2026-03-01" }.isEmpty)
    }

    @Test func removingOneOperationOfAPathIsNotAPathRemoval() throws {
        let base = Self.spec("""
              /pets:
                get:
                  responses:
                    '200':
                      description: OK
                post:
                  responses:
                    '201':
                      description: Created
            """)
        let changes = try diff(base, Self.spec(Self.plainGet))
        #expect(ids(changes) == ["api-removed-without-deprecation"])
        #expect(changes[0].method == "POST")
    }

    @Test func deprecationPolicyRequiresASunsetFarEnoughAhead() throws {
        let base = Self.spec(Self.plainGet)
        let noSunset = Self.spec(Self.getWith("      deprecated: true"))
        let soon = Self.spec(Self.getWith("      deprecated: true\n      x-sunset: '2026-02-01'"))
        let bad = Self.spec(Self.getWith("      deprecated: true\n      x-sunset: 'next week'"))
        #expect(ids(try diff(base, noSunset)) == ["endpoint-deprecated"])
        #expect(ids(try diff(base, noSunset) { $0.deprecationDaysStable = 30 }) == ["api-deprecated-sunset-missing"])
        #expect(ids(try diff(base, soon)) == ["endpoint-deprecated-with-sunset"])
        // 17 days ahead of 2026-01-15 is less than the 30 the policy asks.
        #expect(ids(try diff(base, soon) { $0.deprecationDaysStable = 30 }) == ["api-sunset-date-too-small"])
        // Beta endpoints follow the beta policy.
        let betaSoon = Self.spec(Self.getWith("      x-stability-level: beta\n      deprecated: true\n      x-sunset: '2026-02-01'"))
        let betaBase = Self.spec(Self.getWith("      x-stability-level: beta"))
        #expect(ids(try diff(betaBase, betaSoon) { $0.deprecationDaysStable = 30 }) == ["endpoint-deprecated-with-sunset"])
        #expect(ids(try diff(base, bad)) == ["api-deprecated-sunset-parse"])
        #expect(ids(try diff(noSunset, base)) == ["endpoint-reactivated"])
    }

    @Test func movingTheSunsetEarlierOrDeletingItIsReported() throws {
        let later = Self.spec(Self.getWith("      deprecated: true\n      x-sunset: '2027-01-01'"))
        let earlier = Self.spec(Self.getWith("      deprecated: true\n      x-sunset: '2026-01-20'"))
        let none = Self.spec(Self.getWith("      deprecated: true"))
        #expect(ids(try diff(later, earlier) { $0.deprecationDaysStable = 30 }) == ["api-sunset-date-changed-too-small"])
        #expect(try diff(later, earlier).filter { $0.level > .info }.isEmpty)
        #expect(ids(try diff(later, none)) == ["sunset-deleted"])
    }

    // MARK: Stability

    @Test func endpointsBelowTheStabilityThresholdAreExempt() throws {
        let base = Self.spec(Self.getWith("      x-stability-level: alpha\n      operationId: a"))
        let revision = Self.spec(Self.getWith("      x-stability-level: alpha\n      operationId: b"))
        #expect(try diff(base, revision).isEmpty)
        #expect(ids(try diff(base, revision) { $0.stabilityLevel = "alpha" }) == ["api-operation-id-removed"])
    }

    @Test func stabilityMovesAndInvalidLevelsAreReported() throws {
        let stable = Self.spec(Self.plainGet)
        let draft = Self.spec(Self.getWith("      x-stability-level: draft"))
        let invalid = Self.spec(Self.getWith("      x-stability-level: gamma"))
        let decreased = try diff(stable, draft)
        #expect(ids(decreased) == ["api-stability-decreased"])
        #expect(decreased[0].level == .err && decreased[0].message.contains("from stable to draft"))
        // Leaving a level below the threshold is nobody's business…
        #expect(try diff(draft, stable).isEmpty)
        // …unless the threshold includes it.
        #expect(ids(try diff(draft, stable) { $0.stabilityLevel = "draft" }) == ["api-stability-increased"])
        #expect(ids(try diff(stable, invalid)) == ["api-invalid-stability-level"])
        // The policy runs whatever group is selected.
        #expect(ids(try diff(stable, invalid) { $0.groups = ["APITagUpdatedCheck"] }) == ["api-invalid-stability-level"])
    }

    // MARK: Parameters

    static func parameters(path: String = "/pets/{id}", pathLevel: String = "", _ operationLevel: String) -> String {
        spec("""
              \(path):
            \(pathLevel.isEmpty ? "" : "    parameters:\n" + pathLevel)
                get:
                  parameters:
            \(operationLevel)
                  responses:
                    '200':
                      description: OK
            """)
    }

    static let idParameter = """
              - name: id
                in: path
                required: true
                schema:
                  type: string
                  maxLength: 8
        """

    @Test func renamedPathParametersAreTheSameParameter() throws {
        let base = Self.parameters(Self.idParameter)
        let revision = Self.parameters(path: "/pets/{petId}", Self.idParameter.replacingOccurrences(of: "name: id", with: "name: petId")
            .replacingOccurrences(of: "maxLength: 8", with: "maxLength: 9"))
        let changes = try diff(base, revision)
        #expect(ids(changes) == ["request-parameter-max-length-increased"])
        #expect(changes[0].path == "/pets/{petId}")
    }

    @Test func aParameterMovedToThePathItemIsNoChangeButANewOneIsReportedPerOperation() throws {
        let query = """
                  - name: q
                    in: query
                    schema:
                      type: string
            """
        let base = Self.parameters(Self.idParameter + "\n" + query)
        let moved = Self.parameters(pathLevel: query, Self.idParameter)
        #expect(try diff(base, moved).map { "\($0.id) \($0.message)" } == [])
        let added = Self.parameters(pathLevel: query.replacingOccurrences(of: "name: q", with: "name: r"), Self.idParameter + "\n" + query)
        let changes = try diff(base, added)
        #expect(ids(changes) == ["new-optional-request-default-parameter-to-existing-path"])
    }

    @Test func headerParametersMatchCaseInsensitively() throws {
        let header = """
                  - name: X-Trace
                    in: header
                    required: false
                    schema:
                      type: string
            """
        let base = Self.parameters(Self.idParameter + "\n" + header)
        let revision = Self.parameters(Self.idParameter + "\n" + header.replacingOccurrences(of: "X-Trace", with: "x-trace")
            .replacingOccurrences(of: "required: false", with: "required: true"))
        #expect(ids(try diff(base, revision)) == ["request-parameter-became-required"])
        #expect(ids(try diff(base, revision) { $0.caseSensitiveHeaders = true }).sorted()
            == ["new-required-request-parameter", "request-parameter-removed"])
    }

    @Test func parameterTypeChangesFollowTheWireFormat() throws {
        func query(_ schema: String) -> String {
            Self.parameters(Self.idParameter + "\n      - name: n\n        in: query\n        schema:\n" + schema)
        }
        let integer = query("          type: integer")
        let number = query("          type: number")
        let array = query("          type: array\n          items:\n            type: integer")
        #expect(ids(try diff(integer, number)) == ["request-parameter-type-generalized"])
        let narrowed = try diff(number, integer)
        #expect(ids(narrowed) == ["request-parameter-type-changed"])
        #expect(narrowed[0].level == .err)
        // `?n=5` is still a valid one-element form-exploded array.
        #expect(ids(try diff(integer, array)) == ["request-parameter-type-generalized"])
    }

    @Test func enumAndBoundChangesOfAParameter() throws {
        func query(_ schema: String) -> String {
            Self.parameters(Self.idParameter + "\n      - name: s\n        in: query\n        schema:\n          type: string\n" + schema)
        }
        let base = query("          enum: [a, b]\n          maxLength: 10")
        let revision = query("          enum: [a, c]\n          maxLength: 5\n          minLength: 2")
        let changes = try diff(base, revision)
        #expect(ids(changes) == ["request-parameter-enum-value-added", "request-parameter-enum-value-removed",
            "request-parameter-max-length-decreased"])
        #expect(changes.first { $0.id == "request-parameter-max-length-decreased" }?.message
            == "for the query request parameter 's', the maxLength was decreased from 10 to 5")
        // Dropping the enum accepts every value: nothing is removed.
        #expect(ids(try diff(base, query("          maxLength: 10"))).isEmpty)
    }

    // MARK: Bodies and responses

    @Test func responseMediaTypeRenamedToASpecialisationIsNotARemoval() throws {
        func response(_ mediaType: String) -> String {
            Self.spec("""
                  /pets:
                    get:
                      responses:
                        '200':
                          description: OK
                          content:
                            \(mediaType):
                              schema:
                                type: object
                """)
        }
        let specialised = try diff(response("application/json"), response("application/problem+json"))
        #expect(ids(specialised) == ["response-media-type-name-specialized"])
        #expect(ids(try diff(response("application/problem+json"), response("application/json")))
            == ["response-media-type-name-generalized"])
        #expect(ids(try diff(response("application/json"), response("text/plain")))
            == ["response-media-type-added", "response-media-type-removed"])
    }

    @Test func requestBodyLifecycle() throws {
        func post(_ body: String) -> String {
            Self.spec("  /pets:\n    post:\n\(body)\n      responses:\n        '201':\n          description: Created")
        }
        let none = post("")
        let optional = post("      requestBody:\n        content:\n          application/json: {}")
        let required = post("      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object")
        #expect(ids(try diff(none, required)) == ["request-body-added-required"])
        #expect(ids(try diff(required, none)) == ["request-body-removed"])
        #expect(ids(try diff(optional, required)) == ["request-body-became-required", "request-body-media-type-schema-added"])
    }

    @Test func responseHeaderRemovalDependsOnRequired() throws {
        func headers(_ text: String) -> String {
            Self.spec("  /pets:\n    get:\n      responses:\n        '200':\n          description: OK\n          headers:\n\(text)")
        }
        let both = headers("            X-Rate:\n              required: true\n              schema:\n                type: integer\n            X-Id:\n              schema:\n                type: string")
        let none = headers("            {}")
        let changes = try diff(both, none)
        #expect(ids(changes) == ["optional-response-header-removed", "required-response-header-removed"])
        #expect(changes.first { $0.id == "required-response-header-removed" }?.level == .err)
    }

    // MARK: Security and version policy

    @Test func repeatedSchemeAlternativesDoNotInventScopeChanges() throws {
        let security = """
            security:
              - petstore: [read]
              - petstore: [write]
            components:
              securitySchemes:
                petstore:
                  type: oauth2
                  flows:
                    implicit:
                      authorizationUrl: https://example.org/auth
                      scopes:
                        read: read
                        write: write
            """
        let base = Self.spec(Self.plainGet, extra: security)
        let reordered = Self.spec(Self.plainGet, extra: security.replacingOccurrences(of: "[read]", with: "[tmp]")
            .replacingOccurrences(of: "[write]", with: "[read]").replacingOccurrences(of: "[tmp]", with: "[write]"))
        #expect(try diff(base, reordered).isEmpty)
        let narrowed = Self.spec(Self.plainGet, extra: security.replacingOccurrences(of: "  - petstore: [write]\n", with: ""))
        #expect(ids(try diff(base, narrowed)) == ["api-global-security-removed"])
    }

    @Test func breakingChangesNeedAMajorVersionBump() throws {
        let base = Self.spec(version: "1.2.0", Self.plainGet + "\n  /gone:\n    get:\n      responses:\n        '200':\n          description: OK")
        func revision(_ version: String) -> String { Self.spec(version: version, Self.plainGet) }
        let policy: (inout DiffOptions) -> Void = { $0.disabled = [] }
        #expect(ids(try diff(base, revision("1.2.0"), configure: policy)).contains("api-version-not-bumped"))
        #expect(ids(try diff(base, revision("1.1.9"), configure: policy)).contains("api-version-decreased"))
        #expect(ids(try diff(base, revision("1.3.0"), configure: policy)).contains("api-major-version-not-bumped"))
        #expect(ids(try diff(base, revision("v2.0.0-rc.1"), configure: policy)) == ["api-path-removed-without-deprecation"])
        // Date versions are not judged, nor are changes that break nothing.
        let dated = Self.spec(version: "2024-01-01", Self.plainGet + "\n  /gone:\n    get:\n      responses:\n        '200':\n          description: OK")
        #expect(ids(try diff(dated, Self.spec(version: "2024-01-01", Self.plainGet), configure: policy))
            == ["api-path-removed-without-deprecation"])
        #expect(try diff(Self.spec(version: "1.0.0", Self.plainGet), base, configure: policy).allSatisfy { !$0.id.contains("version") })
    }

    // MARK: Webhooks

    @Test func webhooksAreComparedLikeOperations() throws {
        func webhooks(_ text: String) -> String {
            """
            openapi: 3.1.0
            info:
              title: T
              version: 1.0.0
            webhooks:
            \(text)
            """
        }
        let base = webhooks("  order:\n    post:\n      requestBody:\n        content:\n          application/json: {}\n      responses:\n        '200':\n          description: OK")
        let revision = webhooks("  order:\n    post:\n      requestBody:\n        required: true\n        content:\n          application/json: {}\n      responses:\n        '200':\n          description: OK\n  refund:\n    post:\n      responses:\n        '200':\n          description: OK")
        #expect(ids(try diff(base, revision)) == ["request-body-became-required", "webhook-added"])
    }

    // MARK: Vocabulary

    /// Group names are oasdiff's (so one group can run alone) and every ID a rule builds
    /// from parts exists in the catalogue (an unknown ID would silently get level INFO).
    @Test func groupsAndBuiltIdsBelongToTheCatalogue() throws {
        let catalogueGroups = Set(CheckCatalog.all.map(\.group))
        for group in EndpointChecks.groups + ParameterChecks.groups + BodyResponseChecks.groups where !group.runsAlways {
            #expect(catalogueGroups.contains(group.name), "\(group.name)")
        }
        var pairs: Set<[String]> = []
        for row in try OpenAPIDiffConformanceTests.rows() { pairs.insert([row.base, row.revision]) }
        var options = DiffOptions()
        options.stabilityLevel = "draft"
        options.deprecationDaysStable = 30
        for pair in pairs.sorted(by: { $0.joined() < $1.joined() }) {
            let root = "openapi/oasdiff-oasdiff/"
            guard let base = try? APISpec(SpecLoader().load(path: TestFiles.conformance(root + pair[0]))),
                let revision = try? APISpec(SpecLoader().load(path: TestFiles.conformance(root + pair[1])))
            else { continue }
            for change in SpecDiff(base: base, revision: revision, options: options).changes() {
                #expect(CheckCatalog.rule(change.id) != nil, "\(change.id) from \(pair[0]) -> \(pair[1])")
            }
        }
    }

    // MARK: Sunset dates

    @Test func sunsetDatesParseBothForms() {
        #expect(SunsetDate("2026-02-28")?.description == "2026-02-28")
        #expect(SunsetDate("2026-02-29") == nil)
        #expect(SunsetDate("2024-02-29T10:00:00+02:00")?.description == "2024-02-29")
        #expect(SunsetDate("2024-02-29T10:00:00") == nil)
        #expect(SunsetDate("tomorrow") == nil)
        let a = SunsetDate("2026-01-15")!, b = SunsetDate("2026-03-01")!
        #expect(b.days(since: a) == 45)
        #expect(SunsetDate("1970-01-01")?.dayNumber == 0)
    }
}
