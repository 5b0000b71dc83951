/// One way a JSON value fails a schema: where in the value, which keyword of which schema,
/// and a sentence saying why.
///
/// Both sides are pointed at, because the fix can be on either: the server sends a wrong
/// value (look at `instancePointer` in the body) or the spec says too little (open `schema`).
public struct SchemaViolation: Sendable, Hashable, Codable {
    /// JSON pointer inside the validated value (`/items/0/id`; `""` for the value itself).
    public var instancePointer: String
    /// The failing keyword (`type`, `required`, `additionalProperties`, `format`, `oneOf`…).
    public var keyword: String
    /// The schema that holds the keyword: file, line, column, and its JSON pointer with the
    /// keyword appended (`/components/schemas/Pet/properties/id/type`).
    public var schema: SpecPosition
    /// One readable line, e.g. `expected integer, found string "12"`.
    public var message: String

    public init(instancePointer: String, keyword: String, schema: SpecPosition, message: String) {
        self.instancePointer = instancePointer
        self.keyword = keyword
        self.schema = schema
        self.message = message
    }

    /// `/id: expected integer, found string "12"`
    public var description: String {
        (instancePointer.isEmpty ? "(body)" : instancePointer) + ": " + message
    }
}

/// The outcome of validating one value.
public struct SchemaValidation: Sendable, Hashable, Codable {
    /// Violations in the order found, at most `SchemaValidator.Options.maxViolations`.
    public var violations: [SchemaViolation]
    /// True when checking stopped at the violation limit: the value may have more problems.
    public var truncated: Bool
    /// Parts of the schema that could not be checked and were skipped (an invalid `pattern`,
    /// the depth limit): the value was not judged on them.
    public var notes: [String]

    public var isValid: Bool { violations.isEmpty }
}
