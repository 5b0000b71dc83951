/// Check groups of this area (see CheckRegistry).
enum SchemaValueChecks {
    static let groups: [CheckGroup] = []
}
