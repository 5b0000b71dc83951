/// Check groups of this area (see CheckRegistry).
enum EndpointChecks {
    static let groups: [CheckGroup] = []
}
