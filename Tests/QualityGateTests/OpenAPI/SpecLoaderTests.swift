import Foundation
import Testing

@testable import QualityGate

/// Loading real specs (shared/conformance/openapi/big, counts from its SOURCES.md) and refusing
/// bad ones with a located, one-line error.
@Suite struct SpecLoaderTests {
    struct BigSpec: Sendable, CustomTestStringConvertible {
        var file: String
        var dialect: APISpec.Dialect
        var paths: Int
        var operations: Int
        var schemas: Int
        var webhooks: Int = 0
        var testDescription: String { file }
    }

    /// SOURCES.md, table of `big/`.
    static let bigSpecs: [BigSpec] = [
        BigSpec(file: "github-rest-api-description/api.github.com.2020-07-30.json", dialect: .openapi30, paths: 403, operations: 623, schemas: 187),
        BigSpec(file: "github-rest-api-description/api.github.com.2020-07-30.yaml", dialect: .openapi30, paths: 403, operations: 623, schemas: 187),
        BigSpec(file: "github-rest-api-description/api.github.com.2022-06-11.json", dialect: .openapi30, paths: 498, operations: 771, schemas: 299),
        BigSpec(file: "stripe-openapi/spec3.2022-04-12.json", dialect: .openapi30, paths: 261, operations: 417, schemas: 561),
        BigSpec(file: "stripe-openapi/spec3.2022-04-12.yaml", dialect: .openapi30, paths: 261, operations: 417, schemas: 561),
        BigSpec(file: "stripe-openapi/spec3.2023-09-13.yaml", dialect: .openapi30, paths: 318, operations: 468, schemas: 819),
        BigSpec(file: "kubernetes/swagger.v1.34.3.json", dialect: .swagger2, paths: 534, operations: 1062, schemas: 730),
        BigSpec(file: "kubernetes/swagger.v1.35.0.json", dialect: .swagger2, paths: 537, operations: 1067, schemas: 735),
        BigSpec(file: "kubernetes/swagger.v1.35.0.derived.yaml", dialect: .swagger2, paths: 537, operations: 1067, schemas: 735),
        BigSpec(file: "openai-openapi/openapi.json", dialect: .openapi31, paths: 182, operations: 288, schemas: 1422, webhooks: 16),
        BigSpec(file: "openai-openapi/openapi.yaml", dialect: .openapi31, paths: 182, operations: 288, schemas: 1422, webhooks: 16),
        BigSpec(file: "adyen-openapi/json/CheckoutService-v70.json", dialect: .openapi31, paths: 26, operations: 28, schemas: 249),
        BigSpec(file: "adyen-openapi/json/CheckoutService-v71.json", dialect: .openapi31, paths: 26, operations: 28, schemas: 250),
        BigSpec(file: "adyen-openapi/yaml/CheckoutService-v70.yaml", dialect: .openapi31, paths: 26, operations: 28, schemas: 249),
        BigSpec(file: "adyen-openapi/yaml/CheckoutService-v71.yaml", dialect: .openapi31, paths: 26, operations: 28, schemas: 250),
        BigSpec(file: "adyen-openapi/json/BalancePlatformConfigurationNotification-v2.json", dialect: .openapi31, paths: 0,
            operations: 0, schemas: 75, webhooks: 26),
        BigSpec(file: "adyen-openapi/yaml/BalancePlatformConfigurationNotification-v2.yaml", dialect: .openapi31, paths: 0,
            operations: 0, schemas: 75, webhooks: 26),
        // Multi-file: every path item points into resources/; `x-codeSamples` $refs dangle on purpose.
        BigSpec(file: "digitalocean-openapi/specification/DigitalOcean-public.v2.yaml", dialect: .openapi30, paths: 445,
            operations: 659, schemas: 0),
    ]

    static func big(_ file: String) -> String { TestFiles.conformance("openapi/big/" + file) }

    @Test(arguments: bigSpecs)
    func loadsRealSpec(_ expected: BigSpec) throws {
        let document = try SpecLoader().load(path: Self.big(expected.file))
        let spec = try APISpec(document)
        #expect(spec.dialect == expected.dialect)
        #expect(document.resolve(spec.root["paths"])?.object?.count ?? 0 == expected.paths)
        #expect(spec.operations.count == expected.operations)
        #expect(spec.schemas.count == expected.schemas)
        #expect(spec.webhooks.count == expected.webhooks)
        // Every operation has at least one response, reached through the $refs.
        #expect(spec.operations.allSatisfy { !$0.responses.isEmpty })
    }

    // MARK: JSON/YAML twins

    /// The same spec published as JSON and as YAML loads to the same tree (YAML 1.2 core
    /// scalars: OpenAI's unquoted `2024-10-01` stays a string, as in its JSON).
    @Test(arguments: [
        ("github-rest-api-description/api.github.com.2020-07-30.json", "github-rest-api-description/api.github.com.2020-07-30.yaml"),
        ("stripe-openapi/spec3.2022-04-12.json", "stripe-openapi/spec3.2022-04-12.yaml"),
        ("kubernetes/swagger.v1.35.0.json", "kubernetes/swagger.v1.35.0.derived.yaml"),
        ("openai-openapi/openapi.json", "openai-openapi/openapi.yaml"),
        ("adyen-openapi/json/CheckoutService-v70.json", "adyen-openapi/yaml/CheckoutService-v70.yaml"),
        ("adyen-openapi/json/CheckoutService-v71.json", "adyen-openapi/yaml/CheckoutService-v71.yaml"),
        ("adyen-openapi/json/BalancePlatformConfigurationNotification-v2.json",
            "adyen-openapi/yaml/BalancePlatformConfigurationNotification-v2.yaml"),
    ])
    func jsonAndYAMLTwinsLoadAlike(_ json: String, _ yaml: String) throws {
        let a = try APISpec(SpecLoader().load(path: Self.big(json)))
        let b = try APISpec(SpecLoader().load(path: Self.big(yaml)))
        #expect(a.operations.count == b.operations.count)
        #expect(a.operations.map(\.key) == b.operations.map(\.key))
        #expect(a.schemas.map(\.name) == b.schemas.map(\.name))
        // A few components, then everything.
        for (name, node) in a.schemas.prefix(5) {
            let twin = try #require(b.schemas.first { $0.name == name })
            #expect(node.canonicalText == twin.node.canonicalText, "schema \(name)")
        }
        #expect(Self.firstDifference(a.root, b.root) == nil)
        let sameCanonicalText = a.root.canonicalText == b.root.canonicalText
        #expect(sameCanonicalText)
        // Locations are the twin's own: the same operation sits on different lines.
        if let first = a.operations.first, let twin = b.operations.first {
            #expect(first.node.location.file.hasSuffix(json))
            #expect(twin.node.location.file.hasSuffix(yaml))
            #expect(first.node.pointer == twin.node.pointer)
        }
    }

    /// The pointer and values of the first difference between two trees, for a readable failure.
    static func firstDifference(_ a: SpecNode, _ b: SpecNode) -> String? {
        if a.isEqual(to: b) { return nil }
        switch (a.value, b.value) {
        case (.object(let x), .object(let y)) where x.count == y.count:
            for entry in x.entries {
                guard let other = y[entry.key] else { return "\(a.pointer): '\(entry.key)' only on one side" }
                if let difference = firstDifference(entry.node, other) { return difference }
            }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for (u, v) in zip(x, y) {
                if let difference = firstDifference(u, v) { return difference }
            }
        default:
            break
        }
        return "\(a.pointer): \(a.canonicalText.prefix(120)) ≠ \(b.canonicalText.prefix(120))"
    }

    // MARK: Canonical model

    @Test func swagger2IndexesBodiesParametersAndMediaTypes() throws {
        let spec = try APISpec(SpecLoader().load(path: Self.big("kubernetes/swagger.v1.35.0.json")))
        let create = try #require(spec.operation(method: "post", path: "/api/v1/namespaces/{namespace}/pods"))
        let body = try #require(create.requestBody)
        #expect(body.isRequired)
        #expect(body.content.map(\.name) == ["*/*"])
        #expect(body.content.first?.schema?.reference == "#/definitions/io.k8s.api.core.v1.Pod")
        #expect(spec.schema(try #require(body.content.first?.schema)).properties.map(\.name).contains("spec"))
        // Global parameters through `#/parameters/…`, path-level ones merged in.
        let pretty = try #require(create.parameter("pretty", in: "query"))
        #expect(pretty.isPathLevel)
        #expect(pretty.schema?["type"]?.string == "string")
        #expect(create.parameter("namespace", in: "path")?.isRequired == true)
        #expect(create.parameters.allSatisfy { $0.location != "body" })
        // Response schemas under every `produces` type.
        let ok = try #require(create.response("200"))
        #expect(ok.content.map(\.name) == ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf",
            "application/cbor"])
        #expect(ok.content.first?.schema?.reference == "#/definitions/io.k8s.api.core.v1.Pod")
    }

    @Test func swagger2FormDataGlobalRefsAndDefaults() throws {
        let files = TestFiles()
        let path = files.write("petstore.yaml", """
            swagger: "2.0"
            info: {title: t, version: "1"}
            consumes: [application/json]
            produces: [application/xml]
            parameters:
              Limit: {name: limit, in: query, type: integer, maximum: 100}
            responses:
              NotFound: {description: missing, schema: {$ref: "#/definitions/Error"}}
            paths:
              /pets/{id}:
                parameters:
                  - {name: id, in: path, required: true, type: string}
                get:
                  parameters: [{$ref: "#/parameters/Limit"}]
                  responses:
                    "200": {description: ok, schema: {$ref: "#/definitions/Pet"}, headers: {X-Rate: {type: integer}}}
                    "404": {$ref: "#/responses/NotFound"}
                post:
                  consumes: [multipart/form-data]
                  parameters:
                    - {name: name, in: formData, required: true, type: string}
                    - {name: photo, in: formData, type: file}
                  responses: {"201": {description: created}}
                put:
                  parameters:
                    - {name: name, in: formData, type: string}
                  responses: {"204": {description: done}}
            definitions:
              Pet: {type: object, properties: {name: {type: string}, parent: {$ref: "#/definitions/Pet"}}}
              Error: {type: object, properties: {message: {type: string}}}
            """)
        let spec = try APISpec(SpecLoader().load(path: path))
        #expect(spec.dialect == .swagger2)
        let get = try #require(spec.operation(method: "get", path: "/pets/{id}"))
        #expect(get.parameters.map(\.name) == ["id", "limit"])
        #expect(get.parameter("limit", in: "query")?.schema?["maximum"]?.int == 100)
        #expect(get.response("200")?.content.map(\.name) == ["application/xml"])
        #expect(get.response("200")?.header("x-rate")?.schema?["type"]?.string == "integer")
        let missing = try #require(get.response("404"))
        #expect(missing.description == "missing")
        #expect(missing.content.first?.schema?.reference == "#/definitions/Error")
        let post = try #require(spec.operation(method: "post", path: "/pets/{id}"))
        let form = try #require(post.requestBody)
        #expect(form.isRequired)
        #expect(form.content.map(\.name) == ["multipart/form-data"])
        let schema = spec.schema(try #require(form.content.first?.schema))
        #expect(schema.type == "object")
        #expect(schema.properties.map(\.name) == ["name", "photo"])
        #expect(schema.required == ["name"])
        #expect(post.parameter("photo", in: "formData") != nil)  // still a parameter too
        // A form with no form type in `consumes` falls back to url-encoded, optional.
        let put = try #require(spec.operation(method: "put", path: "/pets/{id}"))
        #expect(put.requestBody?.content.map(\.name) == ["application/x-www-form-urlencoded"])
        #expect(put.requestBody?.isRequired == false)
        // Recursive definitions resolve to themselves.
        let pet = try #require(spec.schemas.first { $0.name == "Pet" }?.node)
        #expect(spec.schema(try #require(pet["properties"]?["parent"])).node === pet)
    }

    /// OpenAI declares 3.1.0 but writes 3.0's `nullable` (112 times) and boolean
    /// `exclusiveMinimum` (7 times): loaded, with one warning per foreign form.
    @Test func mixedDialectIsAWarningNotAFailure() throws {
        let spec = try APISpec(SpecLoader().load(path: Self.big("openai-openapi/openapi.json")))
        let mixed = spec.warnings.filter { $0.code == "openapi.mixed-dialect" }
        #expect(mixed.count == 2)
        #expect(mixed.contains { $0.message.contains("the 3.0 keyword 'nullable'") && $0.message.contains(" 112 times, first at /paths/") })
        #expect(mixed.contains { $0.message.contains("3.0 boolean exclusiveMinimum/exclusiveMaximum") && $0.message.contains(" 7 times") })
        #expect(mixed.allSatisfy { $0.line != nil && $0.file?.hasSuffix("openapi.json") == true })
        // The Schema view reads the 3.0 forms of a 3.1 document as meant.
        let learningRate = try #require(spec.schemas.first { $0.name == "CreateFineTuningJobRequest" }?.node)
        let multiplier = try #require(learningRate["properties"]?["hyperparameters"]?["properties"]?["learning_rate_multiplier"]?["oneOf"]?.array?[1])
        #expect(spec.schema(multiplier).minimum?.exclusive == true)
    }

    @Test func mixedDialectIn30() throws {
        let files = TestFiles()
        let path = files.write("a.yaml", """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths: {}
            components:
              schemas:
                A: {type: [string, "null"], exclusiveMinimum: 3}
                B: {type: integer, nullable: true, exclusiveMaximum: true, maximum: 4}
            """)
        let spec = try APISpec(SpecLoader().load(path: path))
        let messages = spec.warnings.filter { $0.code == "openapi.mixed-dialect" }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("type lists") && $0.contains("/components/schemas/A/type") })
        #expect(messages.contains { $0.contains("numeric exclusiveMinimum") })
    }

    @Test func recursiveSchemasLoad() throws {
        let files = TestFiles()
        let path = files.write("r.yaml", """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths: {}
            components:
              schemas:
                Node: {type: object, properties: {children: {type: array, items: {$ref: "#/components/schemas/Node"}}}}
                A: {allOf: [{$ref: "#/components/schemas/B"}]}
                B: {properties: {a: {$ref: "#/components/schemas/A"}}}
                Alias: {$ref: "#/components/schemas/Node"}
            """)
        let spec = try APISpec(SpecLoader().load(path: path))
        let node = try #require(spec.schemas.first { $0.name == "Node" }?.node)
        let items = try #require(node["properties"]?["children"]?["items"])
        #expect(spec.document.resolve(items) === node)
        let alias = try #require(spec.schemas.first { $0.name == "Alias" }?.node)
        #expect(spec.document.resolve(alias) === node)
        let a = try #require(spec.schemas.first { $0.name == "A" }?.node)
        let b = try #require(spec.schemas.first { $0.name == "B" }?.node)
        #expect(spec.document.resolve(try #require(a["allOf"]?.array?.first)) === b)
        #expect(spec.document.resolve(try #require(b["properties"]?["a"])) === a)
    }

    /// Plain YAML scalars follow the YAML 1.2 core schema (as the JSON twin reads), except
    /// that a leading-zero digit string stays a string.
    @Test func yamlScalarsReadLikeTheirJSONTwin() throws {
        let files = TestFiles()
        let path = files.write("s.yaml", """
            openapi: 3.0.0
            values: [044925, 0, -0.5, 1e3, +7, 0x1F, 0o17, 2024-10-01, yes, no, on, .inf, ~, null, True, "12", '3', 1_000, 12:30]
            """)
        let values = try #require(SpecLoader().load(path: path).root["values"]?.array)
        #expect(values.map(\.canonicalText) == ["\"044925\"", "0", "-0.5e0", "0.1e4", "0.7e1", "0.31e2", "0.15e2",
            "\"2024-10-01\"", "\"yes\"", "\"no\"", "\"on\"", "\".inf\"", "null", "null", "true", "\"12\"", "\"3\"",
            "\"1_000\"", "\"12:30\""])
    }

    /// `$ref`s inside data are data: example values (GitHub's SCIM examples), `x-` extensions
    /// (DigitalOcean's code samples), enum/default/const. A property *named* `default` or
    /// `example` is still a schema whose `$ref` resolves.
    @Test func referencesInsideDataAreNotResolved() throws {
        let files = TestFiles()
        let path = files.write("d.yaml", """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /a:
                get:
                  x-codeSamples: [{lang: curl, source: {$ref: "missing/curl.sh"}}]
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/S"}
                          example: {$ref: "https://example.com/not-fetched"}
                          examples:
                            one: {value: {$ref: "https://example.com/x"}}
                            two: {$ref: "#/components/examples/Two"}
            components:
              examples:
                Two: {value: {members: [{$ref: "https://api.github.com/scim/v2/Users/1"}]}}
              schemas:
                S:
                  type: object
                  default: {$ref: "nowhere.yaml"}
                  enum: [{$ref: "nowhere.yaml"}]
                  properties:
                    default: {$ref: "#/components/schemas/T"}
                    example: {$ref: "#/components/schemas/T"}
                    x-custom: {$ref: "#/components/schemas/T"}
                T: {type: string}
            """)
        let spec = try APISpec(SpecLoader().load(path: path))
        let s = try #require(spec.schemas.first { $0.name == "S" }?.node)
        let t = try #require(spec.schemas.first { $0.name == "T" }?.node)
        for name in ["default", "example", "x-custom"] {
            #expect(spec.document.resolve(try #require(s["properties"]?[name])) === t, "property \(name)")
        }
        let media = try #require(spec.operations.first?.response("200")?.mediaType("application/json"))
        #expect(media.examples(in: spec.document).count == 3)
    }

    /// The diff walks body properties for stability moves only when some `x-stability-level`
    /// sits on a schema; the loader notes that in the walk it makes anyway, in any file a
    /// `$ref` reaches, and not for operations or data (examples, extensions).
    @Test func schemaStabilityLevelsAreNotedWhileLoading() throws {
        let files = TestFiles()
        var written = 0
        func spec(_ operationExtras: String, schema: String) throws -> SpecDocument {
            written += 1
            let path = files.write("s\(written).yaml", """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                paths:
                  /a:
                    get:
                      \(operationExtras)
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: \(schema)
                              example: {id: 1, x-stability-level: beta}
                components:
                  schemas:
                    S: {type: object, properties: {id: {type: integer}}}
                """)
            return try SpecLoader().load(path: path)
        }
        #expect(try !spec("x-stability-level: beta", schema: "{$ref: '#/components/schemas/S'}").holdsSchemaStabilityLevel)
        #expect(try spec("operationId: a", schema: "{type: object, x-stability-level: alpha}").holdsSchemaStabilityLevel)
        _ = files.write("other.yaml", "O: {type: object, properties: {id: {type: integer, x-stability-level: draft}}}\n")
        #expect(try spec("operationId: a", schema: "{$ref: 'other.yaml#/O'}").holdsSchemaStabilityLevel)
    }

    // MARK: oasdiff's fixtures

    /// Fixtures of oasdiff's test suite that do not load, and why; every other one loads.
    static let oasdiffFailures: [String: String] = [
        // Deliberately invalid (oasdiff's `validate` and `upgrade` tests expect them refused).
        "data/validate/openapi-version-empty.yaml": "openapi.not-a-spec",  // openapi: ""
        "data/upgrade/invalid.yaml": "openapi.not-a-spec",  // "this is not openapi at all"
        // Components-only fragments without an `openapi` field (a description-diff CLI test).
        "data/description/spec1.yml": "openapi.not-a-spec",
        "data/description/spec2.yml": "openapi.not-a-spec",
        // Not entry files: schema files that the ref-chain-example specs pull in.
        "data/ref-chain-example/base/schemas/pet.yaml": "openapi.not-a-spec",
        "data/ref-chain-example/revision/schemas/pet.yaml": "openapi.not-a-spec",
    ]

    @Test func oasdiffFixturesLoadOrFailForAReason() throws {
        let root = TestFiles.conformance("openapi/oasdiff-oasdiff") + "/"
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var loaded = 0
        var failures: [String: String] = [:]
        for case let relative as String in enumerator {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") || relative.hasSuffix(".json") else { continue }
            guard relative.hasPrefix("data/") || relative.hasPrefix("flatten/") else { continue }
            do {
                _ = try APISpec(SpecLoader().load(path: root + relative))
                loaded += 1
            } catch {
                failures[relative] = error.code
                print("oasdiff fixture: \(relative): \(error)")
            }
        }
        print("oasdiff fixtures: \(loaded) loaded, \(failures.count) refused")
        #expect(failures == Self.oasdiffFailures)
        #expect(loaded > 500)
    }

    // MARK: Bad input

    static let minimalPaths = "info: {title: t, version: \"1\"}\npaths: {}\n"

    /// Loads `path` expecting a `SpecError`; returns it.
    func loadError(_ path: String, limits: SpecLimits = SpecLimits()) -> SpecError? {
        do {
            _ = try SpecLoader(limits: limits).load(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func invalidJSONNamesLineAndColumn() throws {
        let files = TestFiles()
        let path = files.write("bad.json", "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\"/a\": {,}}\n}\n")
        let error = try #require(loadError(path))
        #expect(error == .syntax(file: path, line: 3, column: 20, format: "JSON", reason: "expected a member name in quotes"))
        #expect(error.description == "\(path):3:20: error: invalid JSON: expected a member name in quotes")
        // Unterminated string and a truncated document.
        let open = files.write("open.json", "{\"openapi\": \"3.0.0\n}")
        #expect(loadError(open) == .syntax(file: open, line: 1, column: 19, format: "JSON",
            reason: "a string runs past the end of its line"))
        let cut = files.write("cut.json", "{\"openapi\": \"3.0.0\",\n \"paths\": [1, 2")
        #expect(loadError(cut) == .syntax(file: cut, line: 2, column: 16, format: "JSON", reason: "the document ends inside an array"))
    }

    @Test func invalidYAMLNamesLineAndColumn() throws {
        let files = TestFiles()
        let path = files.write("bad.yaml", "openapi: 3.0.0\ninfo:\n  title: t\n   version: 1\npaths: {}\n")
        let error = try #require(loadError(path))
        guard case .syntax(let file, let line, let column, let format, _) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(file == path)
        #expect(format == "YAML")
        #expect((line, column) == (4, 11))
        #expect(error.description.hasPrefix("\(path):4:11: error: invalid YAML: "))
        // A duplicated key, and bytes that are not UTF-8.
        let duplicate = files.write("dup.yaml", "openapi: 3.0.0\npaths: {}\npaths: {}\n")
        guard case .syntax(_, let dupLine, _, _, let reason)? = loadError(duplicate) else {
            Issue.record("duplicate keys must be refused")
            return
        }
        #expect(dupLine == 2)
        #expect(reason.contains("'paths'"))
        let latin1 = files.folder + "/latin1.yaml"
        _ = FileManager.default.createFile(atPath: latin1, contents: Data("openapi: 3.0.0\ninfo: {title: caf".utf8) + Data([0xE9])
            + Data("}\n".utf8))
        #expect(loadError(latin1) == .syntax(file: latin1, line: 2, column: 18, format: "YAML",
            reason: "the file is not valid UTF-8 (save it as UTF-8)"))
    }

    /// "Billion laughs": nine levels of nine aliases would expand to 9⁹ values. The builder
    /// counts expanded values against a budget tied to the file size and stops early.
    @Test func yamlAliasBombIsRefused() throws {
        var text = "openapi: 3.0.0\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (level, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = level == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h", "i"][level - 1]
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let files = TestFiles()
        let path = files.write("bomb.yaml", text)
        guard case .refused(let file, _, _, let reason)? = loadError(path) else {
            Issue.record("an alias bomb must be refused")
            return
        }
        #expect(file == path)
        #expect(reason.contains("alias bomb"))
    }

    @Test func absurdNestingIsRefused() throws {
        let files = TestFiles()
        let json = files.write("deep.json", "{\"openapi\": \"3.0.0\", \"x\": " + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "}")
        #expect(loadError(json) == .refused(file: json, line: 1, column: 282, reason: "nesting deeper than 256 levels"))
        let yaml = files.write("deep.yaml", "openapi: 3.0.0\nx: " + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "\n")
        guard case .refused(let file, let line, _, let reason)? = loadError(yaml) else {
            Issue.record("deep YAML must be refused")
            return
        }
        #expect(file == yaml)
        #expect(line == 2)
        #expect(reason.contains("nesting"))
    }

    /// A file over the size limit is refused before it is read (a sparse 300 MB file).
    @Test func giganticFileIsRefusedBySize() throws {
        let files = TestFiles()
        let path = files.write("huge.json", "{")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 300 << 20)
        try handle.close()
        #expect(loadError(path) == .refused(file: path, line: 0, column: 0,
            reason: "the file is 314572800 bytes, over the 268435456-byte limit"))
        var small = SpecLimits()
        small.maxFileBytes = 100
        let medium = files.write("medium.yaml", "openapi: 3.0.0\n" + String(repeating: "# padding\n", count: 20))
        #expect(loadError(medium, limits: small) == .refused(file: medium, line: 0, column: 0,
            reason: "the file is 215 bytes, over the 100-byte limit"))
    }

    /// Named at the `$ref` text itself (line and column of its value).
    @Test func unresolvedReferencesNameTheirLocation() throws {
        let files = TestFiles()
        let missingFile = files.write("spec.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                A:
                  $ref: "schemas/missing.yaml#/B"
            """)
        #expect(loadError(missingFile) == .unresolvedReference(file: missingFile, line: 7, column: 13,
            reference: "schemas/missing.yaml#/B", reason: "cannot read '\(files.folder)/schemas/missing.yaml': no such file"))
        let missingPointer = files.write("pointer.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                A: {$ref: "#/components/schemas/Nope"}
            """)
        #expect(loadError(missingPointer) == .unresolvedReference(file: missingPointer, line: 6, column: 15,
            reference: "#/components/schemas/Nope", reason: "no node at '#/components/schemas/Nope' in \(missingPointer)"))
        #expect(loadError(missingPointer)?.description
            == "\(missingPointer):6:15: error: unresolved $ref '#/components/schemas/Nope': no node at '#/components/schemas/Nope' in \(missingPointer)")
        // A pointer missing inside another file is named at the $ref, with the other file.
        files.write("other.yaml", "B: {type: string}\n")
        let inOther = files.write("inother.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                A: {$ref: "other.yaml#/C"}
            """)
        #expect(loadError(inOther) == .unresolvedReference(file: inOther, line: 6, column: 15,
            reference: "other.yaml#/C", reason: "no node at '#/C' in \(files.folder)/other.yaml"))
    }

    @Test func referenceThatOnlyRefersToItselfIsACycle() throws {
        let files = TestFiles()
        let path = files.write("cycle.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                A: {$ref: "#/components/schemas/A"}
                B: {$ref: "#/components/schemas/C"}
                C: {$ref: "#/components/schemas/B"}
            """)
        #expect(loadError(path) == .referenceCycle(file: path, line: 6, column: 15, reference: "#/components/schemas/A"))
        #expect(loadError(path)?.description.contains("only refers to itself") == true)
    }

    @Test func remoteReferencesAreNeverFetched() throws {
        let files = TestFiles()
        let path = files.write("remote.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                A: {$ref: "https://127.0.0.1:9/schemas.yaml#/A"}
            """)
        #expect(loadError(path) == .unresolvedReference(file: path, line: 6, column: 15,
            reference: "https://127.0.0.1:9/schemas.yaml#/A",
            reason: "remote references are never fetched; bundle the spec into local files"))
    }

    /// A multi-file spec reads only files below its entry file's folder: `../`, absolute
    /// paths and symbolic links that lead out are refused at the `$ref`.
    @Test func referencesOutsideTheSpecFolderAreRefused() throws {
        let files = TestFiles()
        files.write("outside.yaml", "Secret: {type: string}\n")
        files.write("api/schemas/pet.yaml", "Pet: {type: object, properties: {tag: {$ref: \"tag.yaml#/Tag\"}}}\n")
        files.write("api/schemas/tag.yaml", "Tag: {type: string}\n")
        let good = files.write("api/spec.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                Pet: {$ref: "./schemas/../schemas/pet.yaml#/Pet"}
            """)
        let spec = try APISpec(SpecLoader().load(path: good))
        let pet = try #require(spec.schemas.first?.node)
        #expect(spec.schema(pet).property("tag")?.type == "string")
        #expect(spec.document.files.count == 3)

        for (index, reference) in ["../../../../../../etc/passwd", "/etc/passwd", "../outside.yaml#/Secret",
            "schemas/../../outside.yaml"].enumerated()
        {
            let path = files.write("api/escape\(index).yaml", """
                openapi: 3.0.0
                \(Self.minimalPaths)components:
                  schemas:
                    A: {$ref: "\(reference)"}
                """)
            let error = loadError(path)
            #expect(error == .refused(file: path, line: 6, column: 15,
                reason: "$ref '\(reference)' points outside the spec's folder ('\(files.folder)/api'); "
                    + "a multi-file spec may only read files inside the folder of its entry file"), "\(reference)")
        }
        // A symbolic link inside the folder that leads out of it.
        try FileManager.default.createSymbolicLink(atPath: files.folder + "/api/link.yaml",
            withDestinationPath: files.folder + "/outside.yaml")
        let linked = files.write("api/linked.yaml", """
            openapi: 3.0.0
            \(Self.minimalPaths)components:
              schemas:
                A: {$ref: "link.yaml#/Secret"}
            """)
        guard case .refused(_, 6, 15, let reason)? = loadError(linked) else {
            Issue.record("a symbolic link out of the folder must be refused")
            return
        }
        #expect(reason.contains("points outside the spec's folder"))
    }

    @Test func utf16FilesAreRead() throws {
        let files = TestFiles()
        let text = "openapi: 3.0.0\ninfo: {title: caf\u{E9} \u{1F600}, version: \"1\"}\npaths: {/a: {get: {responses: {\"200\": {description: ok}}}}}\n"
        let little = files.folder + "/le.yaml"
        _ = FileManager.default.createFile(atPath: little, contents: Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!)
        let big = files.folder + "/be.json"
        let json = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"caf\u{E9}\", \"version\": \"1\"}, \"paths\": {}}"
        _ = FileManager.default.createFile(atPath: big, contents: json.data(using: .utf16BigEndian)!)
        let a = try APISpec(SpecLoader().load(path: little))
        #expect(a.info?["title"]?.string == "caf\u{E9} \u{1F600}")
        #expect(a.operations.count == 1)
        #expect(a.operations[0].node.location.line == 3)
        let b = try APISpec(SpecLoader().load(path: big))
        #expect(b.info?["title"]?.string == "caf\u{E9}")
    }

    @Test func emptyAndNonSpecFilesAreRefused() throws {
        let files = TestFiles()
        let empty = files.write("empty.yaml", "")
        #expect(loadError(empty) == .empty(file: empty))
        let blank = files.write("blank.json", " \n\t\n")
        #expect(loadError(blank) == .empty(file: blank))
        let comment = files.write("comment.yaml", "# nothing here\n")
        #expect(loadError(comment) == .empty(file: comment))
        let other = files.write("package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}")
        #expect(loadError(other) == .notASpec(file: other, reason: "no 'openapi' or 'swagger' version field at the top level"))
        let scalar = files.write("readme.yaml", "just some text\n")
        #expect(loadError(scalar) == .notASpec(file: scalar, reason: "the top level is not an object"))
        let list = files.write("list.json", "[1, 2]")
        #expect(loadError(list) == .notASpec(file: list, reason: "the top level is not an object"))
        let missing = files.folder + "/nope.yaml"
        #expect(loadError(missing) == .unreadable(file: missing, reason: "no such file"))
        #expect(loadError(files.folder) == .unreadable(file: files.folder, reason: "it is a directory"))
        let future = files.write("v4.yaml", "openapi: 4.0.0\npaths: {}\n")
        #expect(throws: SpecError.notASpec(file: future, reason: "unsupported openapi version '4.0.0' (3.0 or 3.1 expected)")) {
            _ = try APISpec(SpecLoader().load(path: future))
        }
        // YAML flow style that starts like JSON is still YAML.
        let flow = files.write("flow.yaml", "{openapi: 3.0.0, paths: {}}\n")
        #expect(try SpecLoader().load(path: flow).root["openapi"]?.string == "3.0.0")
    }

    // MARK: git:REF:PATH

    /// Runs git in `folder`; returns stdout.
    @discardableResult
    static func git(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
            + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SpecError.git(spec: arguments.joined(separator: " "), reason: "failed") }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func multiFileSpecFromAGitRevision() throws {
        let files = TestFiles()
        let repo = files.folder
        try Self.git(["init", "-q", "-b", "main"], in: repo)
        files.write("api/openapi.yaml", """
            openapi: 3.0.0
            info: {title: t, version: "1"}
            paths:
              /pets: {$ref: "paths/pets.yaml"}
            """)
        files.write("api/paths/pets.yaml", """
            get:
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "../schemas.yaml#/Pet"}}}
            """)
        files.write("api/schemas.yaml", "Pet: {type: object, properties: {name: {type: string}}}\n")
        try Self.git(["add", "-A"], in: repo)
        try Self.git(["commit", "-q", "-m", "v1"], in: repo)
        // The working copy moves on; the revision keeps the old files.
        files.write("api/schemas.yaml", "Pet: {type: object, properties: {id: {type: integer}}}\n")

        let document = try SpecLoader().load(argument: "git:HEAD:api/openapi.yaml", currentDirectory: repo)
        #expect(document.name == "git:HEAD:api/openapi.yaml")
        #expect(Set(document.files.keys) == ["git:HEAD:api/openapi.yaml", "git:HEAD:api/paths/pets.yaml",
            "git:HEAD:api/schemas.yaml"])
        let spec = try APISpec(document)
        let schema = try #require(spec.operations.first?.response("200")?.mediaType("application/json")?.schema)
        #expect(spec.schema(schema).properties.map(\.name) == ["name"])
        #expect(spec.document.resolve(schema).location.file == "git:HEAD:api/schemas.yaml")
        // Relative to the current directory with ./
        let fromSub = try SpecLoader().load(argument: "git:main:./openapi.yaml", currentDirectory: repo + "/api")
        #expect(fromSub.name == "git:main:api/openapi.yaml")
        // The working copy is read for a plain path.
        let current = try APISpec(SpecLoader().load(path: repo + "/api/openapi.yaml"))
        let currentSchema = try #require(current.operations.first?.response("200")?.mediaType("application/json")?.schema)
        #expect(current.schema(currentSchema).properties.map(\.name) == ["id"])

        // A bad ref and a missing path are clear errors.
        guard case .git(let spec, let reason)? = Result(catching: { () throws(SpecError) in
            try SpecLoader().load(argument: "git:no-such-branch:api/openapi.yaml", currentDirectory: repo)
        }).failure else {
            Issue.record("a bad ref must be a git error")
            return
        }
        #expect(spec == "git:no-such-branch:api/openapi.yaml")
        #expect(reason.contains("no-such-branch"))
        guard case .git(_, let missingReason)? = Result(catching: { () throws(SpecError) in
            try SpecLoader().load(argument: "git:HEAD:api/nope.yaml", currentDirectory: repo)
        }).failure else {
            Issue.record("a missing path must be a git error")
            return
        }
        #expect(missingReason.contains("nope.yaml"))
        // A referenced file missing at the revision is named at its $ref.
        files.write("api/broken.yaml", """
            openapi: 3.0.0
            info: {title: t, version: "1"}
            paths:
              /pets: {$ref: "paths/gone.yaml"}
            """)
        try Self.git(["add", "-A"], in: repo)
        try Self.git(["commit", "-q", "-m", "v2"], in: repo)
        let gone = Result(catching: { () throws(SpecError) in
            try SpecLoader().load(argument: "git:HEAD:api/broken.yaml", currentDirectory: repo)
        }).failure
        guard case .unresolvedReference(let file, 4, 17, "paths/gone.yaml", let goneReason)? = gone else {
            Issue.record("a missing referenced file must be an unresolved $ref, got \(String(describing: gone))")
            return
        }
        #expect(file == "git:HEAD:api/broken.yaml")
        #expect(goneReason == "cannot read 'git:HEAD:api/paths/gone.yaml': path 'api/paths/gone.yaml' does not exist in 'HEAD'")
        #expect(throws: SpecError.self) { try SpecLoader().load(argument: "git:HEAD", currentDirectory: repo) }
    }
}

extension SpecLoaderTests {
    /// The 1,549-file DigitalOcean spec read from a git revision (one `git cat-file --batch`).
    @Test func multiFileSpecOfRealSizeFromGit() throws {
        let files = TestFiles()
        try FileManager.default.copyItem(atPath: Self.big("digitalocean-openapi/specification"),
            toPath: files.folder + "/specification")
        try Self.git(["init", "-q"], in: files.folder)
        try Self.git(["add", "-A"], in: files.folder)
        try Self.git(["commit", "-q", "-m", "spec"], in: files.folder)
        let document = try SpecLoader().load(argument: "git:HEAD:specification/DigitalOcean-public.v2.yaml",
            currentDirectory: files.folder)
        let spec = try APISpec(document)
        #expect(spec.operations.count == 659)
        #expect(document.files.count > 600)
        #expect(document.files.keys.allSatisfy { $0.hasPrefix("git:HEAD:specification/") })
    }
}

extension Result where Failure == SpecError {
    init(catching body: () throws(SpecError) -> Success) {
        do { self = .success(try body()) } catch { self = .failure(error) }
    }

    var failure: SpecError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

