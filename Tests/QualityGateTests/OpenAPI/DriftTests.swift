import Foundation
import Testing

@testable import QualityGate

@Suite struct DriftTests {
    static let shop = """
        openapi: 3.0.3
        info: {title: Shop, version: "1"}
        servers:
          - url: https://api.example.com/v1
        paths:
          /pets:
            get:
              operationId: listPets
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
                "4XX":
                  description: client error
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
            post:
              operationId: createPet
              responses:
                "201":
                  description: created
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
          /pets/{petId}:
            get:
              operationId: getPet
              parameters: [{name: petId, in: path, required: true, schema: {type: integer}}]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
                "404":
                  description: missing
            put:
              operationId: updatePet
              responses:
                "200": {description: ok}
            delete:
              operationId: deletePet
              responses:
                "204": {description: gone}
          /pets/mine:
            get:
              operationId: myPets
              responses:
                "200": {description: ok}
          /files/{name}.json:
            get:
              operationId: getFile
              responses:
                default: {description: any}
        components:
          schemas:
            Pet:
              type: object
              required: [id, name]
              properties:
                id: {type: integer, format: int64}
                name: {type: string}
                born: {type: string, format: date}
              additionalProperties: false
            Problem:
              type: object
              required: [title]
              properties:
                title: {type: string}
        """

    static func spec(_ text: String = shop) throws -> APISpec {
        try APISpec(SpecLoader().load(path: TestFiles().write("openapi.yaml", text)))
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func escaped(_ json: String) -> String {
        json.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    static var har: String {
        """
        {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [
          {"request": {"method": "GET", "url": "https://api.example.com/v1/pets?limit=2"},
           "response": {"status": 200, "content": {"mimeType": "application/json",
             "text": "\(escaped(#"[{"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom", "born": "2020-13-01"}]"#))"}}},
          {"request": {"method": "GET", "url": "https://api.example.com/v1/pets/7"},
           "response": {"status": 200, "content": {"mimeType": "application/json; charset=utf-8", "encoding": "base64",
             "text": "\(base64(#"{"id": 7, "name": "Rex", "color": "brown"}"#))"}}},
          {"request": {"method": "GET", "url": "https://api.example.com/v1/pets/mine"},
           "response": {"status": 200, "content": {"mimeType": "application/json", "text": "[]"}}},
          {"request": {"method": "GET", "url": "https://api.example.com/v1/pets/8"},
           "response": {"status": 500, "content": {"mimeType": "text/html", "text": "oops"}}},
          {"request": {"method": "PATCH", "url": "https://api.example.com/v1/pets/7"},
           "response": {"status": 200, "content": {}}},
          {"request": {"method": "GET", "url": "https://api.example.com/v1/stores/12"},
           "response": {"status": 200, "content": {}}},
          {"request": {"method": "GET", "url": "https://api.example.com/v1/pets"},
           "response": {"status": 0, "content": {}}},
          {"request": {"method": "GET", "url": "https://api.example.com/v1/pets?limit=x"},
           "response": {"status": 400, "headers": [{"name": "Content-Type", "value": "application/problem+json"}],
             "content": {"mimeType": "", "text": "{\\"detail\\": \\"bad limit\\"}"}}}
        ]}}
        """
    }

    static var ndjson: String {
        """
        {"method": "POST", "url": "/v1/pets", "status": 201, "response_content_type": "application/json", "response_body": {"id": "9", "name": "Bo"}}
        {"method": "GET", "url": "/v1/pets", "status": 200
        {"request": {"method": "GET", "url": "http://localhost:8080/v1/files/report%20one.json"}, "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "hi"}}

        {"Initialize": {"command": "st run", "schemathesis_version": "4.0"}}
        {"ScenarioFinished": {"recorder": {"interactions": {"a1": {"request": {"method": "GET", "url": "http://x/v1/pets/3"}, "response": {"status_code": 200, "headers": {"content-type": ["application/json"]}, "content": {"$base64": "\(base64(#"{"id": 3, "name": "Kit"}"#))"}}}}}}}
        """
    }

    static let accessLog = """
        203.0.113.9 - - [10/Oct/2026:13:55:36 +0000] "DELETE /v1/pets/7 HTTP/1.1" 204 0 "-" "curl/8.5"
        203.0.113.9 - - [10/Oct/2026:13:55:37 +0000] "GET /v1/pets/12 HTTP/1.1" 404 12 "-" "curl/8.5"
        203.0.113.9 - - [10/Oct/2026:13:55:38 +0000] "-" 400 0 "-" "-"
        203.0.113.9 - - [10/Oct/2026:13:55:39 +0000] "HEAD /v1/pets HTTP/1.1" 200 0 "-" "curl/8.5"
        this line is not an access log line
        203.0.113.9 - frank [10/Oct/2026:13:55:40 +0000] "GET /v1/stores/13?x=\\"y\\" HTTP/1.1" 200 5 "-" "curl/8.5"
        """

    // MARK: Readers

    @Test func readsHAREntriesWithBase64BodiesAndSkipsUnansweredOnes() throws {
        let files = TestFiles()
        let log = try TrafficReader().read(path: files.write("traffic.har", Self.har))
        #expect(log.summary.format == .har)
        #expect(log.summary.records == 8)
        #expect(log.summary.exchanges == 7)
        #expect(log.summary.skipped == 1)
        #expect(log.exchanges[0].target == "https://api.example.com/v1/pets?limit=2")
        #expect(log.exchanges[0].source.line == 2)
        guard case .bytes(let bytes) = log.exchanges[1].responseBody else { Issue.record("no body"); return }
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"id": 7, "name": "Rex", "color": "brown"}"#)
        guard case .text(let text) = log.exchanges[2].responseBody else { Issue.record("no body"); return }
        #expect(text == "[]")
        // An empty mimeType falls back to the Content-Type header.
        #expect(log.exchanges[6].responseContentType == "application/problem+json")
    }

    @Test func readsNDJSONShapesAndCountsMalformedLines() throws {
        let log = try TrafficReader().read(bytes: Array(Self.ndjson.utf8), file: "traffic.ndjson")
        #expect(log.summary.format == .ndjson)
        #expect(log.summary.records == 5)
        #expect(log.summary.exchanges == 3)
        #expect(log.summary.skipped == 1)
        #expect(log.summary.malformed == 1)
        #expect(log.summary.malformedSamples.first?.line == 2)
        #expect(log.summary.malformedSamples.first?.reason.hasPrefix("not JSON at column") == true)
        #expect(log.exchanges.map(\.method) == ["POST", "GET", "GET"])
        #expect(log.exchanges.map(\.status) == [201, 200, 200])
        #expect(log.exchanges.map(\.source.line) == [1, 3, 6])
        #expect(log.exchanges[2].responseContentType == "application/json")
        guard case .json(let body) = log.exchanges[0].responseBody else { Issue.record("no JSON body"); return }
        #expect(body.pointer == "")
        #expect(body["id"]?.string == "9")
    }

    @Test func readsNginxJSONLines() throws {
        let text = #"{"time": "2026-10-10T13:55:36+00:00", "request": "GET /v1/pets?limit=1 HTTP/1.1", "status": "200"}"#
            + "\n" + #"{"request_method": "DELETE", "request_uri": "/v1/pets/3", "status": 204}"#
        let log = try TrafficReader().read(bytes: Array(text.utf8), file: "nginx.json")
        #expect(log.exchanges.map { "\($0.method) \($0.target) \($0.status)" } == ["GET /v1/pets?limit=1 200", "DELETE /v1/pets/3 204"])
    }

    @Test func readsCombinedAccessLogs() throws {
        let log = try TrafficReader().read(bytes: Array(Self.accessLog.utf8), file: "access.log")
        #expect(log.summary.format == .accessLog)
        #expect(log.summary.records == 6)
        #expect(log.summary.skipped == 1)
        #expect(log.summary.malformed == 1)
        #expect(log.summary.malformedSamples == [MalformedRecord(line: 5, reason: "no quoted request line (\"METHOD /path HTTP/1.1\")")])
        #expect(log.exchanges.map { "\($0.method) \($0.target) \($0.status)" }
            == ["DELETE /v1/pets/7 204", "GET /v1/pets/12 404", "HEAD /v1/pets 200", "GET /v1/stores/13?x=\\\"y\\\" 200"])
        #expect(log.exchanges.allSatisfy { $0.responseBody == nil })
    }

    @Test func refusesFilesThatAreMostlyMalformedOrHoldNoExchange() throws {
        let reader = TrafficReader()
        #expect(throws: InputError.empty(file: "a.log")) { try reader.read(bytes: Array(" \n".utf8), file: "a.log") }
        do {
            _ = try reader.read(bytes: Array("one\ntwo\n".utf8), file: "a.log", format: .accessLog)
            Issue.record("accepted a file of garbage")
        } catch {
            #expect(error.description == "a.log:1: error: invalid access log data: 2 of 2 records are malformed (first: no quoted request line (\"METHOD /path HTTP/1.1\")); is this really access log?")
        }
        do {
            _ = try reader.read(bytes: Array("{\"log\": {\"entries\": [\n{\"request\": ".utf8), file: "t.har")
            Issue.record("accepted a truncated HAR")
        } catch {
            #expect(error.code == "input.invalid")
            #expect(error.diagnostic.line == 2)
        }
        do {
            _ = try reader.read(bytes: Array("{\"log\": {}}".utf8), file: "t.har", format: .har)
            Issue.record("accepted a HAR without entries")
        } catch {
            #expect(error.message.contains("no log.entries array"))
        }
        do {
            _ = try reader.read(bytes: Array("{\"Initialize\": {}}\n".utf8), file: "t.ndjson")
            Issue.record("accepted NDJSON without exchanges")
        } catch {
            #expect(error.message == "invalid NDJSON data: no HTTP exchange found in 1 records")
        }
        // Fewer malformed records than the threshold: read, and reported.
        let mostlyGood = (1...9).map { _ in #"{"method": "GET", "path": "/x", "status": 200}"# }.joined(separator: "\n") + "\nbroken"
        let log = try reader.read(bytes: Array(mostlyGood.utf8), file: "t.ndjson")
        #expect(log.summary.malformedSamples.map(\.line) == [10])
        let strict = TrafficReader(maxMalformed: 0)
        #expect(throws: InputError.self) { try strict.read(bytes: Array(mostlyGood.utf8), file: "t.ndjson") }
    }

    // MARK: Matching

    @Test func matchesLiteralsBeforeTemplatesAndStripsServerPrefixes() throws {
        let spec = try Self.spec()
        let matcher = OperationMatcher(spec: spec, prefixes: ["/gateway"])
        func name(_ match: OperationMatcher.Match) -> String {
            switch match {
            case .operation(let index): spec.operations[index].operationId ?? "?"
            case .otherMethod(let template): "other " + template
            case .none: "none"
            }
        }
        #expect(name(matcher.match(method: "GET", target: "https://api.example.com/v1/pets/mine")) == "myPets")
        #expect(name(matcher.match(method: "get", target: "/v1/pets/42?x=1#top")) == "getPet")
        #expect(name(matcher.match(method: "GET", target: "/pets/42")) == "getPet")
        #expect(name(matcher.match(method: "GET", target: "/gateway/pets/42")) == "getPet")
        #expect(name(matcher.match(method: "GET", target: "/v1/pets/")) == "none")
        #expect(name(matcher.match(method: "GET", target: "/v1/pets/a%2Fb")) == "getPet")
        #expect(name(matcher.match(method: "GET", target: "/v1/files/annual%20report.json")) == "getFile")
        #expect(name(matcher.match(method: "GET", target: "/v1/files/report.xml")) == "none")
        #expect(name(matcher.match(method: "PATCH", target: "/v1/pets/1")) == "other /pets/{petId}")
        #expect(name(matcher.match(method: "HEAD", target: "/v1/pets")) == "listPets")
        #expect(name(matcher.match(method: "GET", target: "/v1/stores/1")) == "none")
        // A literal segment wins only when it has the method: PUT goes to the template.
        #expect(name(matcher.match(method: "PUT", target: "/v1/pets/mine")) == "updatePet")
        #expect(matcher.strippedPath("https://api.example.com/v1/stores/1?x") == "/stores/1")
    }

    @Test func swaggerBasePathAndServerVariablesArePrefixes() throws {
        let swagger = try Self.spec("""
            swagger: "2.0"
            info: {title: t, version: "1"}
            basePath: /api/v2
            paths:
              /items:
                get:
                  responses: {"200": {description: ok}}
            """)
        #expect(OperationMatcher(spec: swagger).match(method: "GET", target: "http://h/api/v2/items") == .operation(0))
        let templated = try Self.spec("""
            openapi: 3.1.0
            info: {title: t, version: "1"}
            servers:
              - url: "https://{region}.example.com/{version}/api"
            paths:
              /items:
                get:
                  responses: {"200": {description: ok}}
            """)
        #expect(OperationMatcher(spec: templated).match(method: "GET", target: "/v3/api/items") == .operation(0))
        // A variable standing for the whole origin (GitHub's uploads server) is not a path prefix.
        #expect(OperationMatcher.pathOfServerURL("{origin}", variables: try Self.json(#"{"origin": {"default": "https://uploads.github.com"}}"#)) == "/")
        #expect(OperationMatcher.pathOfServerURL("{origin}/v2") == nil)
        #expect(OperationMatcher.pathOfServerURL("https://{region}.example.com/{version}/") == "/{version}")
    }

    // MARK: Analysis

    @Test func reportsDriftWithTheCoverageItStandsOn() throws {
        let spec = try Self.spec()
        let files = TestFiles()
        let reader = TrafficReader()
        let logs = [
            try reader.read(path: files.write("traffic.har", Self.har)),
            try reader.read(path: files.write("traffic.ndjson", Self.ndjson)),
            try reader.read(path: files.write("access.log", Self.accessLog)),
        ]
        let report = DriftAnalysis.analyze(spec, traffic: logs)
        #expect(report.exchanges == 14)
        #expect(report.matchedExchanges == 11)
        #expect(report.operationCoverage == CoverageFigure(covered: 6, total: 7))
        #expect(report.responseCoverage == CoverageFigure(covered: 8, total: 9))
        #expect(report.unexercisedOperations == ["PUT /pets/{petId}"])

        #expect(report.undocumentedOperations.map { "\($0.method) \($0.path) \($0.exchanges) \($0.pathDocumented)" }
            == ["GET /stores/{id} 2 false", "PATCH /pets/{petId} 1 true"])
        #expect(report.undocumentedOperations[0].samples.map { String($0.split(separator: "/").last!) } == ["traffic.har:14", "access.log:6"])

        #expect(report.undocumentedStatuses.count == 1)
        let status = try #require(report.undocumentedStatuses.first)
        #expect(status.method == "GET" && status.path == "/pets/{petId}" && status.status == 500)
        #expect(status.documented == ["200", "404"])

        #expect(report.validatedBodies == 5)
        #expect(report.invalidBodies == 4)
        #expect(report.schemaViolations.map { "\($0.method) \($0.path) \($0.response) \($0.keyword) \($0.instancePointer)" } == [
            "GET /pets 200 format /1/born",
            "GET /pets 4XX required ",
            "POST /pets 201 type /id",
            "GET /pets/{petId} 200 additionalProperties /color",
        ])
        let format = report.schemaViolations[0]
        #expect(format.schema.pointer == "/components/schemas/Pet/properties/born/format")
        #expect(format.schema.line == 66)
        #expect(format.message == "\"2020-13-01\" is not a valid date")

        #expect(report.totals == DriftTotals(undocumentedOperations: 2, undocumentedOperationExchanges: 3, undocumentedStatuses: 1,
            undocumentedStatusExchanges: 1, schemaViolations: 4))
        #expect(report.summary
            == "2 undocumented operations, 1 undocumented status, 4 schema violations in 5 validated bodies, from 14 exchanges covering 6 of 7 operations (85.71 %) and 8 of 9 documented responses (88.88 %)")
        #expect(report.sources.map(\.malformed) == [0, 1, 1])

        // The report is the JSON qgate prints.
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"undocumentedOperations\":2"))
    }

    /// GitHub's spec replayed as traffic: every documented JSON response example sent back
    /// from a concrete URL. 623 templates must each match their own operation, and examples
    /// the spec itself holds valid must not read as drift.
    @Test func githubExamplesReplayedAsTrafficShowNoDrift() throws {
        let spec = try APISpec(SpecLoader().load(
            path: TestFiles.conformance("openapi/big/github-rest-api-description/api.github.com.2020-07-30.json")))
        var exchanges: [TrafficExchange] = []
        var expected: [Int] = []
        for (index, operation) in spec.operations.enumerated() {
            let path = operation.path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "v\(index)", options: .regularExpression)
            for response in operation.responses {
                guard let status = Int(response.status) else { continue }
                for media in response.content where MediaTypes.isJSON(media.name) {
                    for example in media.examples(in: spec.document) {
                        exchanges.append(TrafficExchange(method: operation.method, target: "https://api.github.com\(path)?page=2",
                            status: status, responseContentType: media.name, responseBody: .json(example),
                            source: TrafficSource(file: "replay", line: exchanges.count + 1)))
                        expected.append(index)
                    }
                }
            }
        }
        let matcher = OperationMatcher(spec: spec)
        let mismatched = zip(exchanges, expected).filter { matcher.match(method: $0.method, target: $0.target) != .operation($1) }
        #expect(mismatched.map { "\($0.0.method) \($0.0.target)" } == [])
        let log = TrafficLog(exchanges: exchanges, summary: TrafficSourceSummary(file: "replay", format: .ndjson,
            records: exchanges.count, exchanges: exchanges.count, skipped: 0, malformed: 0, malformedSamples: []))
        let report = DriftAnalysis.analyze(spec, traffic: [log])
        // 505 examples on 461 operations (counted separately with Python over the same JSON).
        #expect(exchanges.count == 505)
        #expect(report.validatedBodies == 505)
        #expect(report.totals == DriftTotals(undocumentedOperations: 0, undocumentedOperationExchanges: 0, undocumentedStatuses: 0,
            undocumentedStatusExchanges: 0, schemaViolations: 0))
        #expect(report.operationCoverage == CoverageFigure(covered: 461, total: 623))
    }

    @Test func aBodyThatIsNotJSONIsAViolation() throws {
        let spec = try Self.spec()
        let exchange = TrafficExchange(method: "GET", target: "/v1/pets/1", status: 200, responseContentType: "application/json",
            responseBody: .bytes(Array("{\"id\": 1,".utf8)), source: TrafficSource(file: "x.ndjson", line: 3))
        let log = TrafficLog(exchanges: [exchange], summary: TrafficSourceSummary(file: "x.ndjson", format: .ndjson, records: 1,
            exchanges: 1, skipped: 0, malformed: 0, malformedSamples: []))
        let report = DriftAnalysis.analyze(spec, traffic: [log])
        #expect(report.schemaViolations.map(\.keyword) == ["json"])
        #expect(report.schemaViolations.first?.message.hasPrefix("the body is not valid JSON") == true)
    }

    // MARK: Schema validator

    static let schemas = """
        openapi: 3.0.3
        info: {title: s, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              required: [id, name, secret]
              properties:
                id: {type: integer, readOnly: true}
                name: {type: string, minLength: 1, maxLength: 5, pattern: "^[A-Z]"}
                secret: {type: string, writeOnly: true}
                weight: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 100, multipleOf: 0.5}
                tags: {type: array, items: {type: string}, uniqueItems: true, maxItems: 2}
                kind: {type: string, enum: [cat, dog], nullable: true}
                born: {type: string, format: date-time}
                ref: {type: string, format: uuid}
                mail: {type: string, format: email}
                home: {type: string, format: uri}
                small: {type: integer, format: int32}
                odd: {type: string, pattern: "(unclosed"}
              additionalProperties: false
            Loop: {allOf: [{$ref: "#/components/schemas/Loop"}], type: object}
            Tree:
              type: object
              properties:
                children: {type: array, items: {$ref: "#/components/schemas/Tree"}}
                value: {type: integer}
            Shape:
              oneOf:
                - $ref: "#/components/schemas/Circle"
                - $ref: "#/components/schemas/Square"
              discriminator: {propertyName: kind}
            Circle: {type: object, required: [kind, radius], properties: {kind: {type: string}, radius: {type: number}}}
            Square: {type: object, required: [kind, side], properties: {kind: {type: string}, side: {type: number}}}
            Overlap:
              oneOf: [{type: object}, {type: object, required: [a]}]
            Either: {anyOf: [{type: string}, {type: integer}]}
            NotString: {not: {type: string}}
        """

    static func json(_ text: String) throws -> SpecNode {
        try Array(text.utf8).withUnsafeBufferPointer { buffer in
            try JSONTreeParser.parse(buffer, file: "body", limits: SpecLimits())
        }
    }

    static func check(_ spec: APISpec, _ schema: String, _ body: String, direction: SchemaValidator.Direction = .response,
        maxViolations: Int = 50) throws -> SchemaValidation
    {
        let node = try #require(spec.schemas.first { $0.name == schema }?.node)
        let validator = SchemaValidator(spec: spec, options: SchemaValidator.Options(direction: direction, maxViolations: maxViolations))
        return validator.validate(try json(body), against: node)
    }

    @Test func validatesAValidBodyAndNotesAnInvalidPattern() throws {
        let spec = try Self.spec(Self.schemas)
        let result = try Self.check(spec, "Pet", """
            {"id": 1, "name": "Rex", "weight": 0.5, "tags": ["a"], "kind": null, "born": "2020-02-29T10:00:00.5+01:00",
             "ref": "123e4567-e89b-12d3-a456-426614174000", "mail": "a@b.c", "home": "https://x.org/a", "small": 5, "odd": "x"}
            """)
        #expect(result.violations == [])
        #expect(result.notes.count == 1)
        #expect(result.notes.first?.hasPrefix("pattern '(unclosed' at ") == true)
    }

    @Test func readOnlyAndWriteOnlyRelaxRequiredByDirection() throws {
        let spec = try Self.spec(Self.schemas)
        // A response need not carry the write-only secret; a request need not carry the read-only id.
        #expect(try Self.check(spec, "Pet", #"{"id": 1, "name": "Rex"}"#, direction: .response).isValid)
        #expect(try Self.check(spec, "Pet", #"{"name": "Rex", "secret": "s"}"#, direction: .request).isValid)
        let neutral = try Self.check(spec, "Pet", #"{"name": "Rex"}"#, direction: .neutral)
        #expect(neutral.violations.map(\.message) == ["the required property 'id' is missing", "the required property 'secret' is missing"])
    }

    @Test func reportsEachViolationWithBothPointers() throws {
        let spec = try Self.spec(Self.schemas)
        let result = try Self.check(spec, "Pet", """
            {"id": 2.5, "name": "rexxxx", "weight": 0, "tags": ["a", "a", "b"], "kind": "fish",
             "born": "2021-02-29T10:00:00Z", "ref": "xyz", "mail": "no-at", "home": "not a uri", "small": 3000000000, "extra": 1}
            """)
        let found = result.violations.map { "\($0.instancePointer) \($0.keyword)" }
        #expect(found == [
            "/id type", "/name maxLength", "/name pattern", "/weight exclusiveMinimum", "/tags maxItems", "/tags/1 uniqueItems",
            "/kind enum", "/born format", "/ref format", "/mail format", "/home format", "/small format", "/extra additionalProperties",
        ])
        let first = try #require(result.violations.first)
        #expect(first.message == "expected integer, found number 2.5")
        #expect(first.schema.pointer == "/components/schemas/Pet/properties/id/type")
        #expect(first.schema.line == 10)
        let multiple = try Self.check(spec, "Pet", #"{"id": 1, "name": "A", "weight": 100.25}"#, direction: .response)
        #expect(multiple.violations.map(\.keyword) == ["maximum", "multipleOf"])
        let limited = try Self.check(spec, "Pet", #"{"id": "a", "name": 1, "extra": 1}"#, maxViolations: 2)
        #expect(limited.violations.count == 2)
        #expect(limited.truncated)
    }

    @Test func integersAndNumbersFollowJSONSchema() throws {
        let spec = try Self.spec(Self.schemas)
        #expect(try Self.check(spec, "Tree", #"{"value": 2.0}"#).isValid)
        #expect(try Self.check(spec, "Tree", #"{"value": 1e2}"#).isValid)
        #expect(try Self.check(spec, "Tree", #"{"value": 2.5}"#).violations.map(\.keyword) == ["type"])
    }

    @Test func recursionTerminatesAndDeepValuesGetPointers() throws {
        let spec = try Self.spec(Self.schemas)
        #expect(try Self.check(spec, "Loop", "{}").isValid)
        #expect(try Self.check(spec, "Loop", #""x""#).violations.map(\.keyword) == ["type"])
        let nested = try Self.check(spec, "Tree", #"{"children": [{"children": [{"value": "three"}]}]}"#)
        #expect(nested.violations.map(\.instancePointer) == ["/children/0/children/0/value"])
        var deep = #"{"value": "x"}"#
        for _ in 0..<60 { deep = #"{"children": ["# + deep + "]}" }
        let limited = try Self.check(spec, "Tree", deep)
        #expect(limited.violations.isEmpty)
        #expect(limited.notes == ["parts nested deeper than 100 schema levels were not checked"])
    }

    @Test func compositionAndDiscriminator() throws {
        let spec = try Self.spec(Self.schemas)
        // The discriminator picks Circle, whose own errors are reported.
        let circle = try Self.check(spec, "Shape", #"{"kind": "Circle", "side": 1}"#)
        #expect(circle.violations.map(\.message) == ["the required property 'radius' is missing"])
        #expect(circle.violations.first?.schema.pointer == "/components/schemas/Circle/required")
        // No branch named by the value: exactly one branch must match.
        #expect(try Self.check(spec, "Shape", #"{"kind": "Triangle", "side": 1}"#).isValid)
        let overlap = try Self.check(spec, "Overlap", #"{"a": 1}"#)
        #expect(overlap.violations.map(\.message) == ["matches more than one oneOf alternative (#1 and #2); exactly one must match"])
        let neither = try Self.check(spec, "Either", "true")
        #expect(neither.violations.map(\.message) == ["matches none of the 2 anyOf alternatives (closest: (body): expected string, found boolean true)"])
        #expect(try Self.check(spec, "NotString", #""s""#).violations.map(\.keyword) == ["not"])
        #expect(try Self.check(spec, "NotString", "1").isValid)
    }

    @Test func openAPI31Keywords() throws {
        let spec = try Self.spec("""
            openapi: 3.1.0
            info: {title: s, version: "1"}
            components:
              schemas:
                Point:
                  type: array
                  prefixItems: [{type: number, exclusiveMinimum: 0}, {type: [string, "null"]}]
                  items: false
                Version: {const: 3}
            """)
        #expect(try Self.check(spec, "Point", #"[1, null]"#).isValid)
        #expect(try Self.check(spec, "Point", #"[0, "a"]"#).violations.map(\.keyword) == ["exclusiveMinimum"])
        #expect(try Self.check(spec, "Point", #"[1, 2]"#).violations.map(\.message) == ["expected string or null, found number 2"])
        #expect(try Self.check(spec, "Point", #"[1, "a", 3]"#).violations.map(\.keyword) == ["additionalItems"])
        #expect(try Self.check(spec, "Version", "3.0").isValid)
        #expect(try Self.check(spec, "Version", "4").violations.map(\.keyword) == ["const"])
    }

    @Test func formatsFollowTheirRFCs() {
        #expect(SchemaFormats.check(string: "2024-02-29", format: "date") == nil)
        #expect(SchemaFormats.check(string: "2023-02-29", format: "date") != nil)
        #expect(SchemaFormats.check(string: "2024-01-01T23:59:60Z", format: "date-time") == nil)
        #expect(SchemaFormats.check(string: "2024-01-01 10:00:00+02:00", format: "date-time") == nil)
        #expect(SchemaFormats.check(string: "2024-01-01T10:00:00", format: "date-time") != nil)
        #expect(SchemaFormats.check(string: "::1", format: "ipv6") == nil)
        #expect(SchemaFormats.check(string: "10.0.0.256", format: "ipv4") != nil)
        #expect(SchemaFormats.check(string: "anything", format: "color") == nil)
        #expect(SchemaFormats.check(number: ExactNumber("-2147483648")!, format: "int32") == nil)
        #expect(SchemaFormats.check(number: ExactNumber("9223372036854775808")!, format: "int64") != nil)
    }
}

@Suite struct UndocumentedGroupingTests {
    @Test func identifiersAreRecognisedButVersionWordsStay() {
        #expect(DriftAnalysis.generalised("/app/tasks/t-200/move") == "/app/tasks/{id}/move")
        #expect(DriftAnalysis.generalised("/v1/customers/cus_9s6XKzkNRiz8i3") == "/v1/customers/{id}")
        #expect(DriftAnalysis.generalised("/orders/12/items/0f8fad5b-d9cb-469f-a165-70867728950e")
            == "/orders/{id}/items/{id}")
        #expect(DriftAnalysis.generalised("/api-v2/v1/status") == "/api-v2/v1/status")
        #expect(DriftAnalysis.generalised("/docs/getting_started") == "/docs/getting_started")
        #expect(DriftAnalysis.generalised("/build/abc-12") == "/build/{id}")
    }

    @Test func pathsDifferingInOneSegmentMergeFromThreeValues() {
        func op(_ method: String, _ path: String, _ count: Int) -> UndocumentedOperation {
            UndocumentedOperation(method: method, path: path, pathDocumented: false, exchanges: count, samples: ["\(path):1"])
        }
        let merged = DriftAnalysis.mergedBySegment([
            op("GET", "/export/q1/csv", 2), op("GET", "/export/q2/csv", 1), op("GET", "/export/q3/csv", 4),
            op("GET", "/reports/a", 1), op("GET", "/reports/b", 1),  // only two values: kept apart
            op("POST", "/export/q1/csv", 1),  // another method: not merged with the GETs
        ], sampleLimit: 2)
        let byPath = Dictionary(grouping: merged, by: { "\($0.method) \($0.path)" })
        #expect(merged.count == 4)
        #expect(byPath["GET /export/{param}/csv"]?.first?.exchanges == 7)
        #expect(byPath["GET /export/{param}/csv"]?.first?.samples == ["/export/q1/csv:1", "/export/q2/csv:1"])
        #expect(byPath["GET /reports/a"] != nil && byPath["GET /reports/b"] != nil)
        #expect(byPath["POST /export/q1/csv"]?.first?.exchanges == 1)
    }
}
