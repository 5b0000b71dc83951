/// Check groups about the structure of request and response body schemas: discriminators,
/// `allOf`/`anyOf`/`oneOf`/`prefixItems` members, `contains`, `dependentRequired`,
/// `dependentSchemas`, `if`/`then`/`else`, `propertyNames` and `unevaluated*`.
///
/// Each group is named like oasdiff's check group and looks at every paired operation's
/// request body (or every paired response), per media type, at the body schema and every
/// modified property under it. The rules live in the `SchemaStructureChecks+*.swift` files.
enum SchemaStructureChecks {
    static let groups: [CheckGroup] = [
        perSubject("RequestDiscriminatorUpdatedCheck", request: true, keywords: ["discriminator"], discriminator),
        perSubject("ResponseDiscriminatorUpdatedCheck", request: false, keywords: ["discriminator"], discriminator),
        perSubject("RequestPropertyAllOfUpdatedCheck", request: true, keywords: ["allOf"], allOf),
        perSubject("ResponsePropertyAllOfUpdatedCheck", request: false, keywords: ["allOf"], allOf),
        alternatives("RequestPropertyAnyOfUpdatedCheck", keyword: "anyOf", request: true),
        alternatives("ResponsePropertyAnyOfUpdatedCheck", keyword: "anyOf", request: false),
        alternatives("RequestPropertyOneOfUpdatedCheck", keyword: "oneOf", request: true),
        alternatives("ResponsePropertyOneOfUpdated", keyword: "oneOf", request: false),
        perSubject("RequestPropertyContainsUpdatedCheck", request: true, keywords: ["contains", "minContains", "maxContains"], contains),
        perSubject("ResponsePropertyContainsUpdatedCheck", request: false, keywords: ["contains", "minContains", "maxContains"], contains),
        perSubject("RequestPropertyDependentRequiredChangedCheck", request: true, keywords: ["dependentRequired"], dependentRequired),
        perSubject("ResponsePropertyDependentRequiredChangedCheck", request: false, keywords: ["dependentRequired"], dependentRequired),
        perSubject("RequestPropertyDependentSchemasUpdatedCheck", request: true, keywords: ["dependentSchemas"], dependentSchemas),
        perSubject("ResponsePropertyDependentSchemasUpdatedCheck", request: false, keywords: ["dependentSchemas"], dependentSchemas),
        perSubject("RequestPropertyIfUpdatedCheck", request: true, keywords: ["if", "then", "else"], conditional),
        perSubject("ResponsePropertyIfUpdatedCheck", request: false, keywords: ["if", "then", "else"], conditional),
        perSubject("RequestPropertyPrefixItemsUpdatedCheck", request: true, keywords: ["prefixItems"], prefixItems),
        perSubject("ResponsePropertyPrefixItemsUpdatedCheck", request: false, keywords: ["prefixItems"], prefixItems),
        perSubject("RequestPropertyPropertyNamesUpdatedCheck", request: true, keywords: ["propertyNames"], propertyNames),
        perSubject("ResponsePropertyPropertyNamesUpdatedCheck", request: false, keywords: ["propertyNames"], propertyNames),
        perSubject("RequestPropertyUnevaluatedUpdatedCheck", request: true, keywords: ["unevaluatedItems", "unevaluatedProperties"], unevaluated),
        perSubject("ResponsePropertyUnevaluatedUpdatedCheck", request: false, keywords: ["unevaluatedItems", "unevaluatedProperties"], unevaluated),
    ]
}
