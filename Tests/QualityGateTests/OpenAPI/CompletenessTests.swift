import Foundation
import Testing

@testable import QualityGate

@Suite struct CompletenessTests {
    static func load(_ text: String, name: String = "openapi.yaml") throws -> APISpec {
        let path = TestFiles().write(name, text)
        return try APISpec(SpecLoader().load(path: path))
    }

    static let pets = """
        openapi: 3.0.3
        info: {title: Pets, version: "1.0"}
        security:
          - apiKey: []
        paths:
          /pets:
            get:
              operationId: listPets
              summary: List pets
              tags: [pets]
              parameters:
                - name: limit
                  in: query
                  description: How many pets to return
                  schema: {type: integer}
              responses:
                "200":
                  description: the pets
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {$ref: "#/components/schemas/Pet"}
                      example: [{id: 1, name: Rex}]
                default:
                  $ref: "#/components/responses/Error"
            post:
              operationId: createPet
              security: []
              requestBody:
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/Pet"}
              responses:
                "201":
                  description: created
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
                      examples:
                        wrong: {value: {id: "seven", name: Rex}}
          /pets/{petId}:
            get:
              operationId: listPets
              description: One pet
              tags: [pets]
              parameters:
                - name: petId
                  in: path
                  required: true
                  schema: {type: integer}
              responses:
                "200":
                  description: the pet
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
                      example: {id: 2, name: Tom}
                "404":
                  description: not found
        components:
          schemas:
            Pet:
              type: object
              required: [id, name]
              properties:
                id: {type: integer, description: The id}
                name: {type: string, description: The name}
                tag: {type: string}
                owner: {$ref: "#/components/schemas/Owner"}
            Owner:
              description: Who owns the pet
              type: object
              properties:
                name: {type: string, description: Owner name}
            Error:
              type: object
              properties:
                code: {type: integer, description: Error code}
                message: {type: string, description: Human message}
              example: {code: 500, message: boom}
            Orphan:
              type: object
              properties:
                self: {$ref: "#/components/schemas/Orphan"}
          responses:
            Error:
              description: unexpected error
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            NotFound:
              description: not used
          parameters:
            Unused: {name: q, in: query, schema: {type: string}}
          securitySchemes:
            apiKey: {type: apiKey, in: header, name: X-Key}
            oauth: {type: http, scheme: bearer}
        """

    @Test func scoresEachOperationAndAveragesTheScores() throws {
        let report = SpecCompleteness.evaluate(try Self.load(Self.pets))
        #expect(report.operations == 3)
        #expect(report.completeOperations == 0)
        // GET /pets 7/9, POST /pets 2/8, GET /pets/{petId} 6/9: the mean of the scores…
        let expected = (7.0 / 9 + 2.0 / 8 + 6.0 / 9) / 3 * 100
        #expect(abs(report.percent! - expected) < 1e-9)
        // …which differs from the pooled rate 15/26.
        #expect(report.satisfiedChecks == 15)
        #expect(report.applicableChecks == 26)
        #expect(abs(report.checksPercent! - 15.0 / 26 * 100) < 1e-9)

        let counts = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule, ($0.satisfied, $0.applicable)) })
        #expect(counts["operation-id"]! == (1, 3))
        #expect(counts["summary-or-description"]! == (2, 3))
        #expect(counts["tags"]! == (2, 3))
        #expect(counts["parameter-descriptions"]! == (1, 2))
        #expect(counts["property-descriptions"]! == (0, 3))
        #expect(counts["error-response"]! == (2, 3))
        #expect(counts["examples"]! == (2, 3))
        #expect(counts["valid-examples"]! == (2, 3))
        #expect(counts["security"]! == (3, 3))
        #expect(report.rules.first { $0.rule == "operation-id" }?.failing == ["GET /pets", "GET /pets/{petId}"])

        let post = try #require(report.gaps.first { $0.method == "POST" })
        #expect(post.satisfied == 2 && post.applicable == 8)
        #expect(post.gaps.map(\.rule) == ["summary-or-description", "tags", "property-descriptions", "error-response", "examples",
            "valid-examples"])
        let properties = try #require(post.gaps.first { $0.rule == "property-descriptions" })
        // Pet (4) and Owner (1) counted once although both bodies use Pet; Owner's own
        // description describes the `owner` property.
        #expect(properties.message == "1 of 5 body properties has no description: Pet.tag")
        #expect(properties.position.line == 69)
        let examples = try #require(post.gaps.first { $0.rule == "examples" })
        #expect(examples.items == ["request body (application/json)"])
        let invalid = try #require(post.gaps.first { $0.rule == "valid-examples" })
        #expect(invalid.message.contains("/id: expected integer, found string \"seven\""))
        #expect(invalid.position.line == 41)

        #expect(report.unusedComponents.map { "\($0.kind)/\($0.name)" }
            == ["schemas/Orphan", "parameters/Unused", "responses/NotFound", "securitySchemes/oauth"])
    }

    @Test func aSpecWithoutOperationsHasNoPercent() throws {
        let report = SpecCompleteness.evaluate(try Self.load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"))
        #expect(report.operations == 0)
        #expect(report.percent == nil)
        #expect(report.checksPercent == nil)
    }

    @Test func swagger2BodiesExamplesAndSecurity() throws {
        let spec = try Self.load("""
            swagger: "2.0"
            info: {title: t, version: "1"}
            basePath: /api
            produces: [application/json, application/xml]
            paths:
              /items:
                post:
                  operationId: addItem
                  summary: Add
                  tags: [items]
                  parameters:
                    - name: body
                      in: body
                      schema: {$ref: "#/definitions/Item"}
                  responses:
                    "200":
                      description: ok
                      schema: {$ref: "#/definitions/Item"}
                      examples:
                        application/json: {id: one}
                    "400": {description: bad}
                  security:
                    - key: []
            definitions:
              Item:
                type: object
                properties:
                  id: {type: integer, description: Id}
                example: {id: 3}
              Spare: {type: string}
            securityDefinitions:
              key: {type: apiKey, in: header, name: K}
              other: {type: basic}
            """, name: "swagger.yaml")
        let report = SpecCompleteness.evaluate(spec)
        #expect(report.dialect == .swagger2)
        // The body parameter became the request body: no parameter rule; only the 2.0
        // response example `{id: one}` is invalid.
        #expect(report.applicableChecks == 8)
        #expect(report.satisfiedChecks == 7)
        #expect(report.percent == 87.5)
        let gap = try #require(report.gaps.first?.gaps.first)
        #expect(gap.rule == "valid-examples")
        #expect(gap.message.hasPrefix("1 of 3 examples does not match the schema"))
        #expect(report.unusedComponents.map { "\($0.kind)/\($0.name)" } == ["schemas/Spare", "securitySchemes/other"])
    }

    @Test func webhooksAreScoredWithoutSecurityOrErrorRules() throws {
        let spec = try Self.load("""
            openapi: 3.1.0
            info: {title: t, version: "1"}
            webhooks:
              petAdopted:
                post:
                  operationId: petAdopted
                  summary: A pet was adopted
                  tags: [events]
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            name: {type: [string, "null"], description: Name}
                          examples:
                            - {name: null}
                            - {name: 7}
                  responses:
                    "200": {description: ok}
            """)
        let report = SpecCompleteness.evaluate(spec)
        #expect(report.operations == 1 && report.webhooks == 1)
        let rules = report.gaps.first?.gaps.map(\.rule)
        #expect(rules == ["valid-examples"])
        #expect(report.applicableChecks == 6)
        #expect(report.gaps.first?.gaps.first?.message.contains("/name: expected string or null, found number 7") == true)
    }

    @Test func adyenCheckoutCountsMatchAnIndependentCount() throws {
        // Figures checked with a separate Python walk over the same JSON (same rules).
        let spec = try APISpec(SpecLoader().load(path: TestFiles.conformance("openapi/big/adyen-openapi/json/CheckoutService-v71.json")))
        let report = SpecCompleteness.evaluate(spec)
        #expect(report.dialect == .openapi31)
        #expect(report.operations == 28)
        let counts = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule, ($0.satisfied, $0.applicable)) })
        #expect(counts["operation-id"]! == (28, 28))
        #expect(counts["summary-or-description"]! == (28, 28))
        #expect(counts["parameter-descriptions"]! == (27, 27))
        #expect(counts["property-descriptions"]! == (12, 27))
        #expect(counts["error-response"]! == (20, 28))
        #expect(counts["examples"]! == (26, 27))
        #expect(counts["security"]! == (27, 28))
        #expect(report.rules.first { $0.rule == "security" }?.failing == ["POST /validateShopperId"])
        // 27 components are never `$ref`erenced; two of them are reached through
        // ShopperIdPaymentMethod's discriminator mapping.
        #expect(report.unusedComponents.count == 25)
        #expect(!report.unusedComponents.contains { $0.name == "PayToPaymentMethod" })
        // The YAML twin gives the same figures, except for examples whose unquoted
        // leading-zero codes (`authCode: 044925`) are integers under YAML 1.2 but strings in
        // the JSON twin (made with a YAML 1.1 loader).
        let yaml = try APISpec(SpecLoader().load(path: TestFiles.conformance("openapi/big/adyen-openapi/yaml/CheckoutService-v71.yaml")))
        let twin = SpecCompleteness.evaluate(yaml)
        #expect(twin.rules.filter { $0.rule != "valid-examples" } == report.rules.filter { $0.rule != "valid-examples" })
        #expect(twin.unusedComponents.map(\.name) == report.unusedComponents.map(\.name))
    }

    @Test func githubCountsMatchAnIndependentCount() throws {
        let spec = try APISpec(SpecLoader().load(
            path: TestFiles.conformance("openapi/big/github-rest-api-description/api.github.com.2020-07-30.json")))
        let report = SpecCompleteness.evaluate(spec)
        #expect(report.operations == 623)
        let counts = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule, ($0.satisfied, $0.applicable)) })
        #expect(counts["parameter-descriptions"]! == (105, 597))
        #expect(counts["property-descriptions"]! == (19, 552))
        #expect(counts["error-response"]! == (393, 623))
        // Examples reached through `examples: {default: {$ref: …}}`.
        #expect(counts["examples"]! == (167, 557))
        #expect(counts["security"]! == (0, 623))
        #expect(report.unusedComponents.isEmpty)
        #expect(report.rules.first { $0.rule == "security" }?.failing.count == SpecCompleteness.failingListLimit)
        #expect(report.rules.first { $0.rule == "security" }?.failingCount == 623)
    }
}
