/// The documentation rules one operation is scored on.
///
/// Chosen from what generated clients and docs need (Optic's documentation and examples
/// rulesets, Spectral's `operation-*` rules, and the error/security/examples rules Spectral
/// leaves to custom rulesets; research/openapi.md §1.3, §1.4, §7.8). A rule that cannot apply
/// (no parameters, no JSON body) is left out of the operation's score instead of counting as
/// passed.
public enum CompletenessRule: String, CaseIterable, Sendable, Codable {
    /// `operationId` present, non-empty, and used by no other operation (SDK method names).
    case operationId = "operation-id"
    /// A non-empty `summary` or `description`.
    case summary = "summary-or-description"
    /// At least one tag (docs navigation, SDK grouping).
    case tags = "tags"
    /// Every parameter has a description. Applies when the operation has parameters.
    case parameterDescriptions = "parameter-descriptions"
    /// Every property of every request and response body schema (followed through `$ref`s,
    /// compositions, items and additionalProperties) has a description, on the property or on
    /// the schema it refers to. Applies when a body schema has properties.
    case propertyDescriptions = "property-descriptions"
    /// At least one documented error response: `4xx`, `5xx`, `4XX`/`5XX` or `default`.
    case errorResponses = "error-response"
    /// Every JSON request and response body that has a schema has an example (media type
    /// `example`/`examples`, Swagger 2.0 response `examples`, or the body schema's own
    /// `example`/`examples`). Applies when the operation has a JSON body with a schema.
    case examples = "examples"
    /// Every such example is valid against its body schema. Applies when an example exists;
    /// `externalValue` examples count as present but cannot be checked.
    case validExamples = "valid-examples"
    /// Security requirements declared on the operation or globally; an explicit
    /// `security: []` counts (declared public). Does not apply to webhooks.
    case security = "security"

    /// A short human title for tables.
    public var title: String {
        switch self {
        case .operationId: "operationId present and unique"
        case .summary: "summary or description"
        case .tags: "tagged"
        case .parameterDescriptions: "parameters described"
        case .propertyDescriptions: "body properties described"
        case .errorResponses: "error response documented"
        case .examples: "JSON bodies have examples"
        case .validExamples: "examples valid against their schemas"
        case .security: "security declared"
        }
    }
}
