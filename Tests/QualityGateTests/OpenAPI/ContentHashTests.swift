import Foundation
import Testing

@testable import QualityGate

/// The hash every node gets when it is made: equal for values that mean the same (key order,
/// number spelling, JSON or YAML), different otherwise, and the same as the diff's own hashing
/// of a tree with references once those are followed.
@Suite struct ContentHashTests {
    static func json(_ text: String) throws -> SpecNode {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try JSONTreeParser.parse(buffer, file: "test.json", limits: SpecLimits())
        }
    }

    static func yaml(_ text: String) throws -> SpecNode {
        try YAMLTreeBuilder.parse(text, file: "test.yaml", limits: SpecLimits())
    }

    @Test func sameMeaningSameHash() throws {
        let a = try Self.json(#"{"type": "object", "maximum": 1000, "enum": ["a", "b"], "x": {"y": null, "z": true}}"#)
        let reordered = try Self.json(#"{"x": {"z": true, "y": null}, "enum": ["a", "b"], "maximum": 1e3, "type": "object"}"#)
        let yaml = try Self.yaml("maximum: 1.0e3\ntype: object\nx: {z: true, y: ~}\nenum: [a, b]\n")
        #expect(a.contentHash == reordered.contentHash)
        #expect(a.contentHash == yaml.contentHash)
        // Exact numbers: int64 bounds that collide through Double stay apart; zeros are one.
        let numbers = try Self.json("[1000, 1e3, 1000.0, 10e2, 0, -0, 0.0, 9223372036854776000, 9223372036854775807, 1.50, 1.5]")
        let hashes = try #require(numbers.array).map(\.contentHash)
        #expect(Set(hashes[0...3]).count == 1)
        #expect(Set(hashes[4...6]).count == 1)
        #expect(hashes[7] != hashes[8])
        #expect(hashes[9] == hashes[10])
        #expect(hashes[0] != hashes[4])
    }

    @Test func differentValuesDifferentHashes() throws {
        // Kinds, strings around the 8-byte word boundaries, prefixes, trailing NUL, order in arrays.
        let values = try #require(try Self.json(#"""
            ["1", 1, true, "true", null, "null", "", [], {}, [[]], [{}],
             "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh\u0000", "abcdefghabcdefgh", "abcdefghabcdefg",
             ["a", "b"], ["b", "a"], {"a": "b"}, {"b": "a"}, {"a": {"b": 1}}, {"a": {"c": 1}}, {"ab": 1}, {"a": 1, "b": 1}]
            """#).array)
        let hashes = values.map(\.contentHash)
        #expect(Set(hashes).count == values.count)
    }

    @Test func referencesAreMarkedAndLeftOutOfTheHash() throws {
        let tree = try Self.json(##"{"a": {"b": [{"$ref": "#/c"}]}, "c": {"type": "string"}, "d": {"$ref": 5}}"##)
        #expect(!tree.isReferenceFree)
        #expect(try #require(tree["a"]).isReferenceFree == false)
        #expect(try #require(tree["a"]?["b"]).isReferenceFree == false)
        #expect(try #require(tree["c"]).isReferenceFree)
        // A `$ref` that is not a string is no reference; the member is left out all the same.
        #expect(try #require(tree["d"]).isReferenceFree)
        #expect(try #require(tree["d"]).contentHash == (try Self.json("{}")).contentHash)
    }

    /// Through `$ref`s the diff hashes what they point to, with the same rules as the stored
    /// hash: an inline schema and a `$ref` to the same schema are equivalent.
    @Test func diffHashOfReferencesMatchesStoredHashOfInlineCopy() throws {
        let files = TestFiles()
        func spec(_ name: String, schema: String, components: String = "") -> String {
            files.write(name, """
                openapi: 3.0.0
                info: {title: t, version: "1"}
                paths:
                  /a:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: \(schema)
                """ + components)
        }
        let base = spec("base.yaml", schema: "{type: object, properties: {id: {type: integer}, tags: {type: array, items: {type: string}}}}")
        let revision = spec("revision.yaml", schema: ##"{$ref: "#/components/schemas/Thing"}"##, components: """

            components:
              schemas:
                Thing: {properties: {tags: {items: {$ref: "#/components/schemas/Tag"}, type: array}, id: {type: integer}}, type: object}
                Tag: {type: string}
            """)
        let baseSpec = try APISpec(SpecLoader().load(path: base))
        let revisionSpec = try APISpec(SpecLoader().load(path: revision))
        let context = DiffContext(base: baseSpec, revision: revisionSpec, options: DiffOptions())
        let pair = try #require(context.pairs.first)
        let baseResponse = try #require(pair.base.node["responses"])
        let revisionResponse = try #require(pair.revision.node["responses"])
        #expect(try #require(baseResponse["200"]).isReferenceFree)
        #expect(try #require(revisionResponse["200"]).isReferenceFree == false)
        #expect(context.isEquivalent(baseResponse, revisionResponse))
        #expect(context.fingerprint(revisionResponse) == baseResponse.contentHash)
        #expect(SpecDiff(base: baseSpec, revision: revisionSpec).changes().filter { $0.level > .info }.isEmpty)
    }
}
