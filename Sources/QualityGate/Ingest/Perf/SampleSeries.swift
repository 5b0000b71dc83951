/// Running statistics of one series fed sample by sample (raw-sample readers).
struct SampleSeries: Sendable {
    var method: String?
    var name: String
    var latency = LatencyDistribution()
    var errors = 0
    /// Counts for 1xx…5xx at indexes 1…5, anything else (0, transport errors) at 0.
    var statusClasses = [Int](repeating: 0, count: 6)
    var sawStatus = false
    /// Earliest start and latest end (epoch ms), for throughput when the source has timestamps.
    var firstStart = Double.infinity
    var lastEnd = -Double.infinity

    init(method: String?, name: String) {
        self.method = method
        self.name = name
    }

    mutating func record(milliseconds: Double, error: Bool, status: Int?, start: Double? = nil) {
        latency.record(milliseconds)
        if error { errors += 1 }
        if let status {
            sawStatus = true
            let index = (100...599).contains(status) ? status / 100 : 0
            statusClasses[index] += 1
        }
        if let start {
            if start < firstStart { firstStart = start }
            if start + milliseconds > lastEnd { lastEnd = start + milliseconds }
        }
    }

    mutating func merge(_ other: SampleSeries) {
        latency.merge(other.latency)
        errors += other.errors
        sawStatus = sawStatus || other.sawStatus
        for index in statusClasses.indices { statusClasses[index] += other.statusClasses[index] }
        firstStart = Swift.min(firstStart, other.firstStart)
        lastEnd = Swift.max(lastEnd, other.lastEnd)
    }

    /// The model series, every value computed from the samples.
    func series(kind: PerfSeriesKind) -> PerfSeries {
        var series = PerfSeries(kind: kind, method: method, name: name)
        let computed = latency.isExact ? "computed (exact)" : "computed (sketch)"
        let ps: [(PerfStatistic, Double)] = [(.p50, 50), (.p90, 90), (.p95, 95), (.p99, 99)]
        for ((statistic, _), value) in zip(ps, latency.percentiles(ps.map(\.1))) {
            if let value { series.set(statistic, value, unit: .milliseconds, sourceUnit: computed) }
        }
        if let mean = latency.mean {
            series.set(.mean, mean, unit: .milliseconds, sourceUnit: "computed (exact)")
            series.set(.min, latency.minimum, unit: .milliseconds, sourceUnit: "computed (exact)")
            series.set(.max, latency.maximum, unit: .milliseconds, sourceUnit: "computed (exact)")
        }
        let count = latency.count
        series.set(.count, Double(count), unit: .count, sourceUnit: "computed (exact)")
        series.set(.errors, Double(errors), unit: .count, sourceUnit: "computed (exact)")
        if count > 0 {
            series.set(.errorRate, Double(errors) / Double(count), unit: .fraction, sourceUnit: "computed (exact)")
        }
        if lastEnd > firstStart, count > 1 {
            series.set(.throughput, Double(count) / ((lastEnd - firstStart) / 1000), unit: .perSecond, sourceUnit: "computed (exact)")
        }
        if sawStatus {
            for index in [2, 3, 4, 5, 1, 0] where statusClasses[index] > 0 || index == 4 || index == 5 {
                let name = index == 0 ? "other" : "\(index)xx"
                series.statusClasses.append(PerfStatusClass(name, statusClasses[index]))
                if count > 0, index == 4 || index == 5 {
                    series.set(.statusRate(name), Double(statusClasses[index]) / Double(count), unit: .fraction, sourceUnit: "computed (exact)")
                }
            }
        }
        series.sortValues()
        return series
    }
}
