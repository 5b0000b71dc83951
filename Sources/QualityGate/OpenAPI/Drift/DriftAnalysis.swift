/// Compares recorded traffic with a spec (issue 4 part 5): no live service, only files a CI
/// run already has (HAR, NDJSON exchange logs, access logs; see `TrafficReader`).
///
/// Each exchange is matched to an operation (`OperationMatcher`), its status is looked up
/// among the operation's responses (exact code, then `4XX`-style range, then `default`), and
/// a recorded JSON body is validated against the schema of the documented response for that
/// status and content type (`SchemaValidator`, response direction). Error responses are
/// validated too, against their own documented schema; request bodies are not validated.
public enum DriftAnalysis {
    public struct Options: Sendable {
        /// Base paths to strip before matching (a gateway's `/api`), tried before the spec's
        /// `servers`/`basePath`.
        public var prefixes: [String]
        /// Sample exchanges kept per finding.
        public var sampleLimit: Int
        /// Longest lists kept (unexercised operations).
        public var listLimit: Int
        /// Bodies larger than this are not parsed (noted).
        public var maxBodyBytes: Int
        /// Violations collected per body.
        public var violationsPerBody: Int

        public init(prefixes: [String] = [], sampleLimit: Int = 3, listLimit: Int = 50, maxBodyBytes: Int = 16 << 20,
            violationsPerBody: Int = 10)
        {
            self.prefixes = prefixes
            self.sampleLimit = sampleLimit
            self.listLimit = listLimit
            self.maxBodyBytes = maxBodyBytes
            self.violationsPerBody = violationsPerBody
        }
    }

    public static func analyze(_ spec: APISpec, traffic: [TrafficLog], options: Options = Options()) -> DriftReport {
        var state = DriftState(spec: spec, options: options)
        for log in traffic {
            for exchange in log.exchanges { state.add(exchange) }
        }
        return state.report(sources: traffic.map(\.summary))
    }

    /// The documented response that covers `status`: the exact code, then its range
    /// (`4XX`, any case), then `default`.
    public static func documentedResponse(for status: Int, in operation: APIOperation) -> APIResponse? {
        let code = String(status)
        if let exact = operation.responses.first(where: { $0.status == code }) { return exact }
        let range = "\(status / 100)XX"
        if let ranged = operation.responses.first(where: { $0.status.uppercased() == range }) { return ranged }
        return operation.responses.first { $0.status == "default" }
    }

    /// `/orders/12/items/3f2a…` → `/orders/{id}/items/{id}`: numbers, UUIDs, long hex
    /// strings and prefixed identifiers (`t-200`, `cus_9s6XKzkNRiz8i3`) are identifiers, so
    /// undocumented calls group by endpoint, not by resource. Version-like words (`v1`,
    /// `api-v2`) stay.
    static func generalised(_ path: String) -> String {
        "/" + OperationMatcher.split(path).map { isIdentifier($0) ? "{id}" : $0 }.joined(separator: "/")
    }

    static func isIdentifier(_ segment: String) -> Bool {
        let bytes = Array(segment.utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) }
        if !bytes.isEmpty, bytes.allSatisfy(isDigit) { return true }
        if SchemaFormats.isUUID(bytes) { return true }
        let isHex = bytes.allSatisfy { isDigit($0) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }
        if bytes.count >= 12, isHex, bytes.contains(where: isDigit) { return true }
        // A short word, `-` or `_`, then a number or a long alphanumeric token with a digit.
        if let separator = bytes.firstIndex(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }),
            separator > 0, separator <= 8
        {
            let rest = bytes[(separator + 1)...]
            guard !rest.isEmpty, rest.allSatisfy(isAlphanumeric), rest.contains(where: isDigit) else { return false }
            return rest.allSatisfy(isDigit) || rest.count >= 8
        }
        return false
    }

    /// Undocumented paths that differ in one segment only, with at least `minimum` distinct
    /// values there (`/export/2024-q1`, `/export/2024-q2`, `/export/2024-q3`), are one
    /// endpoint with a parameter: their groups are merged under `{param}`.
    static func mergedBySegment(_ operations: [UndocumentedOperation], minimum: Int = 3, sampleLimit: Int = 3)
        -> [UndocumentedOperation]
    {
        var current = operations.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
        while true {
            var buckets: [String: [Int]] = [:]
            for (index, operation) in current.enumerated() where !operation.pathDocumented {
                let segments = OperationMatcher.split(operation.path)
                for position in segments.indices where !segments[position].hasPrefix("{") {
                    var masked = segments
                    masked[position] = "{param}"
                    buckets[operation.method + " /" + masked.joined(separator: "/"), default: []].append(index)
                }
            }
            // Every qualifying bucket whose members are still free, in key order: one pass
            // merges all of them, so this loops once per nesting level, not once per merge.
            var used: Set<Int> = []
            var merged: [UndocumentedOperation] = []
            for (key, members) in buckets.filter({ $0.value.count >= minimum }).sorted(by: { $0.key < $1.key })
            where members.allSatisfy({ !used.contains($0) }) {
                used.formUnion(members)
                let path = String(key.drop(while: { $0 != " " }).dropFirst())
                var group = UndocumentedOperation(method: current[members[0]].method, path: path, pathDocumented: false,
                    exchanges: 0, samples: [])
                for index in members {
                    group.exchanges += current[index].exchanges
                    for sample in current[index].samples where group.samples.count < sampleLimit { group.samples.append(sample) }
                }
                merged.append(group)
            }
            if merged.isEmpty { return current }
            current = current.enumerated().filter { !used.contains($0.offset) }.map(\.element) + merged
        }
    }
}

/// The running tallies of one analysis.
private struct DriftState {
    let spec: APISpec
    let options: DriftAnalysis.Options
    let matcher: OperationMatcher
    let validator: SchemaValidator

    var exchanges = 0
    var matched = 0
    var exercised: [Int] = []
    var responsesSeen: Set<String> = []
    var validatedBodies = 0
    var invalidBodies = 0
    var notes: [String] = []

    struct Group<Value> {
        var value: Value
        var count = 0
        var samples: [String] = []
    }

    var undocumented: [String: Group<UndocumentedOperation>] = [:]
    var statuses: [String: Group<(operation: Int, status: Int)>] = [:]
    var violations: [String: Group<(operation: Int, violation: ResponseSchemaViolation)>] = [:]

    init(spec: APISpec, options: DriftAnalysis.Options) {
        self.spec = spec
        self.options = options
        matcher = OperationMatcher(spec: spec, prefixes: options.prefixes)
        validator = SchemaValidator(spec: spec,
            options: SchemaValidator.Options(direction: .response, maxViolations: options.violationsPerBody))
        exercised = Array(repeating: 0, count: spec.operations.count)
    }

    private func sample(_ samples: inout [String], _ source: TrafficSource) {
        if samples.count < options.sampleLimit { samples.append(source.description) }
    }

    mutating func add(_ exchange: TrafficExchange) {
        exchanges += 1
        let index: Int
        switch matcher.match(method: exchange.method, target: exchange.target) {
        case .operation(let found):
            index = found
        case .otherMethod(let template):
            record(undocumented: exchange, path: template, pathDocumented: true)
            return
        case .none:
            record(undocumented: exchange, path: DriftAnalysis.generalised(matcher.strippedPath(exchange.target)), pathDocumented: false)
            return
        }
        matched += 1
        exercised[index] += 1
        let operation = spec.operations[index]
        guard let response = DriftAnalysis.documentedResponse(for: exchange.status, in: operation) else {
            let key = "\(index) \(exchange.status)"
            statuses[key, default: Group(value: (index, exchange.status))].count += 1
            sample(&statuses[key]!.samples, exchange.source)
            return
        }
        responsesSeen.insert("\(index) \(response.status)")
        if let body = exchange.responseBody, exchange.method != "HEAD" {
            validate(body, of: exchange, response: response, operation: index)
        }
    }

    private mutating func record(undocumented exchange: TrafficExchange, path: String, pathDocumented: Bool) {
        let key = exchange.method + " " + path
        if undocumented[key] == nil {
            undocumented[key] = Group(value: UndocumentedOperation(method: exchange.method, path: path, pathDocumented: pathDocumented,
                exchanges: 0, samples: []))
        }
        undocumented[key]!.count += 1
        sample(&undocumented[key]!.samples, exchange.source)
    }

    private mutating func validate(_ body: TrafficBody, of exchange: TrafficExchange, response: APIResponse, operation index: Int) {
        guard !body.isEmpty, let media = MediaTypes.best(for: exchange.responseContentType, among: response.content),
            let schema = media.schema,
            MediaTypes.isJSON(media.name) || MediaTypes.isJSON(exchange.responseContentType ?? "")
        else { return }
        let instance: SpecNode
        if case .json(let node) = body {
            instance = node
        } else if let bytes = body.bytes {
            if bytes.count > options.maxBodyBytes {
                note("response bodies over \(options.maxBodyBytes) bytes were not validated (first: \(exchange.source))")
                return
            }
            do {
                instance = try bytes.withUnsafeBufferPointer { (buffer) throws(SpecError) -> SpecNode in
                    try JSONTreeParser.parse(buffer, file: "\(exchange.source) response body", limits: SpecLimits())
                }
            } catch {
                validatedBodies += 1
                invalidBodies += 1
                let reason: String
                if case .syntax(_, let line, let column, _, let text) = error {
                    reason = "the body is not valid JSON: \(text) (line \(line), column \(column) of the body)"
                } else {
                    reason = "the body could not be read as JSON: \(error.description)"
                }
                var position = SpecPosition(spec.resolve(schema))
                position.pointer += "/type"
                let violation = SchemaViolation(instancePointer: "", keyword: "json", schema: position, message: reason)
                recordViolations([violation], of: exchange, response: response, media: media, operation: index)
                return
            }
        } else {
            return
        }
        validatedBodies += 1
        let result = validator.validate(instance, against: schema)
        for text in result.notes { note(text) }
        if !result.isValid {
            invalidBodies += 1
            recordViolations(result.violations, of: exchange, response: response, media: media, operation: index)
        }
    }

    private mutating func recordViolations(_ found: [SchemaViolation], of exchange: TrafficExchange, response: APIResponse,
        media: APIMediaType, operation index: Int)
    {
        let operation = spec.operations[index]
        var seenInBody: Set<String> = []
        for violation in found {
            let key = "\(index) \(response.status) \(media.name) \(violation.keyword) \(violation.schema.file)#\(violation.schema.pointer)"
            guard seenInBody.insert(key).inserted else { continue }
            if violations[key] == nil {
                violations[key] = Group(value: (index, ResponseSchemaViolation(method: operation.method.uppercased(), path: operation.path,
                    operationId: operation.operationId, response: response.status, mediaType: media.name, keyword: violation.keyword,
                    schema: violation.schema, instancePointer: violation.instancePointer, message: violation.message, bodies: 0,
                    samples: [])))
            }
            violations[key]!.count += 1
            sample(&violations[key]!.samples, exchange.source)
        }
    }

    private mutating func note(_ text: String) {
        if !notes.contains(text), notes.count < 50 { notes.append(text) }
    }

    func report(sources: [TrafficSourceSummary]) -> DriftReport {
        let operations = spec.operations
        let operationCoverage = CoverageFigure(covered: exercised.filter { $0 > 0 }.count, total: operations.count)
        let documentedPairs = operations.reduce(0) { $0 + $1.responses.count }
        let responseCoverage = CoverageFigure(covered: responsesSeen.count, total: documentedPairs)

        let undocumentedList = DriftAnalysis.mergedBySegment(undocumented.values.map { group -> UndocumentedOperation in
            var value = group.value
            value.exchanges = group.count
            value.samples = group.samples
            return value
        }, sampleLimit: options.sampleLimit).sorted { ($1.exchanges, $0.path, $0.method) < ($0.exchanges, $1.path, $1.method) }

        let statusList = statuses.values.sorted { ($0.value.operation, $0.value.status) < ($1.value.operation, $1.value.status) }
            .map { group -> UndocumentedStatus in
                let operation = operations[group.value.operation]
                return UndocumentedStatus(method: operation.method.uppercased(), path: operation.path, operationId: operation.operationId,
                    status: group.value.status, documented: operation.responses.map(\.status), exchanges: group.count,
                    samples: group.samples, position: SpecPosition(operation.node["responses"] ?? operation.node))
            }

        let violationList = violations.values.sorted {
            ($0.value.operation, $0.value.violation.response, $0.value.violation.schema.pointer, $0.value.violation.keyword)
                < ($1.value.operation, $1.value.violation.response, $1.value.violation.schema.pointer, $1.value.violation.keyword)
        }.map { group -> ResponseSchemaViolation in
            var value = group.value.violation
            value.bodies = group.count
            value.samples = group.samples
            return value
        }

        let totals = DriftTotals(undocumentedOperations: undocumentedList.count,
            undocumentedOperationExchanges: undocumentedList.reduce(0) { $0 + $1.exchanges },
            undocumentedStatuses: statusList.count, undocumentedStatusExchanges: statusList.reduce(0) { $0 + $1.exchanges },
            schemaViolations: violationList.count)
        let unexercised = operations.indices.filter { exercised[$0] == 0 }.prefix(options.listLimit).map { operations[$0].displayName }
        return DriftReport(sources: sources, exchanges: exchanges, matchedExchanges: matched, operationCoverage: operationCoverage,
            responseCoverage: responseCoverage, validatedBodies: validatedBodies, invalidBodies: invalidBodies, totals: totals,
            undocumentedOperations: undocumentedList, undocumentedStatuses: statusList, schemaViolations: violationList,
            unexercisedOperations: Array(unexercised), notes: notes,
            summary: Self.summary(totals, exchanges: exchanges, validated: validatedBodies, operations: operationCoverage,
                responses: responseCoverage))
    }

    static func summary(_ totals: DriftTotals, exchanges: Int, validated: Int, operations: CoverageFigure, responses: CoverageFigure)
        -> String
    {
        func count(_ value: Int, _ singular: String, _ plural: String) -> String {
            "\(value) \(value == 1 ? singular : plural)"
        }
        func percent(_ figure: CoverageFigure) -> String {
            figure.percent.map { " (" + NumberFormat.percent($0) + ")" } ?? ""
        }
        return count(totals.undocumentedOperations, "undocumented operation", "undocumented operations") + ", "
            + count(totals.undocumentedStatuses, "undocumented status", "undocumented statuses") + ", "
            + count(totals.schemaViolations, "schema violation", "schema violations") + " in "
            + count(validated, "validated body", "validated bodies") + ", from "
            + count(exchanges, "exchange", "exchanges") + " covering \(operations.covered) of \(operations.total) operations\(percent(operations))"
            + " and \(responses.covered) of \(responses.total) documented responses\(percent(responses))"
    }
}
