import Foundation
import Testing

@testable import QualityGate

/// The schema-structure rules (discriminator, allOf/anyOf/oneOf, prefixItems, contains,
/// dependentRequired/Schemas, if/then/else, propertyNames, unevaluated*): oasdiff's exact
/// change counts on its own fixtures, and the refinements on small inline specs.
@Suite struct SchemaStructureChecksTests {
    static let groupNames = Set(SchemaStructureChecks.groups.map(\.name))

    static func changes(_ base: APISpec, _ revision: APISpec, group: String?, minimum: ChangeLevel = .info) -> [SpecChange] {
        var options = DiffOptions()
        options.today = "2026-08-08"
        options.groups = group.map { [$0] }
        options.minimumLevel = minimum
        return SpecDiff(base: base, revision: revision, options: options).changes()
    }

    static func load(_ path: String) throws -> APISpec {
        try APISpec(SpecLoader().load(path: path))
    }

    /// An OpenAPI 3.1 document with one `POST /items` whose request body and 200 response
    /// share `schema` (YAML, indented for the `schema:` key).
    static func spec(_ files: TestFiles, _ name: String, schema: String, components: String = "") throws -> APISpec {
        func indent(_ text: String, _ spaces: Int) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }
                .joined(separator: "\n")
        }
        let text = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /items:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema:
            \(indent(schema, 14))
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
            \(indent(schema, 16))
            components:
              schemas:
                Placeholder: {type: string}
            \(indent(components, 4))
            """
        return try load(files.write(name, text))
    }

    static func ids(_ base: String, _ revision: String, components: String = "", group: String? = nil) throws -> [String] {
        let files = TestFiles()
        let a = try spec(files, "base.yaml", schema: base, components: components)
        let b = try spec(files, "revision.yaml", schema: revision, components: components)
        // Only this area's IDs: other areas' groups run too when `group` is nil.
        return changes(a, b, group: group).map(\.id).filter { CheckCatalog.rule($0).map { groupNames.contains($0.group) } ?? false }
    }

    // MARK: oasdiff's fixtures, exact counts

    /// Every expected.tsv row of this area that pins `changes_total` for its single group:
    /// the number of changes must match oasdiff's, not only the presence of the ID.
    @Test func oasdiffChangeCountsPerGroup() throws {
        let text = try String(
            contentsOfFile: TestFiles.conformance("openapi/oasdiff-oasdiff/expected.tsv"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 11, Self.groupNames.contains(f[6]), let total = Int(f[5]) else { continue }
            let root = TestFiles.conformance("openapi/oasdiff-oasdiff") + "/"
            let found = Self.changes(try Self.load(root + f[0]), try Self.load(root + f[1]), group: f[6],
                minimum: ChangeLevel(name: f[7]) ?? .info)
            #expect(found.count == total, "\(f[6]) \(f[0]) -> \(f[1]): \(found.map(\.id))")
            checked += 1
        }
        #expect(checked == 51)
    }

    // MARK: Direction

    @Test func addingAOneOfBranchBreaksResponsesNotRequests() throws {
        let files = TestFiles()
        let base = try Self.spec(files, "a.yaml", schema: "oneOf:\n  - {type: object, properties: {a: {type: string}}}\n  - {type: object, properties: {b: {type: string}}}")
        let revision = try Self.spec(files, "b.yaml", schema: "oneOf:\n  - {type: object, properties: {a: {type: string}}}\n  - {type: object, properties: {b: {type: string}}}\n  - {type: object, properties: {c: {type: string}}}")
        let request = Self.changes(base, revision, group: "RequestPropertyOneOfUpdatedCheck")
        let response = Self.changes(base, revision, group: "ResponsePropertyOneOfUpdated")
        #expect(request.map(\.id) == ["request-body-one-of-added"])
        #expect(request.first?.level == .info)
        #expect(response.map(\.id) == ["response-body-one-of-added"])
        #expect(response.first?.level == .err)
        #expect(response.first?.message == "added subschema #3 to the 'oneOf' list of the response body for the response status 200")
        // Located at the new branch in the revision.
        #expect(response.first?.revision?.pointer.hasSuffix("/schema/oneOf/2") == true)
    }

    // MARK: Refinements

    @Test func oneOfWrappingOfTheBodyIsNotReportedAsOneOfAdded() throws {
        let base = "type: object\nproperties:\n  name: {type: string}\n  age: {type: integer}"
        let wrapped = "oneOf:\n  - {type: object, properties: {name: {type: string}}}\n  - {type: object, properties: {age: {type: integer}}}"
        #expect(try Self.ids(base, wrapped).isEmpty)
        // The same change one level down (a property wrapped) is still a oneOf change.
        let nested = try Self.ids("type: object\nproperties:\n  pet:\n" + base.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"),
            "type: object\nproperties:\n  pet:\n" + wrapped.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        #expect(nested.sorted() == ["request-property-one-of-added", "response-property-one-of-added"])
    }

    @Test func listOfTypesChangesAreLeftToTheListOfTypesRules() throws {
        let ids = try Self.ids("type: string", "oneOf:\n  - {type: string}\n  - {type: integer}")
        #expect(ids.isEmpty)
        // A real alternative (an object) is a oneOf change.
        let objects = try Self.ids("oneOf:\n  - {type: string}", "oneOf:\n  - {type: string}\n  - {type: object, properties: {a: {type: string}}}")
        #expect(objects.sorted() == ["request-body-one-of-added", "response-body-one-of-added"])
    }

    @Test func annotationOnlyAllOfMembersAreReportedApart() throws {
        let files = TestFiles()
        let base = try Self.spec(files, "a.yaml", schema: "type: object\nproperties: {a: {type: string}}")
        let revision = try Self.spec(files, "b.yaml",
            schema: "type: object\nproperties: {a: {type: string}}\nallOf:\n  - {title: Note, description: just words}\n  - {required: [a]}")
        let found = Self.changes(base, revision, group: "RequestPropertyAllOfUpdatedCheck")
        #expect(found.map(\.id).sorted() == ["request-body-all-of-added", "request-body-all-of-added-annotation-only"])
        let note = found.first { $0.id == "request-body-all-of-added-annotation-only" }
        #expect(note?.level == .info)
        #expect(note?.message == "added annotation-only subschema #1: Note to the 'allOf' list of the request body")
        #expect(found.first { $0.id == "request-body-all-of-added" }?.level == .err)
    }

    @Test func inlineToRefRefactorIsNotAnAlternativeChange() throws {
        // The inline branch becomes a $ref to a component that differs only by a title.
        let components = "Cat: {title: Cat, type: object, properties: {meow: {type: boolean}}}"
        let ids = try Self.ids("anyOf:\n  - {type: object, properties: {meow: {type: boolean}}}\n  - {type: string}",
            "anyOf:\n  - $ref: '#/components/schemas/Cat'\n  - {type: string}", components: components)
        #expect(ids.isEmpty)
        // A real change of the branch is still reported, in both directions' terms.
        let changed = try Self.ids("anyOf:\n  - {type: object, properties: {meow: {type: string}}}\n  - {type: string}",
            "anyOf:\n  - $ref: '#/components/schemas/Cat'\n  - {type: string}", components: components)
        #expect(changed.sorted() == [
            "request-body-any-of-added", "request-body-any-of-removed", "response-body-any-of-added",
            "response-body-any-of-removed",
        ])
    }

    @Test func prefixItemsThatRestateItemsAreNotAChange() throws {
        let base = "type: array\nitems: {type: string}"
        #expect(try Self.ids(base, base + "\nprefixItems:\n  - {type: string, description: first}").isEmpty)
        #expect(try Self.ids(base, base + "\nprefixItems:\n  - {type: integer}").sorted()
            == ["request-body-prefix-items-added", "response-body-prefix-items-added"])
    }

    // MARK: Keywords

    @Test func discriminatorMappingChangesNameTheKeys() throws {
        let files = TestFiles()
        let components = "Dog: {type: object, properties: {kind: {type: string}}}\nCat: {type: object, properties: {kind: {type: string}}}"
        let schema = { (mapping: String) in
            "type: object\nproperties:\n  pet:\n    oneOf:\n      - $ref: '#/components/schemas/Dog'\n      - $ref: '#/components/schemas/Cat'\n    discriminator:\n      propertyName: kind\n      mapping: {\(mapping)}"
        }
        let base = try Self.spec(files, "a.yaml", schema: schema("dog: '#/components/schemas/Dog', cat: '#/components/schemas/Cat'"),
            components: components)
        let revision = try Self.spec(files, "b.yaml", schema: schema("dog: '#/components/schemas/Cat', bird: '#/components/schemas/Cat'"),
            components: components)
        let found = Self.changes(base, revision, group: "RequestDiscriminatorUpdatedCheck")
        #expect(found.map(\.message).sorted() == [
            "added the discriminator mapping keys 'bird' to the request property 'pet'",
            "changed the discriminator mapping of key 'dog' in the request property 'pet' from '#/components/schemas/Dog' to '#/components/schemas/Cat'",
            "removed the discriminator mapping keys 'cat' from the request property 'pet'",
        ])
    }

    @Test func containsBoundsAreComparedOnlyWhenBothSidesSetThem() throws {
        let base = "type: array\ncontains: {type: string}"
        #expect(try Self.ids(base, base + "\nminContains: 2").isEmpty)
        let files = TestFiles()
        let a = try Self.spec(files, "a.yaml", schema: base + "\nminContains: 2\nmaxContains: 5")
        let b = try Self.spec(files, "b.yaml", schema: base + "\nminContains: 3\nmaxContains: 4")
        let request = Self.changes(a, b, group: "RequestPropertyContainsUpdatedCheck")
        #expect(request.map(\.id).sorted() == ["request-body-max-contains-decreased", "request-body-min-contains-increased"])
        #expect(request.allSatisfy { $0.level == .err })
        let response = Self.changes(a, b, group: "ResponsePropertyContainsUpdatedCheck")
        #expect(response.map(\.id).sorted() == ["response-body-max-contains-decreased", "response-body-min-contains-increased"])
        #expect(response.allSatisfy { $0.level == .info })
        #expect(request.contains { $0.message == "increased minContains of the request body from 2 to 3" })
    }

    @Test func dependentRequiredChangeListsAddedAndRemovedNames() throws {
        let files = TestFiles()
        let a = try Self.spec(files, "a.yaml", schema: "type: object\ndependentRequired: {card: [address, zip]}")
        let b = try Self.spec(files, "b.yaml", schema: "type: object\ndependentRequired: {card: [address, cvc]}")
        let found = Self.changes(a, b, group: "ResponsePropertyDependentRequiredChangedCheck")
        #expect(found.map(\.message) == [
            "changed dependentRequired for 'card' in the response body: 'cvc' added, 'zip' removed for the response status 200"
        ])
        #expect(found.first?.level == .err)
    }

    @Test func conditionalAndUnevaluatedKeywordsOnAProperty() throws {
        let base = "type: object\nproperties:\n  meta: {type: object}"
        let revision = "type: object\nproperties:\n  meta:\n    type: object\n    if: {required: [a]}\n    then: {required: [b]}\n    unevaluatedProperties: false\n    propertyNames: {maxLength: 3}"
        let ids = try Self.ids(base, revision)
        #expect(ids.sorted() == [
            "request-property-if-added", "request-property-property-names-added", "request-property-then-added",
            "request-property-unevaluated-properties-added", "response-property-if-added",
            "response-property-property-names-added", "response-property-then-added",
            "response-property-unevaluated-properties-added",
        ])
        #expect(try Self.ids(revision, base).sorted() == [
            "request-property-if-removed", "request-property-property-names-removed", "request-property-then-removed",
            "request-property-unevaluated-properties-removed", "response-property-if-removed",
            "response-property-property-names-removed", "response-property-then-removed",
            "response-property-unevaluated-properties-removed",
        ])
    }

    @Test func recursiveSchemasTerminateAndUnchangedSpecsAreSilent() throws {
        let components = "Node:\n  type: object\n  properties:\n    next: {$ref: '#/components/schemas/Node'}\n    kids:\n      type: array\n      items: {$ref: '#/components/schemas/Node'}"
        let same = "$ref: '#/components/schemas/Node'"
        #expect(try Self.ids(same, same, components: components).isEmpty)
        let files = TestFiles()
        let a = try Self.spec(files, "a.yaml", schema: same, components: components)
        let b = try Self.spec(files, "b.yaml", schema: same,
            components: components + "\n  dependentSchemas: {next: {required: [kids]}}")
        let found = Self.changes(a, b, group: "RequestPropertyDependentSchemasUpdatedCheck")
        #expect(found.map(\.id).contains("request-body-dependent-schema-added"))
    }

    @Test func nullableWrappingIsNotAOneOfChange() throws {
        let components = "Pet: {type: object, properties: {name: {type: string}}}"
        let base = "type: object\nproperties:\n  pet: {$ref: '#/components/schemas/Pet'}"
        let wrapped = "type: object\nproperties:\n  pet:\n    oneOf:\n      - {type: 'null'}\n      - $ref: '#/components/schemas/Pet'"
        #expect(try Self.ids(base, wrapped, components: components).isEmpty)
        #expect(try Self.ids(wrapped, base, components: components).isEmpty)
        // A second real branch is not a nullable wrapping.
        let widened = wrapped + "\n      - {type: integer}"
        #expect(try Self.ids(base, widened, components: components).sorted()
            == ["request-property-one-of-added", "response-property-one-of-added"])
    }

    /// A schema reached through many paths is walked once per body (oasdiff's walk does the
    /// same): 20 levels of two properties each pointing to the next level are 2^20 paths but
    /// only 20 distinct schema pairs, and the change at the bottom is reported once, at the
    /// first path.
    @Test func sharedSchemasAreWalkedOncePerBody() throws {
        var components = ""
        for level in 0..<20 {
            components += "L\(level): {type: object, properties: {a: {$ref: '#/components/schemas/L\(level + 1)'}, b: {$ref: '#/components/schemas/L\(level + 1)'}}}\n"
        }
        let files = TestFiles()
        let a = try Self.spec(files, "a.yaml", schema: "$ref: '#/components/schemas/L0'",
            components: components + "L20: {type: object}")
        let b = try Self.spec(files, "b.yaml", schema: "$ref: '#/components/schemas/L0'",
            components: components + "L20: {type: object, propertyNames: {maxLength: 3}}")
        let context = DiffContext(base: a, revision: b, options: DiffOptions())
        let body = try #require(a.operations.first?.requestBody?.content.first?.schema)
        let revisionBody = try #require(b.operations.first?.requestBody?.content.first?.schema)
        #expect(context.modifiedProperties(Schema(body, in: a), Schema(revisionBody, in: b)).count == 20)
        let found = Self.changes(a, b, group: "RequestPropertyPropertyNamesUpdatedCheck")
        #expect(found.map(\.message) == [
            "added the 'propertyNames' constraint to the request property "
                + "'a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a'"
        ])
    }

    @Test func inlineBranchesPairByTitleOrAsTheSingleUntitledLeftover() throws {
        // One untitled inline branch edited on each side: the same branch, modified.
        #expect(try Self.ids("oneOf:\n  - {type: string}\n  - {type: object, properties: {a: {type: string}}}",
            "oneOf:\n  - {type: string}\n  - {type: object, properties: {a: {type: integer}}}").isEmpty)
        // A retitled branch is another branch: one removed, one added.
        let retitled = try Self.ids(
            "oneOf:\n  - {type: string}\n  - {title: Cat, type: object, properties: {a: {type: string}}}",
            "oneOf:\n  - {type: string}\n  - {title: Dog, type: object, properties: {a: {type: integer}}}")
        #expect(retitled.sorted() == [
            "request-body-one-of-added", "request-body-one-of-removed", "response-body-one-of-added",
            "response-body-one-of-removed",
        ])
    }
}
