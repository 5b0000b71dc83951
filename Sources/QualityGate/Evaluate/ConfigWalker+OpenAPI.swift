import Yams

extension ConfigWalker {
    static let openAPIKeys = [
        "spec", "base", "traffic", "server_prefix", "stability_level", "deprecation_days", "rules", "waivers",
    ]
    static let waiverKeys = ["rule", "endpoint", "reason", "expires"]

    mutating func openAPI(_ node: Node, _ key: String) -> OpenAPISettings? {
        guard let fields = mapping(node, key, allowed: Self.openAPIKeys) else { return nil }
        guard let specNode = fields["spec"], let spec = string(specNode.value, "\(key).spec") else {
            issue(node, "\(key).spec", "missing: the spec file to check, e.g. `spec: api/openapi.yaml`")
            return nil
        }
        var settings = OpenAPISettings(spec: spec)
        settings.line = node.mark?.line
        if let base = fields["base"] { settings.base = string(base.value, "\(key).base") }
        if let traffic = fields["traffic"] {
            if case .scalar(let scalar) = traffic.value {
                settings.traffic = [scalar.string]
            } else {
                settings.traffic = list(traffic.value, "\(key).traffic") { walker, item, itemKey in walker.string(item, itemKey) }
            }
        }
        if let prefix = fields["server_prefix"] { settings.serverPrefix = string(prefix.value, "\(key).server_prefix") }
        if let level = fields["stability_level"], let text = string(level.value, "\(key).stability_level") {
            if ["draft", "alpha", "beta", "stable"].contains(text) {
                settings.stabilityLevel = text
            } else {
                issue(level.value, "\(key).stability_level", "'\(text)' is not one of draft, alpha, beta, stable")
            }
        }
        if let days = fields["deprecation_days"],
            let dayFields = mapping(days.value, "\(key).deprecation_days", allowed: ["beta", "stable"])
        {
            for (name, pair) in dayFields {
                guard let text = string(pair.value, "\(key).deprecation_days.\(name)"), let value = Int(text), value >= 0 else {
                    issue(pair.value, "\(key).deprecation_days.\(name)", "expected a whole number of days")
                    continue
                }
                if name == "beta" { settings.deprecationDaysBeta = value } else { settings.deprecationDaysStable = value }
            }
        }
        if let rules = fields["rules"] {
            if case .mapping(let mapping) = rules.value {
                for pair in mapping {
                    guard let id = pair.key.scalar?.string else { continue }
                    guard CheckCatalog.rule(id) != nil else {
                        let suggestion = Spelling.suggest(id, from: CheckCatalog.all.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
                        issue(pair.key, "\(key).rules.\(id)", "unknown rule ID\(suggestion); `qgate diff-spec --format json` shows the IDs")
                        continue
                    }
                    guard let text = string(pair.value, "\(key).rules.\(id)") else { continue }
                    if text.lowercased() == "none" {
                        settings.disabledRules.insert(id)
                    } else if let level = ChangeLevel(name: text) {
                        settings.levelOverrides[id] = level
                    } else {
                        issue(pair.value, "\(key).rules.\(id)", "expected err, warn, info or none, found '\(text)'")
                    }
                }
            } else {
                issue(rules.value, "\(key).rules", "expected a mapping of rule IDs to levels, e.g. `{response-property-enum-value-added: info}`")
            }
        }
        if let waivers = fields["waivers"] {
            settings.waivers = list(waivers.value, "\(key).waivers") { walker, item, itemKey in
                walker.waiver(item, itemKey)
            }
        }
        return settings
    }

    mutating func waiver(_ node: Node, _ key: String) -> OpenAPISettings.Waiver? {
        guard let fields = mapping(node, key, allowed: Self.waiverKeys) else { return nil }
        guard let rule = fields["rule"].flatMap({ string($0.value, "\(key).rule") }) else {
            issue(node, "\(key).rule", "missing: the rule ID to waive (or `*`)")
            return nil
        }
        if rule != "*", CheckCatalog.rule(rule) == nil {
            issue(fields["rule"]?.value, "\(key).rule", "unknown rule ID '\(rule)'")
        }
        guard let reason = fields["reason"].flatMap({ string($0.value, "\(key).reason") }), !reason.isEmpty else {
            issue(node, "\(key).reason", "missing: say why the change is accepted (it is shown in every verdict)")
            return nil
        }
        guard let expires = fields["expires"].flatMap({ string($0.value, "\(key).expires") }) else {
            issue(node, "\(key).expires", "missing: a waiver needs an end date, e.g. `expires: 2026-12-31`")
            return nil
        }
        guard Self.isISODate(expires) else {
            issue(fields["expires"]?.value, "\(key).expires", "expected a date as yyyy-MM-dd, found '\(expires)'")
            return nil
        }
        let endpoint = fields["endpoint"].flatMap { string($0.value, "\(key).endpoint") }
        if let endpoint, endpoint.split(separator: " ").count != 2 {
            issue(fields["endpoint"]?.value, "\(key).endpoint", "expected `METHOD /path`, e.g. `GET /pets/{id}`")
        }
        return OpenAPISettings.Waiver(rule: rule, endpoint: endpoint, reason: reason, expires: expires, line: node.mark?.line)
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
