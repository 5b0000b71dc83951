/// Check groups of this area (see CheckRegistry).
enum ParameterChecks {
    static let groups: [CheckGroup] = []
}
