/// One measured value a budget can be held to, already in canonical units.
///
/// The seam between the performance readers and budget evaluation: a reader flattens its
/// result into these, and `BudgetEvaluation` never needs to know which tool measured what.
/// Statistics a source lacks (autocannon has no p95) are simply absent, never guessed.
public struct BudgetObservation: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        case endpoint(method: String?, path: String)   // concrete or templated request path, method upper-case
        case resource(String)                          // e.g. "main.js", a Lighthouse audit id
        case metric(String)                            // a named metric: "cache.hit_rate", "ws.delivery"
    }
    public var subject: Subject
    public var statistic: String     // "p50","p90","p95","p99","mean","min","max","count",
                                     // "error_rate","throughput","ratio","size","size_gzip", "rate_5xx", "rate_4xx"
    public var value: Double         // canonical unit: ms for times, bytes for sizes, fraction 0...1 for rates/ratios, per second for throughput
    public var samples: Int?         // how many samples stand behind it (nil = unknown)
    public var source: String        // file it came from, for messages

    public init(subject: Subject, statistic: String, value: Double, samples: Int? = nil, source: String) {
        self.subject = subject
        self.statistic = statistic
        self.value = value
        self.samples = samples
        self.source = source
    }
}
