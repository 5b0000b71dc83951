/// Scores how completely a spec documents each operation (issue 4 part 4).
///
/// Each operation (path operations and 3.1 webhooks) is checked against the
/// `CompletenessRule`s that apply to it; its score is satisfied / applicable. The KPI
/// `percent` is the mean of those scores (every operation weighs the same). Works on
/// Swagger 2.0, OpenAPI 3.0 and 3.1 through the dialect-neutral `APISpec` index.
///
/// Schema walks (property descriptions) visit each resolved schema once per operation, so
/// recursive schemas terminate and a component shared by many bodies of one operation is
/// counted once; example validations are memoised across operations, because real specs
/// share error responses (and their examples) through `$ref`s.
public enum SpecCompleteness {
    /// How many failing operations a rule's `failing` list names.
    public static let failingListLimit = 20
    /// How many offenders one gap names.
    public static let itemLimit = 10

    public static func evaluate(_ spec: APISpec) -> CompletenessReport {
        var evaluator = CompletenessEvaluator(spec: spec)
        return evaluator.report()
    }
}

/// The state of one evaluation: the example-validation memo and the rule tallies.
private struct CompletenessEvaluator {
    let spec: APISpec
    let validator: SchemaValidator
    /// (example node, schema node, direction) → the first violation, or nil when valid.
    var exampleResults: [ExampleKey: SchemaViolation?] = [:]
    let propertyIndex: PropertyIndex

    struct ExampleKey: Hashable {
        let example: ObjectIdentifier
        let schema: ObjectIdentifier
        let direction: SchemaValidator.Direction
    }

    init(spec: APISpec) {
        self.spec = spec
        validator = SchemaValidator(spec: spec, options: SchemaValidator.Options(maxViolations: 1))
        propertyIndex = PropertyIndex(document: spec.document)
    }

    private var document: SpecDocument { spec.document }

    mutating func report() -> CompletenessReport {
        let all = spec.operations.map { ($0, false) } + spec.webhooks.map { ($0, true) }
        var idCounts: [String: Int] = [:]
        for (operation, _) in all {
            if let id = operation.operationId, !id.isEmpty { idCounts[id, default: 0] += 1 }
        }
        var tallies: [CompletenessRule: CompletenessRuleCount] = [:]
        for rule in CompletenessRule.allCases {
            tallies[rule] = CompletenessRuleCount(rule: rule.rawValue, title: rule.title, satisfied: 0, applicable: 0, percent: nil,
                failing: [], failingCount: 0)
        }
        var scoreSum = 0.0
        var complete = 0
        var satisfiedChecks = 0
        var applicableChecks = 0
        var incomplete: [OperationCompleteness] = []
        for (operation, isWebhook) in all {
            let results = check(operation, isWebhook: isWebhook, idCounts: idCounts)
            var satisfied = 0
            var gaps: [CompletenessGap] = []
            for (rule, gap) in results {
                tallies[rule]!.applicable += 1
                if let gap {
                    gaps.append(gap)
                    tallies[rule]!.failingCount += 1
                    if tallies[rule]!.failing.count < SpecCompleteness.failingListLimit {
                        tallies[rule]!.failing.append(operation.displayName)
                    }
                } else {
                    satisfied += 1
                    tallies[rule]!.satisfied += 1
                }
            }
            let score = results.isEmpty ? 1 : Double(satisfied) / Double(results.count)
            scoreSum += score
            satisfiedChecks += satisfied
            applicableChecks += results.count
            if gaps.isEmpty {
                complete += 1
            } else {
                incomplete.append(OperationCompleteness(method: operation.method.uppercased(), path: operation.path,
                    operationId: operation.operationId, isWebhook: isWebhook, score: score, satisfied: satisfied,
                    applicable: results.count, position: SpecPosition(operation.node), gaps: gaps))
            }
        }
        let rules = CompletenessRule.allCases.map { rule -> CompletenessRuleCount in
            var tally = tallies[rule]!
            tally.percent = Self.percent(tally.satisfied, tally.applicable)
            return tally
        }
        return CompletenessReport(dialect: spec.dialect, operations: all.count, webhooks: spec.webhooks.count,
            completeOperations: complete, percent: all.isEmpty ? nil : scoreSum / Double(all.count) * 100,
            satisfiedChecks: satisfiedChecks, applicableChecks: applicableChecks,
            checksPercent: Self.percent(satisfiedChecks, applicableChecks), rules: rules, gaps: incomplete,
            unusedComponents: ComponentUsage(spec: spec).unused())
    }

    static func percent(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) * 100 : nil
    }

    // MARK: Rules

    /// The applicable rules of one operation, each with its gap (nil when satisfied).
    mutating func check(_ operation: APIOperation, isWebhook: Bool, idCounts: [String: Int]) -> [(CompletenessRule, CompletenessGap?)] {
        let here = SpecPosition(operation.node)
        func gap(_ rule: CompletenessRule, _ message: String, at position: SpecPosition? = nil, items: [String] = [],
            count: Int? = nil) -> CompletenessGap
        {
            CompletenessGap(rule: rule.rawValue, message: message, position: position ?? here,
                items: Array(items.prefix(SpecCompleteness.itemLimit)), itemCount: count ?? items.count)
        }
        var results: [(CompletenessRule, CompletenessGap?)] = []

        if let id = operation.operationId, !id.isEmpty {
            let uses = idCounts[id] ?? 1
            results.append((.operationId, uses > 1
                ? gap(.operationId, "operationId '\(id)' is used by \(uses) operations", at: operation.node["operationId"].map(SpecPosition.init))
                : nil))
        } else {
            results.append((.operationId, gap(.operationId, "no operationId")))
        }

        let summarised = !(operation.summary ?? "").isBlank || !(operation.description ?? "").isBlank
        results.append((.summary, summarised ? nil : gap(.summary, "no summary or description")))
        results.append((.tags, operation.tags.isEmpty ? gap(.tags, "no tags") : nil))

        if !operation.parameters.isEmpty {
            let missing = operation.parameters.filter { ($0.description ?? "").isBlank }
            results.append((.parameterDescriptions, missing.isEmpty ? nil : gap(.parameterDescriptions,
                Self.countMessage(missing.count, of: operation.parameters.count, "parameter", "parameters",
                    names: missing.map { "\($0.name) (\($0.location))" }),
                at: SpecPosition(missing[0].node), items: missing.map { "\($0.name) (\($0.location))" })))
        }

        let bodies = self.bodies(of: operation)
        let properties = propertyIndex.properties(below: bodies.compactMap(\.schema))
        if properties.total > 0 {
            let missing = properties.undescribed
            results.append((.propertyDescriptions, missing.isEmpty ? nil : gap(.propertyDescriptions,
                Self.countMessage(missing.count, of: properties.total, "body property", "body properties", names: missing.map(\.name)),
                at: SpecPosition(missing[0].node), items: missing.map(\.name), count: missing.count)))
        }

        if !isWebhook {
            let documentsError = operation.responses.contains { Self.isErrorStatus($0.status) }
            results.append((.errorResponses, documentsError ? nil : gap(.errorResponses,
                "no 4xx, 5xx or default response is documented",
                at: operation.node["responses"].map(SpecPosition.init))))
        }

        let withSchema = bodies.filter { $0.schema != nil }
        if !withSchema.isEmpty {
            let bare = withSchema.filter { $0.examples.isEmpty && $0.externalExamples == 0 }
            results.append((.examples, bare.isEmpty ? nil : gap(.examples,
                Self.countMessage(bare.count, of: withSchema.count, "JSON body", "JSON bodies", names: bare.map(\.label),
                    verb: "has no example", pluralVerb: "have no example"),
                at: SpecPosition(bare[0].anchor), items: bare.map(\.label))))
            var checked = 0
            var invalid: [(label: String, violation: SchemaViolation, node: SpecNode)] = []
            for body in withSchema {
                for example in body.examples {
                    checked += 1
                    if let violation = validate(example, against: body.schema!, direction: body.direction) {
                        invalid.append(("\(body.label) example", violation, example))
                    }
                }
            }
            if checked > 0 || withSchema.contains(where: { $0.externalExamples > 0 }) {
                let first = invalid.first
                results.append((.validExamples, first.map { first in
                    gap(.validExamples,
                        "\(invalid.count) of \(checked) examples \(invalid.count == 1 ? "does" : "do") not match the schema; first, \(first.label) at \(first.node.location): \(first.violation.description)",
                        at: SpecPosition(first.node), items: invalid.map { "\($0.label): \($0.violation.description)" })
                }))
            }
        }

        if !isWebhook {
            results.append((.security, operation.security == nil
                ? gap(.security, "no security requirement on the operation or the document (use `security: []` for a public operation)")
                : nil))
        }
        return results
    }

    static func isErrorStatus(_ status: String) -> Bool {
        status == "default" || status.hasPrefix("4") || status.hasPrefix("5")
    }

    /// `2 of 5 parameters have no description: a, b`
    static func countMessage(_ count: Int, of total: Int, _ singular: String, _ plural: String, names: [String],
        verb: String = "has no description", pluralVerb: String = "have no description") -> String
    {
        let noun = total == 1 ? singular : plural
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        return "\(count) of \(total) \(noun) \(count == 1 ? verb : pluralVerb): \(shown)"
    }

    mutating func validate(_ example: SpecNode, against schema: SpecNode, direction: SchemaValidator.Direction) -> SchemaViolation? {
        let key = ExampleKey(example: ObjectIdentifier(example), schema: ObjectIdentifier(document.resolve(schema)), direction: direction)
        if let known = exampleResults[key] { return known }
        validator.options.direction = direction
        let result = validator.validate(example, against: schema).violations.first
        exampleResults[key] = result
        return result
    }

    // MARK: Bodies and their examples

    /// One JSON request or response body of an operation.
    struct Body {
        /// `request body (application/json)`, `response 200 (application/json)`.
        var label: String
        var direction: SchemaValidator.Direction
        var schema: SpecNode?
        /// Example values that can be validated.
        var examples: [SpecNode]
        /// `externalValue` examples: present, not checkable.
        var externalExamples: Int
        /// Where to point when the body lacks an example.
        var anchor: SpecNode
    }

    func bodies(of operation: APIOperation) -> [Body] {
        var result: [Body] = []
        if let request = operation.requestBody {
            for media in request.content where MediaTypes.isJSON(media.name) {
                result.append(body("request body (\(media.name))", .request, media, swaggerExamples: nil, anchor: media.node ?? request.node))
            }
        }
        for response in operation.responses {
            for media in response.content where MediaTypes.isJSON(media.name) {
                result.append(body("response \(response.status) (\(media.name))", .response, media,
                    swaggerExamples: spec.dialect == .swagger2 ? response.node["examples"] : nil, anchor: media.node ?? response.node))
            }
        }
        return result
    }

    private func body(_ label: String, _ direction: SchemaValidator.Direction, _ media: APIMediaType, swaggerExamples: SpecNode?,
        anchor: SpecNode) -> Body
    {
        var examples: [SpecNode] = []
        var external = 0
        if let example = media.node?["example"] { examples.append(example) }
        for entry in media.node?["examples"]?.members ?? [] {
            let object = document.resolve(entry.node)
            if let value = object["value"] {
                examples.append(value)
            } else if object["externalValue"] != nil {
                external += 1
            }
        }
        if let example = swaggerExamples?[media.name] { examples.append(example) }
        if let raw = media.schema {
            let schema = document.resolve(raw)
            if let example = schema["example"] { examples.append(example) }
            if let list = schema["examples"]?.array { examples.append(contentsOf: list) }
        }
        return Body(label: label, direction: direction, schema: media.schema, examples: examples,
            externalExamples: external, anchor: anchor)
    }
}

extension String {
    /// Empty or only white space.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
