/// Check groups of this area (see CheckRegistry).
enum SchemaStructureChecks {
    static let groups: [CheckGroup] = []
}
