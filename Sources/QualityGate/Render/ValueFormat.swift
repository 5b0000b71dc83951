/// How KPI values and targets are shown to people (JSON keeps the raw numbers).
enum ValueFormat {
    static func unit(_ result: KPIResult) -> String? {
        if let unit = result.unit { return unit }
        let names = result.inputs.map(\.name)
        if !names.isEmpty, names.allSatisfy({ $0.hasSuffix("pass_rate") || $0.hasSuffix("percent") }) { return "%" }
        if !names.isEmpty, names.allSatisfy({ $0.hasSuffix("_seconds") }) { return "s" }
        return nil
    }

    static func number(_ value: Double, unit: String?) -> String {
        let digits = abs(value) >= 100 || value == value.rounded() ? 1 : 2
        let text = NumberFormat.rounded(value, digits: digits)
        guard let unit else { return text }
        return unit == "%" ? "\(text) %" : "\(text) \(unit)"
    }

    static func value(_ result: KPIResult) -> String {
        if result.status == .neutral { return "n/a" }
        guard let value = result.value else { return "no data" }
        // Percentages are truncated, not rounded, so 79.996 % never shows as a passing 80 %.
        if unit(result) == "%" { return NumberFormat.percent(value) }
        return number(value, unit: unit(result))
    }

    static func target(_ result: KPIResult) -> String {
        let unit = unit(result)
        var text = "\(result.target.comparator.rawValue) \(number(result.target.value, unit: unit))"
        if let warning = result.warning {
            text += " (warn \(warning.comparator.rawValue) \(number(warning.value, unit: unit)))"
        }
        return text
    }
}
