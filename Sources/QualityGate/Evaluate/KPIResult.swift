/// Where a KPI stands.
public enum KPIStatus: String, Sendable, Hashable, Codable {
    /// The target is met (and the warning line, if any).
    case onTrack = "ON_TRACK"
    /// The target is met but the warning line is not: act before it fails.
    case atRisk = "AT_RISK"
    /// The target is missed, or there was no data to measure it.
    case offTrack = "OFF_TRACK"
    /// Nothing to judge, by design (no coverable line changed): passes, and says so.
    case neutral = "NEUTRAL"
}

/// One KPI evaluated: the value, the line it was held to, and whether that blocks.
public struct KPIResult: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Canonical text of the metric selector or formula.
    public var expression: String
    /// Nil when the value could not be computed (see `message`).
    public var value: Double?
    public var target: Threshold
    public var warning: Threshold?
    public var critical: Threshold?
    public var status: KPIStatus
    /// The KPI's severity, escalated to critical when the critical line is missed.
    public var severity: Severity
    /// Headroom against the target: positive is good, negative is by how much it missed.
    public var margin: Double?
    /// True when this result fails the gate (OFF_TRACK at or above `fail_on`).
    public var blocking: Bool
    public var unit: String?
    /// Why there is no value, or what escalated it.
    public var message: String?
    /// The metric series the value was computed from, with their provenance.
    public var inputs: [Metric]
}
