import Yams

/// The `history:` and `quarantine:` sections of `qgate.yml`.
extension ConfigWalker {
    static let historyKeys = ["path", "baseline", "regressions", "flaky"]
    static let regressionKeys = ["metrics", "window", "min_samples", "min_effect", "min_absolute", "z", "alpha", "better"]
    static let flakyKeys = ["window", "max_flip_rate", "min_flips"]
    static let quarantineKeys = ["test", "owner", "reason", "expires"]

    mutating func history(_ node: Node, _ key: String) -> HistorySettings {
        var settings = HistorySettings()
        guard let fields = mapping(node, key, allowed: Self.historyKeys) else { return settings }
        if let pathNode = fields["path"], let path = string(pathNode.value, "\(key).path") {
            if path.isEmpty || path.utf8.contains(0) {
                issue(pathNode.value, "\(key).path", "expected a folder, e.g. `.qgate/history`")
            } else {
                settings.path = path
            }
        }
        if let mode = fields["baseline"], let value = enumValue(mode.value, "\(key).baseline", HistorySettings.BaselineMode.self) {
            settings.baseline = value
        }
        if let node = fields["regressions"]?.value { settings.regressions = regressions(node, "\(key).regressions") }
        if let node = fields["flaky"]?.value, let flaky = mapping(node, "\(key).flaky", allowed: Self.flakyKeys) {
            if let n = flaky["window"] { settings.flaky.window = count(n.value, "\(key).flaky.window", minimum: 2) ?? settings.flaky.window }
            if let n = flaky["min_flips"] { settings.flaky.minFlips = count(n.value, "\(key).flaky.min_flips", minimum: 1) ?? settings.flaky.minFlips }
            if let n = flaky["max_flip_rate"] {
                settings.flaky.maxFlipRate = fraction(n.value, "\(key).flaky.max_flip_rate") ?? settings.flaky.maxFlipRate
            }
        }
        return settings
    }

    mutating func regressions(_ node: Node, _ key: String) -> RegressionSettings? {
        guard let fields = mapping(node, key, allowed: Self.regressionKeys) else { return nil }
        guard let metricsNode = fields["metrics"] else {
            issue(node, "\(key).metrics", "missing: the noisy metrics to watch, e.g. `[tests.duration_seconds, latency.p95_ms]`")
            return nil
        }
        let metrics: [MetricSelector] = list(metricsNode.value, "\(key).metrics") { walker, item, itemKey in
            guard let text = walker.string(item, itemKey) else { return nil }
            guard let parsed = try? Expression(parsing: text), case .metric(let selector) = parsed else {
                walker.issue(item, itemKey, "'\(text)' is not a metric name or selector, e.g. latency.p95_ms or 'latency.p95_ms{route=\"/users\"}'")
                return nil
            }
            return selector
        }
        var settings = RegressionSettings(metrics: metrics)
        if let n = fields["window"] { settings.window = count(n.value, "\(key).window", minimum: 2) ?? settings.window }
        if let n = fields["min_samples"] { settings.minSamples = count(n.value, "\(key).min_samples", minimum: 2) ?? settings.minSamples }
        if let n = fields["min_effect"] { settings.minEffect = fraction(n.value, "\(key).min_effect") ?? settings.minEffect }
        if let n = fields["min_absolute"] { settings.minAbsolute = number(n.value, "\(key).min_absolute", minimum: 0) }
        if let n = fields["z"] { settings.zThreshold = number(n.value, "\(key).z", minimum: 1) ?? settings.zThreshold }
        if let n = fields["alpha"] {
            if let alpha = number(n.value, "\(key).alpha", minimum: 0), alpha > 0, alpha < 0.5 {
                settings.alpha = alpha
            } else {
                issue(n.value, "\(key).alpha", "expected a p-value between 0 and 0.5, e.g. 0.01")
            }
        }
        if let n = fields["better"], let text = string(n.value, "\(key).better") {
            switch text.lowercased() {
            case "lower": settings.lowerIsBetter = true
            case "higher": settings.lowerIsBetter = false
            case "auto": settings.lowerIsBetter = nil
            default: issue(n.value, "\(key).better", "expected lower (durations, latencies), higher or auto (by each metric's name), found '\(text)'")
            }
        }
        return settings
    }

    mutating func quarantineEntry(_ node: Node, _ key: String) -> QuarantineEntry? {
        guard let fields = mapping(node, key, allowed: Self.quarantineKeys) else { return nil }
        var values: [String: String] = [:]
        let examples = ["test": "PaymentTests::testRefund or PaymentTests::*", "owner": "alice", "reason": "flaky on CI, see #123", "expires": "2026-12-31"]
        for name in Self.quarantineKeys {
            guard let field = fields[name] else {
                issue(node, "\(key).\(name)", "missing: a quarantine entry needs test, owner, reason and expires (e.g. `\(name): \(examples[name]!)`)")
                continue
            }
            guard let text = string(field.value, "\(key).\(name)"), !text.isEmpty else { continue }
            values[name] = text
        }
        if let expires = values["expires"], !Self.isISODate(expires) {
            issue(fields["expires"]?.value, "\(key).expires", "expected a date as yyyy-MM-dd, found '\(expires)'")
            return nil
        }
        guard let test = values["test"], let owner = values["owner"], let reason = values["reason"], let expires = values["expires"]
        else { return nil }
        return QuarantineEntry(test: test, owner: owner, reason: reason, expires: expires, line: node.mark?.line)
    }

    mutating func number(_ node: Node, _ key: String, minimum: Double) -> Double? {
        guard let text = string(node, key) else { return nil }
        guard let value = Double(text.trimmingWhitespace()), value.isFinite, value >= minimum else {
            issue(node, key, "expected a number of at least \(NumberFormat.plain(minimum)), found '\(text)'")
            return nil
        }
        return value
    }

    mutating func count(_ node: Node, _ key: String, minimum: Int) -> Int? {
        guard let text = string(node, key) else { return nil }
        guard let value = Int(text.trimmingWhitespace()), value >= minimum, value <= 10_000 else {
            issue(node, key, "expected a whole number from \(minimum) to 10000, found '\(text)'")
            return nil
        }
        return value
    }

    /// `10%` or `0.1`.
    mutating func fraction(_ node: Node, _ key: String) -> Double? {
        guard let text = string(node, key) else { return nil }
        var trimmed = text.trimmingWhitespace()
        let percent = trimmed.hasSuffix("%")
        if percent { trimmed = String(trimmed.dropLast()).trimmingWhitespace() }
        guard let raw = Double(trimmed), raw.isFinite, raw >= 0 else {
            issue(node, key, "expected a fraction such as 0.1 or a percentage such as 10%, found '\(text)'")
            return nil
        }
        return percent ? raw / 100 : raw
    }
}
