/// Metrics from performance observations, named so that KPIs can be written against them
/// without a budget file: `latency.p95_ms{endpoint="GET /api/v1/app/tasks"}`,
/// `http.error_rate{class="5xx"}` (percent), `http.requests{endpoint=…}`,
/// `http.throughput_rps{endpoint=…}`, `size.gzip_kb{resource=…}`, `size.kb{resource=…}`,
/// and named metrics as they come (`cache.hit_rate`, in percent).
public enum PerfMeasures {
    /// The metric name the readers' aggregate series (all requests of a file) arrives under.
    public static let aggregateName = "http"

    public static func metrics(_ observations: [BudgetObservation]) -> [Metric] {
        var series: [String: (metric: Metric, combine: Combine)] = [:]
        var classTotals: [String: (failed: Double, samples: Int)] = [:]
        for observation in observations where observation.value.isFinite {
            guard let (name, labels, value, combine) = seriesOf(observation) else { continue }
            let metric = Metric(name: name, labels: labels, value: value, source: observation.source)
            if let known = series[metric.seriesName] {
                var merged = known.metric
                merged.value = known.combine.apply(known.metric.value, value)
                series[metric.seriesName] = (merged, known.combine)
            } else {
                series[metric.seriesName] = (metric, combine)
            }
            // The overall error rate per status class is computed from counts, never by
            // averaging rates: only observations that say how many samples they stand on count.
            if case .endpoint = observation.subject, let samples = observation.samples, samples > 0,
                let statusClass = statusClass(observation.statistic)
            {
                var total = classTotals[statusClass] ?? (0, 0)
                total.failed += observation.value * Double(samples)
                total.samples += samples
                classTotals[statusClass] = total
            }
        }
        var result = series.values.map(\.metric)
        for (statusClass, total) in classTotals where total.samples > 0 {
            var labels: [String: String] = [:]
            if !statusClass.isEmpty { labels["class"] = statusClass }
            // A reader's own aggregate (all requests) already gave this series.
            guard series[MetricSelector(name: "http.error_rate", labels: labels).description] == nil else { continue }
            result.append(Metric(name: "http.error_rate", labels: labels, value: total.failed / Double(total.samples) * 100,
                source: "\(total.samples) requests"))
        }
        return result.sorted { $0.seriesName < $1.seriesName }
    }

    enum Combine {
        case worst, sum, highest

        func apply(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .worst, .highest: max(a, b)
            case .sum: a + b
            }
        }
    }

    /// `cache_hit`, `cache.hit_rate`, `CacheHits`: a hit ratio, reported as `cache.hit_rate`.
    static func isCacheHit(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard let cache = lower.range(of: "cache") else { return false }
        return lower[cache.upperBound...].contains("hit")
    }

    private static func statusClass(_ statistic: String) -> String? {
        switch statistic {
        case "error_rate": ""
        case "rate_5xx": "5xx"
        case "rate_4xx": "4xx"
        default: nil
        }
    }

    /// The series of one request statistic (an endpoint's, or all requests' without labels).
    private static func requestSeries(_ statistic: String, _ value: Double, labels: [String: String])
        -> (name: String, labels: [String: String], value: Double, combine: Combine)?
    {
        if let statusClass = statusClass(statistic) {
            var labels = labels
            if !statusClass.isEmpty { labels["class"] = statusClass }
            return ("http.error_rate", labels, value * 100, .worst)
        }
        switch statistic {
        case "count": return ("http.requests", labels, value, .sum)
        case "throughput": return ("http.throughput_rps", labels, value, .sum)
        case "mean", "min", "max": return ("latency.\(statistic)_ms", labels, value, .worst)
        case _ where statistic.hasPrefix("p"): return ("latency.\(statistic)_ms", labels, value, .worst)
        default: return nil
        }
    }

    private static func seriesOf(_ observation: BudgetObservation)
        -> (name: String, labels: [String: String], value: Double, combine: Combine)?
    {
        let statistic = observation.statistic
        switch observation.subject {
        case .endpoint(let method, let path):
            return requestSeries(statistic, observation.value, labels: ["endpoint": method.map { "\($0) \(path)" } ?? path])
        case .resource(let resource):
            let labels = ["resource": resource]
            switch statistic {
            case "size_gzip": return ("size.gzip_kb", labels, observation.value / 1000, .highest)
            case "size": return ("size.kb", labels, observation.value / 1000, .highest)
            case _ where statistic.hasPrefix("p") || ["mean", "min", "max"].contains(statistic):
                return ("timing.\(statistic)_ms", labels, observation.value, .worst)
            case "ratio": return ("score.percent", labels, observation.value * 100, .worst)
            default: return nil
            }
        case .metric(let name) where name == aggregateName:
            // All requests: the overall (label-free) series of the endpoint metrics.
            return requestSeries(statistic, observation.value, labels: [:])
        case .metric(let name):
            switch statistic {
            case "ratio" where isCacheHit(name): return ("cache.hit_rate", [:], observation.value * 100, .worst)
            case "ratio", "error_rate", "rate_5xx", "rate_4xx": return (name, [:], observation.value * 100, .worst)
            default: return ("\(name).\(statistic)", [:], observation.value, .worst)
            }
        }
    }
}
