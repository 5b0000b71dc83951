/// The API-contract part of a verdict: the spec read, its breaking changes against the base,
/// and (when configured) completeness and runtime drift.
public struct OpenAPISummary: Sendable, Hashable, Codable {
    /// A change that a configured waiver exempts (still shown, never hidden).
    public struct WaivedChange: Sendable, Hashable, Codable {
        public var change: SpecChange
        public var reason: String
        public var expires: String
    }

    /// The spec as configured.
    public var spec: String
    public var dialect: String
    public var operations: Int
    /// The comparison with the base; nil when no base was configured or given.
    public var diff: SpecDiffReport?
    /// What the base was (`git:<merge-base>:api/openapi.yaml`) and why, for the reader.
    public var baseOrigin: String?
    public var waived: [WaivedChange] = []
    /// How completely the spec documents its operations.
    public var completeness: CompletenessReport?
    /// The spec against recorded traffic; nil when no `openapi.traffic` is configured.
    public var drift: DriftReport?
}
