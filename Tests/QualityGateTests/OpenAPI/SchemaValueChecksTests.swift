import Foundation
import Testing

@testable import QualityGate

/// The tricky semantics of the body/property value checks, on small inline specs.
@Suite struct SchemaValueChecksTests {
    /// A spec with one `POST /pets` whose request body and 200 response share `schema`.
    static func spec(_ version: String = "3.1.0", schema: String) -> String {
        let indented = schema.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "                " + $0 }.joined(separator: "\n")
        return """
            openapi: \(version)
            info: {title: t, version: "1"}
            paths:
              /pets:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema:
                          $ref: '#/components/schemas/Pet'
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Pet'
            components:
              schemas:
                Pet:
            \(indented)
            """
    }

    static func changes(_ base: String, _ revision: String, groups: Set<String>? = nil, today: String = "2026-01-01")
        throws -> [SpecChange]
    {
        let files = TestFiles()
        let baseSpec = try APISpec(try SpecLoader().load(path: files.write("base.yaml", base)))
        let revisionSpec = try APISpec(try SpecLoader().load(path: files.write("revision.yaml", revision)))
        var options = DiffOptions()
        options.groups = groups ?? Set(SchemaValueChecks.groups.map(\.name))
        options.today = today
        options.deprecationDaysBeta = 0
        options.deprecationDaysStable = 0
        return SpecDiff(base: baseSpec, revision: revisionSpec, options: options).changes()
    }

    static func ids(_ base: String, _ revision: String) throws -> Set<String> {
        Set(try changes(base, revision).map(\.id))
    }

    @Test func nullableSpellingsAreEquivalent() throws {
        let old = Self.spec("3.0.3", schema: "type: object\nproperties:\n  name: {type: string, nullable: true}")
        let new = Self.spec("3.1.0", schema: "type: object\nproperties:\n  name: {type: [string, 'null']}")
        #expect(try Self.ids(old, new).isEmpty)
        let swagger = Self.spec("3.0.3", schema: "type: object\nproperties:\n  name: {type: string, x-nullable: true}")
        #expect(try Self.ids(swagger, new).isEmpty)
    }

    @Test func nullAddedToTypeIsNullabilityNotTypeChange() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  name: {type: string}")
        let new = Self.spec(schema: "type: object\nproperties:\n  name: {type: [string, 'null']}")
        let found = try Self.ids(old, new)
        #expect(found == ["request-property-became-nullable", "response-property-became-nullable"])
        let back = try Self.ids(new, old)
        #expect(back == ["request-property-became-not-nullable", "response-property-became-not-nullable"])
    }

    @Test func nullableWrappingIsOneChange() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  kind: {type: string, enum: [a, b]}")
        let wrapped = Self.spec(
            schema: "type: object\nproperties:\n  kind:\n    oneOf:\n      - {type: 'null'}\n      - {type: string, enum: [a, b]}")
        let found = try Self.ids(old, wrapped)
        #expect(found.contains("request-property-became-nullable"))
        #expect(found.contains("response-property-became-nullable"))
        #expect(!found.contains("request-property-enum-value-removed"))
        #expect(!found.contains("response-property-type-changed"))
        // The branch narrowed the enum: not a pure wrapping, so the enum change is real.
        let narrowed = Self.spec(
            schema: "type: object\nproperties:\n  kind:\n    oneOf:\n      - {type: 'null'}\n      - {type: string, enum: [a]}")
        let narrowedIds = try Self.ids(old, narrowed)
        #expect(!narrowedIds.contains("request-property-became-nullable"))
    }

    @Test func boundsFollowTheDirection() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  age: {type: integer, minimum: 1, maxLength: 5}")
        let raised = Self.spec(schema: "type: object\nproperties:\n  age: {type: integer, minimum: 3, maxLength: 5}")
        let up = try Self.changes(old, raised)
        // A higher request minimum rejects values clients send; a higher response minimum is safe.
        #expect(up.map(\.id) == ["request-property-min-increased"])
        #expect(up.first?.level == .err)
        #expect(up.first?.message.contains("'age'") == true)
        let down = try Self.ids(raised, old)
        #expect(down == ["request-property-min-decreased", "response-property-min-decreased"])
        let unset = Self.spec(schema: "type: object\nproperties:\n  age: {type: integer, minimum: 1}")
        #expect(try Self.ids(old, unset) == ["response-property-max-length-unset"])
    }

    @Test func addedPropertiesByRequiredness() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  name: {type: string}")
        let new = Self.spec(schema: """
            type: object
            required: [id, tag]
            properties:
              name: {type: string}
              id: {type: string}
              tag: {type: string, default: x}
              note: {type: string}
              created: {type: string, readOnly: true}
            """)
        let found = try Self.changes(old, new)
        let request = found.filter { $0.id.contains("request") }.map(\.id).sorted()
        #expect(request == ["new-optional-request-property", "new-required-request-property",
            "new-required-request-property-with-default"])
        #expect(found.contains { $0.id == "response-optional-property-added" && $0.message.contains("'created'") })
        let removed = try Self.ids(new, old)
        #expect(removed.contains("response-required-property-removed"))
        #expect(removed.contains("request-property-removed"))
    }

    @Test func requirednessChanges() throws {
        let old = Self.spec(schema: "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  tag: {type: string}")
        let new = Self.spec(schema: "type: object\nrequired: [tag]\nproperties:\n  name: {type: string}\n  tag: {type: string}")
        let found = try Self.ids(old, new)
        #expect(found == ["request-property-became-optional", "request-property-became-required",
            "response-property-became-optional", "response-property-became-required"])
    }

    @Test func oneOfWrappingMovesRatherThanRemoves() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  cat: {type: string}\n  dog: {type: string}")
        let new = Self.spec(schema: """
            oneOf:
              - {type: object, properties: {cat: {type: string}}}
              - {type: object, properties: {dog: {type: string}}}
            """)
        let found = try Self.ids(old, new)
        #expect(found.contains("request-body-wrapped-in-one-of"))
        #expect(found.contains("response-body-wrapped-in-one-of"))
        #expect(!found.contains("request-property-removed"))
        #expect(!found.contains("response-optional-property-removed"))
        #expect(!found.contains("request-body-type-generalized"))
    }

    @Test func typeVerdicts() throws {
        let integer = Self.spec(schema: "type: object\nproperties:\n  n: {type: integer}")
        let number = Self.spec(schema: "type: object\nproperties:\n  n: {type: number}")
        // integer → number widens: fine for requests, breaking for responses.
        #expect(try Self.ids(integer, number) == ["request-property-type-generalized", "response-property-type-generalized"])
        #expect(try Self.ids(number, integer) == ["request-property-type-changed", "response-property-type-specialized"])
    }

    @Test func listOfTypesIsOneChange() throws {
        let single = Self.spec(schema: "type: object\nproperties:\n  id: {type: string}")
        let list = Self.spec(schema: "type: object\nproperties:\n  id:\n    oneOf: [{type: string}, {type: integer}]")
        // Requests accept more (safe); responses may return a type clients do not expect.
        #expect(try Self.ids(single, list) == ["request-property-list-of-types-widened", "response-property-list-of-types-widened"])
        #expect(try Self.ids(list, single) == ["request-property-list-of-types-narrowed", "response-property-list-of-types-narrowed"])
    }

    @Test func sharedAndRecursiveSchemasStayLinear() throws {
        // A recursive tree used under two properties: the walk terminates, and the shared
        // subtree is examined once per operation, named by the first path that reaches it.
        let node = { (type: String) in
            """
            type: object
            properties:
              left: {$ref: '#/components/schemas/Node'}
              right: {$ref: '#/components/schemas/Node'}
              value: {type: \(type)}
            """
        }
        let wrap = { (type: String) in
            Self.spec(schema: "type: object\nproperties:\n  a: {$ref: '#/components/schemas/Node'}\n  b: {$ref: '#/components/schemas/Node'}")
                + "\n    Node:\n" + node(type).split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        }
        let found = try Self.changes(wrap("string"), wrap("integer"), groups: ["RequestPropertyTypeChangedCheck"])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("'a/value'") == true)
        #expect(found.first?.id == "request-property-type-changed")
    }

    @Test func propertyDeprecationHonoursSunsetPolicy() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  name: {type: string}")
        let soon = Self.spec(schema: "type: object\nproperties:\n  name: {type: string, deprecated: true, x-sunset: '2026-01-10'}")
        let files = TestFiles()
        let base = try APISpec(try SpecLoader().load(path: files.write("b.yaml", old)))
        let revision = try APISpec(try SpecLoader().load(path: files.write("r.yaml", soon)))
        var options = DiffOptions()
        options.groups = ["RequestPropertyDeprecationCheck"]
        options.today = "2026-01-01"
        options.deprecationDaysStable = 30
        #expect(SpecDiff(base: base, revision: revision, options: options).changes().map(\.id)
            == ["request-property-sunset-date-too-small"])
        options.deprecationDaysStable = 5
        #expect(SpecDiff(base: base, revision: revision, options: options).changes().map(\.id)
            == ["request-property-deprecated-with-sunset"])
        #expect(try Self.ids(soon, old) == ["request-property-reactivated", "response-property-reactivated"])
    }

    @Test func enumValuesCompareAsJSONValues() throws {
        let old = Self.spec(schema: "type: object\nproperties:\n  n: {type: number, enum: [1, 2.0, 3]}")
        let new = Self.spec(schema: "type: object\nproperties:\n  n: {type: number, enum: [1.0, 2, 4]}")
        let found = try Self.changes(old, new)
        #expect(Set(found.map(\.id)) == ["request-property-enum-value-removed", "request-property-enum-value-added",
            "response-property-enum-value-added", "response-property-enum-value-removed"])
        #expect(found.filter { $0.id == "request-property-enum-value-removed" }.count == 1)
    }

    @Test func sunsetDates() {
        #expect(SunsetDate("2026-02-01")!.days(since: SunsetDate("2026-01-01")!) == 31)
        #expect(SunsetDate("2024-03-01")!.days(since: SunsetDate("2024-02-28")!) == 2)
        #expect(SunsetDate("2026-01-01T00:00:00Z")?.description == "2026-01-01")
        #expect(SunsetDate("2026-02-30") == nil)
        #expect(SunsetDate("soon") == nil)
    }
}
