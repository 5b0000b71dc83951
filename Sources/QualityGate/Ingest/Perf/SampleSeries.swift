/// Running statistics of one series fed sample by sample (raw-sample readers).
struct SampleSeries: Sendable {
    var method: String?
    var name: String
    var latency = LatencyDistribution()
    var errors = 0
    /// Counts for 1xx…5xx at indexes 1…5, anything else (0, transport errors) at 0. A tuple,
    /// not an array: no uniqueness check or heap box on the per-sample path.
    var statusClasses: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
    var sawStatus = false
    /// Earliest start and latest end (epoch ms), for throughput when the source has timestamps.
    var firstStart = Double.infinity
    var lastEnd = -Double.infinity

    init(method: String?, name: String) {
        self.method = method
        self.name = name
    }

    /// Returns the change in exactly held samples (see `LatencyDistribution.record`).
    @discardableResult
    mutating func record(milliseconds: Double, error: Bool, status: Int?, start: Double? = nil) -> Int {
        let held = latency.record(milliseconds)
        if error { errors += 1 }
        if let status {
            sawStatus = true
            switch status {
            case 100..<200: statusClasses.1 += 1
            case 200..<300: statusClasses.2 += 1
            case 300..<400: statusClasses.3 += 1
            case 400..<500: statusClasses.4 += 1
            case 500..<600: statusClasses.5 += 1
            default: statusClasses.0 += 1
            }
        }
        if let start {
            if start < firstStart { firstStart = start }
            if start + milliseconds > lastEnd { lastEnd = start + milliseconds }
        }
        return held
    }

    mutating func merge(_ other: SampleSeries) {
        latency.merge(other.latency)
        errors += other.errors
        sawStatus = sawStatus || other.sawStatus
        statusClasses.0 += other.statusClasses.0
        statusClasses.1 += other.statusClasses.1
        statusClasses.2 += other.statusClasses.2
        statusClasses.3 += other.statusClasses.3
        statusClasses.4 += other.statusClasses.4
        statusClasses.5 += other.statusClasses.5
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
            let counts = [statusClasses.0, statusClasses.1, statusClasses.2, statusClasses.3, statusClasses.4, statusClasses.5]
            for index in [2, 3, 4, 5, 1, 0] where counts[index] > 0 || index == 4 || index == 5 {
                let name = index == 0 ? "other" : "\(index)xx"
                series.statusClasses.append(PerfStatusClass(name, counts[index]))
                if count > 0, index == 4 || index == 5 {
                    series.set(.statusRate(name), Double(counts[index]) / Double(count), unit: .fraction, sourceUnit: "computed (exact)")
                }
            }
        }
        series.sortValues()
        return series
    }
}
