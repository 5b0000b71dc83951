/// Check groups of this area (see CheckRegistry).
enum BodyResponseChecks {
    static let groups: [CheckGroup] = []
}
