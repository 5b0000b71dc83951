import Foundation
import Yams

/// Reads `qgate.yml` (or JSON of the same shape) into a `GateConfig`.
///
/// The file is composed into a YAML node tree that keeps line and column marks, then walked
/// by hand against the known keys, so that every mistake is reported with its place and an
/// unknown key gets a "did you mean". All mistakes are collected, not just the first.
public struct ConfigLoader: Sendable {
    /// Config files larger than this are refused (a config is hand-written; this is a bomb).
    public static let maxBytes = 1 << 20
    /// Node visits allowed while walking, which stops YAML alias bombs.
    static let maxNodes = 100_000

    public init() {}

    public func load(path: String) throws(ConfigError) -> GateConfig {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > Self.maxBytes {
                throw ConfigError.unreadable(file: path, reason: "the file is \(size) bytes; a config is at most \(Self.maxBytes)")
            }
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                throw ConfigError.unreadable(file: path, reason: "it is a directory")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ConfigError {
            throw error
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? error.localizedDescription : "no such file"
            throw .unreadable(file: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "the file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses config text; `path` is used for messages and as the base of input patterns.
    public func parse(_ text: String, path: String) throws(ConfigError) -> GateConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.syntaxError(error, path: path)
        } catch {
            throw .syntax(file: path, line: 1, column: 1, problem: "\(error)")
        }
        var walker = ConfigWalker(path: path)
        let config = walker.config(root)
        if !walker.issues.isEmpty {
            throw .invalid(file: path, issues: walker.issues)
        }
        return config
    }

    static func syntaxError(_ error: YamlError, path: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return .syntax(file: path, line: mark.line, column: mark.column, problem: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(
                file: path, line: context.mark.line, column: context.mark.column,
                problem: "duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return .syntax(file: path, line: 1, column: 1, problem: "\(error)")
        }
    }
}

/// Walks the composed YAML tree and collects issues.
struct ConfigWalker {
    let path: String
    var issues: [ConfigError.Issue] = []
    var visited = 0

    init(path: String) {
        self.path = path
    }

    static let topKeys = ["version", "fail_on", "input_problems", "inputs", "kpis", "coverage", "openapi", "performance", "history", "quarantine"]
    static let inputKeys = ["path", "labels", "flag", "format", "time_unit", "required"]
    static let coverageKeys = ["root", "path_rewrites", "groups", "exclude", "patch"]
    static let patchKeys = ["base", "diff", "partial_lines", "max_listed_files"]
    static let kpiKeys = ["id", "name", "metric", "formula", "target", "warning", "critical", "severity", "unit", "description"]

    mutating func issue(_ node: Node?, _ key: String, _ message: String) {
        issues.append(
            ConfigError.Issue(line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, key: key, message: message))
    }

    /// Checks every key of a mapping against `allowed`, reporting unknown ones with a suggestion.
    mutating func mapping(_ node: Node, _ key: String, allowed: [String]) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            issue(node, key, "expected a mapping (key: value pairs), found \(kind(node))")
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for pair in mapping {
            visited += 1
            guard visited < ConfigLoader.maxNodes else { return result }
            guard let name = pair.key.scalar?.string else {
                issue(pair.key, key, "keys must be plain strings")
                continue
            }
            let child = key.isEmpty ? name : "\(key).\(name)"
            if !allowed.contains(name) {
                let suggestion = Spelling.suggest(name, from: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                issue(pair.key, child, "unknown key\(suggestion); known keys: \(allowed.joined(separator: ", "))")
                continue
            }
            result[name] = pair
        }
        return result
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    mutating func string(_ node: Node, _ key: String) -> String? {
        guard case .scalar(let scalar) = node else {
            issue(node, key, "expected a string, found \(kind(node))")
            return nil
        }
        return scalar.string
    }

    mutating func enumValue<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, _: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, key) else { return nil }
        if let value = T(rawValue: text.lowercased()) { return value }
        let allowed = T.allCases.map(\.rawValue)
        let suggestion = Spelling.suggest(text, from: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        issue(node, key, "'\(text)' is not one of \(allowed.joined(separator: ", "))\(suggestion)")
        return nil
    }

    mutating func config(_ root: Node?) -> GateConfig {
        var config = GateConfig(path: path, inputs: [], kpis: [])
        guard let root else {
            issue(nil, "(file)", "the config is empty; it needs at least `inputs` and `kpis`")
            return config
        }
        guard let top = mapping(root, "", allowed: Self.topKeys) else { return config }
        if let version = top["version"] {
            if string(version.value, "version") != "1" {
                issue(version.value, "version", "only version 1 is known")
            }
        }
        if let failOn = top["fail_on"], let value = enumValue(failOn.value, "fail_on", Severity.self) {
            config.failOn = value
        }
        if let policy = top["input_problems"],
            let value = enumValue(policy.value, "input_problems", GateConfig.InputProblemPolicy.self)
        {
            config.inputProblems = value
        }
        if let inputs = top["inputs"] {
            config.inputs = list(inputs.value, "inputs") { walker, node, key in walker.input(node, key) }
        } else if top["openapi"] == nil {
            issue(root, "inputs", "missing: list the artifact files to read, e.g. `inputs: [{path: \"build/test-results/**/*.xml\", labels: {suite: unit}}]`")
        }
        if let coverage = top["coverage"] {
            config.coverage = self.coverage(coverage.value, "coverage")
            if !config.coverage.groups.isEmpty, let input = config.inputs.first(where: { $0.labels["group"] != nil }) {
                issues.append(
                    ConfigError.Issue(
                        line: input.line ?? 1, column: 1, key: "inputs",
                        message: "the label `group` is taken by `coverage.groups` (series `{group=\"name\"}`); rename this input's label"))
            }
        }
        if let openAPI = top["openapi"] {
            config.openAPI = self.openAPI(openAPI.value, "openapi")
        }
        if let performance = top["performance"] {
            config.performance = self.performance(performance.value, "performance")
        }
        if let history = top["history"] {
            config.history = self.history(history.value, "history")
        }
        if let quarantine = top["quarantine"] {
            config.quarantine = list(quarantine.value, "quarantine") { walker, node, key in walker.quarantineEntry(node, key) }
        }
        if let kpis = top["kpis"] {
            config.kpis = list(kpis.value, "kpis") { walker, node, key in walker.kpi(node, key) }
            var seen: [String: Int] = [:]
            for kpi in config.kpis {
                if let line = seen[kpi.id] {
                    issues.append(
                        ConfigError.Issue(
                            line: kpi.line ?? 1, column: 1, key: "kpis",
                            message: "duplicate id '\(kpi.id)' (first used on line \(line)); ids must be unique"))
                }
                seen[kpi.id] = kpi.line ?? 1
            }
        } else if top["performance"] == nil {
            issue(root, "kpis", "missing: add at least one KPI, e.g. `{id: unit-pass-rate, metric: 'tests.pass_rate{suite=\"unit\"}', target: '>= 99'}`")
        }
        return config
    }

    mutating func list<T>(_ node: Node, _ key: String, _ element: (inout ConfigWalker, Node, String) -> T?) -> [T] {
        guard case .sequence(let sequence) = node else {
            issue(node, key, "expected a list, found \(kind(node))")
            return []
        }
        var result: [T] = []
        for (index, item) in sequence.enumerated() {
            visited += 1
            guard visited < ConfigLoader.maxNodes else {
                issue(item, key, "the config has more than \(ConfigLoader.maxNodes) nodes (alias bomb?)")
                return result
            }
            if let value = element(&self, item, "\(key)[\(index)]") { result.append(value) }
        }
        return result
    }

    mutating func input(_ node: Node, _ key: String) -> InputSpec? {
        if case .scalar(let scalar) = node {
            return InputSpec(pattern: scalar.string, line: node.mark?.line)
        }
        guard let fields = mapping(node, key, allowed: Self.inputKeys) else { return nil }
        guard let pathNode = fields["path"], let pattern = string(pathNode.value, "\(key).path"), !pattern.isEmpty else {
            issue(node, "\(key).path", "missing: the glob of files to read, e.g. `build/test-results/**/*.xml`")
            return nil
        }
        var spec = InputSpec(pattern: pattern, line: node.mark?.line)
        if let labels = fields["labels"] {
            spec.labels = self.labels(labels.value, "\(key).labels")
        }
        if let flag = fields["flag"], let text = string(flag.value, "\(key).flag") {
            // Coverage flags (Codecov's word) are the label `flag`.
            if text.isEmpty {
                issue(flag.value, "\(key).flag", "a flag needs a name, e.g. backend")
            } else {
                spec.labels["flag"] = text
            }
        }
        if let format = fields["format"], let text = string(format.value, "\(key).format") {
            let known = ArtifactReader.knownFormats
            if known.contains(text.lowercased()) {
                spec.format = text.lowercased() == "auto" ? nil : text.lowercased()
            } else {
                let suggestion = Spelling.suggest(text.lowercased(), from: known).map { " (did you mean '\($0)'?)" } ?? ""
                issue(format.value, "\(key).format", "'\(text)' is not a format qgate reads\(suggestion); known: \(known.joined(separator: ", "))")
            }
        }
        if let unit = fields["time_unit"], let value = enumValue(unit.value, "\(key).time_unit", JUnitReader.TimeUnit.self) {
            spec.timeUnit = value
        }
        if let required = fields["required"], let value = boolean(required.value, "\(key).required") {
            spec.required = value
        }
        return spec
    }

    mutating func coverage(_ node: Node, _ key: String) -> CoverageSettings {
        var settings = CoverageSettings()
        guard let fields = mapping(node, key, allowed: Self.coverageKeys) else { return settings }
        if let root = fields["root"] { settings.root = string(root.value, "\(key).root") }
        if let rewrites = fields["path_rewrites"] {
            settings.rewrites = list(rewrites.value, "\(key).path_rewrites") { walker, item, itemKey in
                guard let text = walker.string(item, itemKey) else { return nil }
                guard let rule = PathRewriteRule(text) else {
                    walker.issue(item, itemKey, "'\(text)' is not a rewrite rule; write `before::after`, e.g. `/home/runner/work/app/app/::`")
                    return nil
                }
                return rule
            }
        }
        if let exclude = fields["exclude"] {
            settings.exclude = list(exclude.value, "\(key).exclude") { walker, item, itemKey in walker.string(item, itemKey) }
        }
        if let groups = fields["groups"] {
            if case .mapping(let mapping) = groups.value {
                for pair in mapping {
                    guard let name = pair.key.scalar?.string, !name.isEmpty else {
                        issue(pair.key, "\(key).groups", "group names must be plain strings")
                        continue
                    }
                    let patterns: [String]
                    if case .scalar(let scalar) = pair.value {
                        patterns = [scalar.string]
                    } else {
                        patterns = list(pair.value, "\(key).groups.\(name)") { walker, item, itemKey in walker.string(item, itemKey) }
                    }
                    settings.groups.append(CoverageSettings.Group(name: name, patterns: patterns))
                }
            } else {
                issue(groups.value, "\(key).groups", "expected a mapping of group names to globs, e.g. `{ingest: \"Sources/QualityGate/Ingest/**\"}`")
            }
        }
        if let patch = fields["patch"], let patchFields = mapping(patch.value, "\(key).patch", allowed: Self.patchKeys) {
            if let base = patchFields["base"] { settings.patchBase = string(base.value, "\(key).patch.base") }
            if let diff = patchFields["diff"] { settings.patchDiff = string(diff.value, "\(key).patch.diff") }
            if let partial = patchFields["partial_lines"], let text = string(partial.value, "\(key).patch.partial_lines") {
                switch text.lowercased() {
                case "covered": settings.partialLinesCovered = true
                case "uncovered": settings.partialLinesCovered = false
                default: issue(partial.value, "\(key).patch.partial_lines", "expected covered or uncovered, found '\(text)'")
                }
            }
            if let cap = patchFields["max_listed_files"], let text = string(cap.value, "\(key).patch.max_listed_files") {
                if let value = Int(text), value >= 0 {
                    settings.maxListedFiles = value
                } else {
                    issue(cap.value, "\(key).patch.max_listed_files", "expected a whole number, found '\(text)'")
                }
            }
        }
        return settings
    }

    mutating func labels(_ node: Node, _ key: String) -> [String: String] {
        guard case .mapping(let mapping) = node else {
            issue(node, key, "expected a mapping of label names to values, e.g. `{suite: unit}`")
            return [:]
        }
        var result: [String: String] = [:]
        for pair in mapping {
            guard let name = pair.key.scalar?.string, let value = pair.value.scalar?.string else {
                issue(pair.key, key, "label names and values must be plain strings")
                continue
            }
            guard Self.isLabelName(name) else {
                issue(pair.key, "\(key).\(name)", "label names are letters, digits and '_' and start with a letter")
                continue
            }
            result[name] = value
        }
        return result
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    mutating func boolean(_ node: Node, _ key: String) -> Bool? {
        guard let text = string(node, key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            issue(node, key, "expected true or false, found '\(text)'")
            return nil
        }
    }

    mutating func threshold(_ node: Node, _ key: String) -> Threshold? {
        guard let text = string(node, key) else { return nil }
        guard let threshold = Threshold(parsing: text) else {
            issue(
                node, key,
                "'\(text)' is not a comparison; write an operator and a number in quotes, e.g. \"> 99\", \">= 80\", \"== 0\", \"< 300\"")
            return nil
        }
        return threshold
    }

    mutating func kpi(_ node: Node, _ key: String) -> KPI? {
        guard let fields = mapping(node, key, allowed: Self.kpiKeys) else { return nil }
        let before = issues.count
        var id: String?
        if let idNode = fields["id"], let text = string(idNode.value, "\(key).id") {
            if text.isEmpty || !text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                issue(idNode.value, "\(key).id", "ids are letters, digits, '-', '_' and '.', e.g. unit-pass-rate")
            } else {
                id = text
            }
        } else if fields["id"] == nil {
            issue(node, "\(key).id", "missing: a short stable identifier, e.g. unit-pass-rate")
        }
        let label = id.map { "kpis.\($0)" } ?? key

        var expression: Expression?
        switch (fields["metric"], fields["formula"]) {
        case (.some, .some):
            issue(node, label, "give either `metric` or `formula`, not both")
        case (nil, nil):
            issue(node, label, "missing: `metric` (e.g. 'tests.pass_rate{suite=\"unit\"}') or `formula`")
        case (let metric?, nil):
            expression = parseExpression(metric.value, "\(label).metric")
        case (nil, let formula?):
            expression = parseExpression(formula.value, "\(label).formula")
        }
        var target: Threshold?
        if let targetNode = fields["target"] {
            target = threshold(targetNode.value, "\(label).target")
        } else {
            issue(node, "\(label).target", "missing: the pass line, e.g. \">= 99\"")
        }
        let warning = fields["warning"].flatMap { threshold($0.value, "\(label).warning") }
        let critical = fields["critical"].flatMap { threshold($0.value, "\(label).critical") }
        if let target {
            if let warning, let node = fields["warning"]?.value {
                checkTier(warning, against: target, node: node, key: "\(label).warning", stricter: true)
            }
            if let critical, let node = fields["critical"]?.value {
                checkTier(critical, against: target, node: node, key: "\(label).critical", stricter: false)
            }
        }
        let severity = fields["severity"].flatMap { enumValue($0.value, "\(label).severity", Severity.self) } ?? .high
        let name = fields["name"].flatMap { string($0.value, "\(label).name") }
        let unit = fields["unit"].flatMap { string($0.value, "\(label).unit") }
        let description = fields["description"].flatMap { string($0.value, "\(label).description") }
        guard issues.count == before, let id, let expression, let target else { return nil }
        return KPI(
            id: id, name: name, expression: expression, target: target, warning: warning, critical: critical,
            severity: severity, unit: unit, description: description, line: node.mark?.line)
    }

    /// A warning line must sit on the good side of the target and a critical line on the bad
    /// side, in the same direction; anything else is a config mistake, not a silent no-op.
    mutating func checkTier(_ tier: Threshold, against target: Threshold, node: Node, key: String, stricter: Bool) {
        let direction = target.comparator.direction
        guard direction != 0 else {
            issue(node, key, "a target written with '==' cannot have tiers")
            return
        }
        guard tier.comparator.direction == direction else {
            issue(node, key, "'\(tier)' points the other way than the target '\(target)'")
            return
        }
        let delta = (tier.value - target.value) * Double(direction)
        if stricter && delta < 0 {
            issue(node, key, "'\(tier)' is looser than the target '\(target)': the warning line is an early warning, on the good side of the target")
        } else if !stricter && delta > 0 {
            issue(node, key, "'\(tier)' is stricter than the target '\(target)': the critical line lies beyond the target, on the bad side")
        }
    }

    mutating func parseExpression(_ node: Node, _ key: String) -> Expression? {
        guard let text = string(node, key) else { return nil }
        do {
            return try Expression(parsing: text)
        } catch {
            if case .syntax(let message, let column) = error {
                let mark = node.mark
                // Point at the column inside the expression when it is on the key's line.
                let plain = { if case .scalar(let scalar) = node { scalar.style == .plain } else { false } }()
                let offset = plain ? 0 : 1
                issues.append(
                    ConfigError.Issue(
                        line: mark?.line ?? 1, column: (mark?.column ?? 1) + offset + max(0, column - 1), key: key,
                        message: "\(message) (column \(column) of '\(text)')"))
            } else {
                issue(node, key, error.description)
            }
            return nil
        }
    }
}
