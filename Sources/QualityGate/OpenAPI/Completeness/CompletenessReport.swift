/// How completely a spec documents its operations: the `openapi.completeness.*` figures and
/// the gaps behind them. Encoded as is into qgate's JSON output.
public struct CompletenessReport: Sendable, Codable, Hashable {
    /// `2.0`, `3.0` or `3.1`.
    public var dialect: APISpec.Dialect
    /// Operations scored: every path operation plus every 3.1 webhook.
    public var operations: Int
    /// How many of `operations` are webhooks.
    public var webhooks: Int
    /// Operations that satisfy every rule that applies to them.
    public var completeOperations: Int
    /// The KPI `openapi.completeness.percent`: the mean of the per-operation scores × 100,
    /// where an operation's score is satisfied rules / applicable rules. Every operation weighs
    /// the same, however many rules apply to it. 100 exactly when every operation is complete;
    /// `nil` when the spec has no operation (nothing to score).
    public var percent: Double?
    /// Rule checks satisfied, summed over all operations (numerator of `checksPercent`).
    public var satisfiedChecks: Int
    /// Rule checks that applied, summed over all operations.
    public var applicableChecks: Int
    /// `satisfiedChecks / applicableChecks × 100`: the pooled alternative to `percent`, where
    /// an operation with more applicable rules weighs more. `nil` when nothing applied.
    public var checksPercent: Double?
    /// One entry per rule, in `CompletenessRule` order.
    public var rules: [CompletenessRuleCount]
    /// The operations that miss at least one rule, in spec order, with their gaps. Complete
    /// operations are left out (they are counted in `completeOperations`).
    public var gaps: [OperationCompleteness]
    /// Components that no operation reaches, directly or through other components, in the
    /// order kinds and names appear in the spec.
    public var unusedComponents: [UnusedComponent]
}

/// Per-rule counts: how many operations the rule applied to, how many satisfy it, and which fail.
public struct CompletenessRuleCount: Sendable, Codable, Hashable {
    /// The rule id (`operation-id`, `property-descriptions`…; see `CompletenessRule`).
    public var rule: String
    /// A short title for tables.
    public var title: String
    /// Operations satisfying the rule.
    public var satisfied: Int
    /// Operations the rule applies to.
    public var applicable: Int
    /// `satisfied / applicable × 100`; `nil` when it applies nowhere.
    public var percent: Double?
    /// Failing operations as `GET /pets/{id}`, in spec order, at most `SpecCompleteness.failingListLimit`.
    public var failing: [String]
    /// All failing operations (the list above may be cut).
    public var failingCount: Int
}

/// One operation that misses rules.
public struct OperationCompleteness: Sendable, Codable, Hashable {
    /// Upper-case method (`GET`).
    public var method: String
    /// The path template, or the webhook name.
    public var path: String
    public var operationId: String?
    public var isWebhook: Bool
    /// satisfied / applicable, 0…1.
    public var score: Double
    public var satisfied: Int
    public var applicable: Int
    /// The Operation Object.
    public var position: SpecPosition
    /// One gap per failing rule.
    public var gaps: [CompletenessGap]
}

/// One failing rule of one operation.
public struct CompletenessGap: Sendable, Codable, Hashable {
    /// The rule id.
    public var rule: String
    /// One readable line, naming the first offenders (`3 of 12 body properties have no
    /// description: Pet.name, Pet.tag, Error.code`).
    public var message: String
    /// The first offending node (a property schema, a parameter, an example), or the operation.
    public var position: SpecPosition
    /// Every offender's name, at most `SpecCompleteness.itemLimit`.
    public var items: [String]
    /// All offenders (the list above may be cut).
    public var itemCount: Int
}

/// A component no operation uses.
public struct UnusedComponent: Sendable, Codable, Hashable {
    /// `schemas`, `parameters`, `responses`, `requestBodies`, `examples`, `headers`,
    /// `securitySchemes` (Swagger 2.0 `definitions` and `securityDefinitions` map to
    /// `schemas` and `securitySchemes`).
    public var kind: String
    public var name: String
    public var position: SpecPosition
}
