/// Check groups about the structure of request and response body schemas: discriminators,
/// `allOf`/`anyOf`/`oneOf`/`prefixItems` members, `contains`, `dependentRequired`,
/// `dependentSchemas`, `if`/`then`/`else`, `propertyNames` and `unevaluated*`.
///
/// Each group is named like oasdiff's check group and looks at every paired operation's
/// request body (or every paired response), per media type, at the body schema and every
/// modified property under it. The rules live in the `SchemaStructureChecks+*.swift` files.
enum SchemaStructureChecks {
    static let groups: [CheckGroup] = [
        perSubject("RequestDiscriminatorUpdatedCheck", request: true, discriminator),
        perSubject("ResponseDiscriminatorUpdatedCheck", request: false, discriminator),
        perSubject("RequestPropertyAllOfUpdatedCheck", request: true, allOf),
        perSubject("ResponsePropertyAllOfUpdatedCheck", request: false, allOf),
        alternatives("RequestPropertyAnyOfUpdatedCheck", keyword: "anyOf", request: true),
        alternatives("ResponsePropertyAnyOfUpdatedCheck", keyword: "anyOf", request: false),
        alternatives("RequestPropertyOneOfUpdatedCheck", keyword: "oneOf", request: true),
        alternatives("ResponsePropertyOneOfUpdated", keyword: "oneOf", request: false),
        perSubject("RequestPropertyContainsUpdatedCheck", request: true, contains),
        perSubject("ResponsePropertyContainsUpdatedCheck", request: false, contains),
        perSubject("RequestPropertyDependentRequiredChangedCheck", request: true, dependentRequired),
        perSubject("ResponsePropertyDependentRequiredChangedCheck", request: false, dependentRequired),
        perSubject("RequestPropertyDependentSchemasUpdatedCheck", request: true, dependentSchemas),
        perSubject("ResponsePropertyDependentSchemasUpdatedCheck", request: false, dependentSchemas),
        perSubject("RequestPropertyIfUpdatedCheck", request: true, conditional),
        perSubject("ResponsePropertyIfUpdatedCheck", request: false, conditional),
        perSubject("RequestPropertyPrefixItemsUpdatedCheck", request: true, prefixItems),
        perSubject("ResponsePropertyPrefixItemsUpdatedCheck", request: false, prefixItems),
        perSubject("RequestPropertyPropertyNamesUpdatedCheck", request: true, propertyNames),
        perSubject("ResponsePropertyPropertyNamesUpdatedCheck", request: false, propertyNames),
        perSubject("RequestPropertyUnevaluatedUpdatedCheck", request: true, unevaluated),
        perSubject("ResponsePropertyUnevaluatedUpdatedCheck", request: false, unevaluated),
    ]
}
