/// Check groups about the values and constraints of request/response body schemas and their
/// properties: presence and requiredness of properties, readOnly/writeOnly, type and format,
/// nullability, enums, const/default, bounds, patterns, content keywords and deprecation.
/// Structural composition (allOf/anyOf/oneOf…) is `SchemaStructureChecks`' concern.
///
/// Every group walks the changed body schemas (`BodySchemaSite`) and the memoised property
/// walk of `DiffContext`, so an unchanged schema costs one fingerprint comparison.
enum SchemaValueChecks {
    static let groups: [CheckGroup] =
        propertyGroups + typeGroups + valueGroups + boundGroups + lifecycleGroups
}
