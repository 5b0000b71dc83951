import Yams

extension ConfigWalker {
    static let performanceKeys = ["budgets", "openapi_routes"]

    mutating func performance(_ node: Node, _ key: String) -> PerformanceSettings? {
        guard let fields = mapping(node, key, allowed: Self.performanceKeys) else { return nil }
        guard let budgets = fields["budgets"] else {
            issue(node, "\(key).budgets", "missing: the budget files or folder, e.g. `budgets: budgets/`")
            return nil
        }
        var settings: PerformanceSettings
        if case .scalar(let scalar) = budgets.value {
            settings = PerformanceSettings(budgets: [scalar.string])
        } else {
            settings = PerformanceSettings(
                budgets: list(budgets.value, "\(key).budgets") { walker, item, itemKey in walker.string(item, itemKey) })
        }
        settings.line = node.mark?.line
        if let routes = fields["openapi_routes"], let flag = boolean(routes.value, "\(key).openapi_routes") {
            settings.useOpenAPIRoutes = flag
        }
        return settings
    }
}
