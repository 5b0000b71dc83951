/// The weekly review's regressions and flaky tests, found in the recorded runs of the window.
///
/// Both work on the columnar `RunTable`, in time linear in runs × series, so that a month of
/// thousands of runs is reviewed in milliseconds.
public enum ReviewDetectors {
    // MARK: Regressions

    /// The series the review watches when the config names none: durations and latencies,
    /// lower is better (the metrics whose noise `qgate check` cannot judge from one run).
    public static let defaultRegressionSettings = RegressionSettings(metrics: [])

    /// Whether the review watches `series` when the config names no regression metrics.
    static func isNoisyByName(_ name: String) -> Bool {
        name.hasPrefix("latency.") || name.contains("duration") || name.hasSuffix("_ms") || name.hasSuffix("_seconds")
    }

    /// The branch the review looks for regressions on: `branch` when the review is of one
    /// branch, else the base branch pull requests name most, else `main` or `master` when runs
    /// have it, else the branch with the most runs. Regressions on a mix of feature branches
    /// would be noise.
    static func mainline(_ rows: [RunTable.Row], branch: String?) -> String? {
        if let branch { return branch }
        func mostCommon(_ names: [String]) -> String? {
            var counts: [String: Int] = [:]
            for name in names { counts[name, default: 0] += 1 }
            return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        }
        if let base = mostCommon(rows.compactMap(\.baseBranch)) { return base }
        let branches = Set(rows.compactMap(\.branch))
        for name in ["main", "master", "trunk", "develop"] where branches.contains(name) { return name }
        return mostCommon(rows.compactMap(\.branch))
    }

    /// The window's regressions on the mainline: for each watched series, the point in the
    /// window where its level moved most in the bad direction (the largest Welch-style score
    /// of up to `window` runs before against up to `window` runs after), judged by
    /// `RegressionDetector` (minimum effect and a significance test). Only confirmed shifts
    /// (two runs or more after the change) are listed; with many series, the Mann-Whitney
    /// p-values go through Benjamini-Hochberg at the configured alpha, so that watching 200
    /// series does not list two of them by chance every week.
    public static func regressions(_ table: RunTable, branch: String?, settings: RegressionSettings?) -> WeeklyReview.Regressions {
        let chosen = settings.flatMap { $0.metrics.isEmpty ? nil : $0 }
        let configured = chosen != nil
        let settings = chosen ?? defaultRegressionSettings
        let line = mainline(table.rows, branch: branch)
        let earlier = table.earlier.filter { $0.branch == line }
        let window = table.rows.filter { $0.branch == line }
        let rows = earlier + window
        let watched = table.series.indices.filter { index in
            let series = table.series[index]
            guard configured else { return isNoisyByName(series.name) }
            return settings.watches(name: series.name, labels: series.labels)
        }
        let branchText = line.map { "branch \($0)" } ?? "runs without a branch"
        guard !watched.isEmpty else {
            let what = configured ? "none of the series in history.regressions.metrics" : "no duration or latency series"
            return WeeklyReview.Regressions(available: true, note: "\(what) was recorded on \(branchText)", items: [])
        }
        let detector = RegressionDetector(settings: settings)
        let wanted = Set(watched)
        let points = table.points(in: rows) { wanted.contains($0) }.map { $0.filter { $0.value.isFinite } }
        var found: [(item: WeeklyReview.Regression, p: Double?)] = []
        var unconfirmed = 0
        for key in watched {
            let series = points[key]
            let firstInWindow = series.firstIndex { $0.row >= earlier.count } ?? series.count
            let name = table.series[key].display
            guard
                let split = changePoint(
                    series.map(\.value), from: firstInWindow, settings: settings, lowerIsBetter: settings.lowerIsBetter(for: name))
            else { continue }
            let before = series[max(0, split - settings.window)..<split].map(\.value)
            let after = series[split..<min(series.count, split + settings.window)].map(\.value)
            let result = detector.judge(metric: name, current: after, baseline: before)
            guard result.verdict == .regressed else { continue }
            guard result.confirmed else {
                unconfirmed += 1
                continue
            }
            let last = rows[series[split - 1].row]
            let first = rows[series[split].row]
            found.append((
                WeeklyReview.Regression(
                    series: name, fromCommit: last.commit, toCommit: first.commit, before: result.baselineMedian ?? 0,
                    after: result.current, changePercent: result.effect.map { $0 * 100 }, since: first.recordedAt,
                    run: first.id, method: result.method, baselineRuns: before.count, currentRuns: after.count),
                result.method == "mann-whitney-u" ? result.score.map { 1 - $0 } : nil
            ))
        }
        let threshold = RobustStatistics.benjaminiHochbergThreshold(found.compactMap(\.p), alpha: settings.alpha, tests: watched.count)
        let kept = found.filter { $0.p.map { $0 <= threshold } ?? true }.map(\.item)
        var note = "\(watched.count) series watched on \(branchText)"
        note += configured ? " (history.regressions)" : " (durations and latencies; name others in history.regressions.metrics)"
        if found.count > kept.count { note += "; \(found.count - kept.count) left out by the false-discovery control" }
        if unconfirmed > 0 { note += "; \(unconfirmed) shift\(unconfirmed == 1 ? "" : "s") seen in one run only, unconfirmed" }
        return WeeklyReview.Regressions(
            available: true, note: note,
            items: kept.sorted { ($0.since, $0.series) < ($1.since, $1.series) })
    }

    /// Where the level of `values` shifted most in the bad direction, as the index of the first
    /// value after the shift, at or after `from`; nil when there are too few values.
    static func changePoint(_ values: [Double], from: Int, settings: RegressionSettings, lowerIsBetter: Bool) -> Int? {
        let n = values.count
        let width = settings.window
        let lowest = max(from, settings.minSamples)
        guard lowest <= n - 2 else { return nil }
        var sum = [0.0], squares = [0.0]
        sum.reserveCapacity(n + 1)
        squares.reserveCapacity(n + 1)
        for value in values {
            sum.append(sum.last! + value)
            squares.append(squares.last! + value * value)
        }
        func stats(_ range: Range<Int>) -> (mean: Double, variance: Double, count: Double) {
            let count = Double(range.count)
            let mean = (sum[range.upperBound] - sum[range.lowerBound]) / count
            let variance = max(0, (squares[range.upperBound] - squares[range.lowerBound]) / count - mean * mean)
            return (mean, variance, count)
        }
        let sign = lowerIsBetter ? 1.0 : -1.0
        var best: (index: Int, score: Double)?
        for split in lowest...(n - 2) {
            let before = stats(max(0, split - width)..<split)
            let after = stats(split..<min(n, split + width))
            let floor = 1e-12 + 1e-6 * abs(before.mean)
            let score = sign * (after.mean - before.mean) / (before.variance / before.count + after.variance / after.count + floor).squareRoot()
            if score > (best?.score ?? 0) { best = (split, score) }
        }
        return best?.index
    }

    // MARK: Flaky tests

    /// Flaky tests of the window on three kinds of evidence: a run listed the test flaky
    /// (failed, then passed on retry); it failed and passed on one commit in two runs of the
    /// same gate; or its outcome flipped over consecutive runs of one branch and gate at
    /// `settings` rates (the flip rate `qgate check` uses). Most evidence first, then by id.
    public static func flakyTests(_ table: RunTable, settings: FlakySettings, limit: Int) -> [WeeklyReview.FlakyTest] {
        var tests: [Int32: WeeklyReview.FlakyTest] = [:]
        func entry(_ test: Int32) -> WeeklyReview.FlakyTest {
            tests[test] ?? WeeklyReview.FlakyTest(
                id: table.testIDs[Int(test)], runs: 0, sameCommit: 0, flips: 0, outcomes: 0, evidence: [],
                lastSeen: UTCTime(milliseconds: .min))
        }
        for row in table.rows {
            for test in Set(row.flaky) {
                var flaky = entry(test)
                flaky.runs += 1
                flaky.lastSeen = max(flaky.lastSeen, row.recordedAt)
                tests[test] = flaky
            }
        }
        func outcome(_ row: RunTable.Row, _ test: Int32) -> Bool? {
            if row.failing.contains(test) { return false }
            if row.testTotal == 0 || row.skipped.contains(test) { return nil }
            return true
        }
        struct GroupKey: Hashable {
            var first: String?
            var config: String?
        }
        // Same commit, same gate: failed in one run, passed in another.
        var byCommit: [GroupKey: [RunTable.Row]] = [:]
        for row in table.rows where row.commit != nil { byCommit[GroupKey(first: row.commit, config: row.config), default: []].append(row) }
        for runs in byCommit.values where runs.count > 1 {
            for test in Set(runs.flatMap(\.failing)) {
                let outcomes = runs.map { outcome($0, test) }
                guard outcomes.contains(true) && outcomes.contains(false) else { continue }
                var flaky = entry(test)
                flaky.sameCommit += 1
                flaky.lastSeen = max(flaky.lastSeen, runs.map(\.recordedAt).max()!)
                tests[test] = flaky
            }
        }
        // Flip rate over consecutive runs of one branch and gate.
        var byBranch: [GroupKey: [RunTable.Row]] = [:]
        for row in table.rows { byBranch[GroupKey(first: row.branch, config: row.config), default: []].append(row) }
        for runs in byBranch.values where runs.count > 2 {
            for test in Set(runs.flatMap(\.failing)) {
                var flips = 0, known = 0, previous: Bool?
                var lastFlip: UTCTime?
                for run in runs {
                    guard let now = outcome(run, test) else { continue }
                    known += 1
                    if let previous, previous != now {
                        flips += 1
                        lastFlip = run.recordedAt
                    }
                    previous = now
                }
                guard known > 1, flips >= settings.minFlips, Double(flips) / Double(known - 1) >= settings.maxFlipRate else { continue }
                var flaky = entry(test)
                if flips > flaky.flips {
                    flaky.flips = flips
                    flaky.outcomes = known
                }
                flaky.lastSeen = max(flaky.lastSeen, lastFlip!)
                tests[test] = flaky
            }
        }
        return tests.values.map { test in
            var test = test
            test.evidence = [test.runs > 0 ? "retry" : nil, test.sameCommit > 0 ? "same-commit" : nil, test.flips > 0 ? "flip-rate" : nil]
                .compactMap { $0 }
            return test
        }
        .sorted { ($0.runs + $0.sameCommit + $0.flips, $1.id) > ($1.runs + $1.sameCommit + $1.flips, $0.id) }
        .prefix(limit).map { $0 }
    }
}
