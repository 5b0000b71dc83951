import Foundation
import Testing

@testable import QualityGate

/// A seeded generator (SplitMix64) so that synthetic series are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// A CI-like duration: log-normal noise around `median` (σ of log 0.08, about ±8 %),
    /// with an occasional slow outlier (one run in 20 is 1.5–2.5× slower).
    mutating func duration(median: Double) -> Double {
        var value = median * exp(0.08 * normal())
        if Double.random(in: 0..<1, using: &self) < 0.05 { value *= Double.random(in: 1.5...2.5, using: &self) }
        return value
    }
}

@Suite("Regression detection on noisy metrics")
struct RegressionDetectorTests {
    let detector = RegressionDetector(settings: RegressionSettings(metrics: [MetricSelector(name: "tests.duration_seconds")]))

    @Test("robust statistics: median, MAD, Mann-Whitney U against known values")
    func statistics() {
        #expect(RobustStatistics.median([3, 1, 2]) == 2)
        #expect(RobustStatistics.median([4, 1, 2, 3]) == 2.5)
        #expect(RobustStatistics.mad([1, 1, 2, 2, 4, 6, 9]) == 1)
        // Complete separation, 5 vs 5: exact one-sided p = 1/252 ≈ 0.004; the normal approximation is close.
        let p = RobustStatistics.mannWhitneyGreater(current: [10, 11, 12, 13, 14], baseline: [1, 2, 3, 4, 5])
        #expect(p > 0.003 && p < 0.008, "p = \(p)")
        let none = RobustStatistics.mannWhitneyGreater(current: [1, 2, 3], baseline: [1, 2, 3])
        #expect(none > 0.4)
    }

    @Test("too few baseline samples is inconclusive; a step change is found; noise is not")
    func knownChangePoints() {
        var random = SeededGenerator(state: 7)
        let stable = (0..<20).map { _ in 10 * exp(0.03 * random.normal()) }
        let few = detector.judge(metric: "m", current: [30], baseline: Array(stable.prefix(4)))
        #expect(few.verdict == .inconclusive)
        #expect(few.reason == "4 baseline samples, 5 needed")

        let step = detector.judge(metric: "m", current: [13], baseline: stable)
        #expect(step.verdict == .regressed)
        #expect(step.confirmed == false, "one sample is never confirmed")
        #expect(abs(step.effect! - 0.3) < 0.05)
        #expect(step.score! > 3.5)

        let confirmed = detector.judge(metric: "m", current: [13, 12.9], baseline: stable)
        #expect(confirmed.verdict == .regressed && confirmed.confirmed)
        let ranked = detector.judge(metric: "m", current: [13, 12.9, 13.2, 12.7], baseline: stable)
        #expect(ranked.verdict == .regressed && ranked.confirmed && ranked.method == "mann-whitney-u")

        let faster = detector.judge(metric: "m", current: [7, 7.1], baseline: stable)
        #expect(faster.verdict == .improved)

        // 5 % slower is below the 10 % minimum effect however significant.
        let small = detector.judge(metric: "m", current: [10.5, 10.5], baseline: stable.map { _ in 10 })
        #expect(small.verdict == .unchanged)
        #expect(small.reason.contains("below the minimum effect"))

        // 15 % slower but within very noisy history: not significant.
        var noisy = SeededGenerator(state: 11)
        let wide = (0..<20).map { _ in 10 * exp(0.4 * noisy.normal()) }
        let lost = detector.judge(metric: "m", current: [RobustStatistics.median(wide) * 1.15], baseline: wide)
        #expect(lost.verdict == .unchanged, "\(lost)")

        // An absolute floor: 20 % of 0.01 s is not worth a regression when min_absolute is 0.05.
        var floor = detector
        floor.settings.minAbsolute = 0.05
        #expect(floor.judge(metric: "m", current: [0.012, 0.012], baseline: stable.map { $0 / 1000 }).verdict == .unchanged)
    }

    @Test("a series with a change point (each commit measured twice): confirmed regressions only after it")
    func changePointSeries() {
        var random = SeededGenerator(state: 42)
        // Commits 0..<40 at 20 s, from 40 on at 30 s; each commit measured twice (a rerun).
        let series = (0..<60).map { index in
            (0..<2).map { _ in random.duration(median: index < 40 ? 20 : 30) }
        }
        var confirmed: [Int] = []
        for index in 25..<60 {
            let window = series[(index - 20)..<index].map { $0[0] }
            let result = detector.judge(metric: "m", current: series[index], baseline: window)
            if result.verdict == .regressed && result.confirmed { confirmed.append(index) }
        }
        #expect(confirmed.allSatisfy { $0 >= 40 }, "no confirmed regression before the change point: \(confirmed)")
        #expect(confirmed.filter { $0 < 46 }.count >= 5, "the change is found right away: \(confirmed)")
    }

    /// The false-positive rate on pure noise: 1000 seeded series of 20 baseline runs and the
    /// current run(s) drawn from the same distribution.
    /// - log-normal ±8 % with 5 % slow outliers (1.5–2.5×): one sample 4.5 % flagged (all
    ///   unconfirmed, so none counts in `history.regressions`), two samples 0.3 % confirmed;
    /// - log-normal ±8 % without outliers: one sample 0.6 % (unconfirmed), two samples 0.0 %.
    @Test("false positives on pure noise: below 0.5 % confirmed, and single samples never confirmed")
    func falsePositiveRate() {
        for outliers in [true, false] {
            var random = SeededGenerator(state: 2026)
            func draw() -> Double {
                outliers ? random.duration(median: 30) : 30 * exp(0.08 * random.normal())
            }
            var single = 0
            var confirmed = 0
            let series = 1000
            for _ in 0..<series {
                let baseline = (0..<20).map { _ in draw() }
                let one = detector.judge(metric: "m", current: [draw()], baseline: baseline)
                if one.verdict == .regressed { single += 1 }
                #expect(!one.confirmed)
                let two = detector.judge(metric: "m", current: [draw(), draw()], baseline: baseline)
                if two.verdict == .regressed && two.confirmed { confirmed += 1 }
            }
            print("regression false positives on \(series) noise series (outliers: \(outliers)): one sample \(Double(single) / 10) % (unconfirmed), two samples \(Double(confirmed) / 10) % confirmed")
            #expect(Double(confirmed) / Double(series) < 0.005, "confirmed false positives: \(confirmed) of \(series)")
            #expect(Double(single) / Double(series) < (outliers ? 0.06 : 0.01), "single-sample flags: \(single) of \(series)")
        }
    }

    @Test("detect: every series of a configured name, against the same series in the window")
    func detectSeries() {
        let settings = RegressionSettings(metrics: [MetricSelector(name: "latency.p95_ms")])
        let window = (0..<6).map { index in
            HistoryFixtures.record(
                "2026-11-2\(index)T10:00:00Z",
                metrics: [
                    RecordedMetric(name: "latency.p95_ms", labels: ["route": "/a"], value: 100 + Double(index % 3)),
                    RecordedMetric(name: "latency.p95_ms", labels: ["route": "/b"], value: 50 + Double(index % 2)),
                ])
        }
        let current = [
            Metric(name: "latency.p95_ms", labels: ["route": "/a"], value: 150),
            Metric(name: "latency.p95_ms", labels: ["route": "/b"], value: 50),
            Metric(name: "tests.total", value: 3),
        ]
        let rerun = HistoryFixtures.record(
            "2026-11-27T10:00:00Z", metrics: [RecordedMetric(name: "latency.p95_ms", labels: ["route": "/a"], value: 148)])
        let results = RegressionDetector(settings: settings).detect(metrics: current, window: window, reruns: [rerun])
        #expect(results.map(\.metric) == ["latency.p95_ms{route=\"/a\"}", "latency.p95_ms{route=\"/b\"}"])
        #expect(results[0].verdict == .regressed && results[0].confirmed && results[0].currentSamples == 2)
        #expect(results[0].baselineMedian == 101)
        #expect(results[1].verdict == .unchanged)

        // Runs on another runner class are left out when enough runs of this one exist.
        var mixed = window
        for index in 0..<6 {
            var slow = HistoryFixtures.record(
                "2026-11-1\(index)T10:00:00Z", metrics: [RecordedMetric(name: "latency.p95_ms", labels: ["route": "/a"], value: 140)])
            slow.environment.fingerprint = "slow-runner"
            mixed.insert(slow, at: index * 2)
        }
        let all = RegressionDetector(settings: settings).detect(metrics: current, window: mixed, reruns: [rerun])
        #expect(all[0].baselineSamples == 12 && all[0].verdict == .unchanged)
        let sameClass = RegressionDetector(settings: settings).detect(
            metrics: current, window: mixed, reruns: [rerun], fingerprint: HistoryFixtures.environment.fingerprint)
        #expect(sameClass[0].baselineSamples == 6 && sameClass[0].verdict == .regressed)
    }
}

@Suite("Regression settings and false-discovery control")
struct RegressionDirectionTests {
    @Test("better: auto reads each metric's direction from its name; lower or higher set it for all")
    func direction() {
        var settings = RegressionSettings(metrics: [])
        #expect(settings.lowerIsBetter(for: #"latency.p95_ms{endpoint="GET /a"}"#))
        #expect(settings.lowerIsBetter(for: "tests.duration_seconds"))
        #expect(settings.lowerIsBetter(for: #"http.error_rate{class="5xx"}"#))
        #expect(settings.lowerIsBetter(for: "tests.failed"))
        #expect(!settings.lowerIsBetter(for: #"coverage.lines.percent{flag="api"}"#))
        #expect(!settings.lowerIsBetter(for: "tests.pass_rate"))
        #expect(!settings.lowerIsBetter(for: "http.throughput_rps"))
        #expect(!settings.lowerIsBetter(for: "openapi.completeness.percent"))
        settings.lowerIsBetter = true
        #expect(settings.lowerIsBetter(for: "coverage.lines.percent"))
        // A coverage drop is a regression under auto, a rise is not.
        let detector = RegressionDetector(settings: RegressionSettings(metrics: []))
        let baseline = [80.0, 80.2, 79.9, 80.1, 80.0, 79.8, 80.3, 80.1]
        #expect(detector.judge(metric: "coverage.lines.percent", current: [60, 61, 60.5], baseline: baseline).verdict == .regressed)
        #expect(detector.judge(metric: "coverage.lines.percent", current: [95, 96, 95.5], baseline: baseline).verdict == .improved)
        #expect(detector.judge(metric: "latency.p95_ms", current: [95, 96, 95.5], baseline: baseline).verdict == .regressed)
    }

    @Test("Benjamini-Hochberg: the textbook ten p-values at 5 %; more tests, a stricter bar")
    func benjaminiHochberg() {
        let p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
        #expect(RobustStatistics.benjaminiHochbergThreshold(p, alpha: 0.05, tests: 10) == 0.008)
        #expect(RobustStatistics.benjaminiHochbergThreshold(p, alpha: 0.05, tests: 20) == 0.001)
        #expect(RobustStatistics.benjaminiHochbergThreshold(p, alpha: 0.05, tests: 100) == -1)
        #expect(RobustStatistics.benjaminiHochbergThreshold([], alpha: 0.05, tests: 10) == -1)
    }
}
