/// A whole `qgate.yml`: what to read, which KPIs to hold it to, and what blocks a merge.
public struct GateConfig: Sendable, Hashable {
    /// What happens when an input cannot be read or matches nothing.
    public enum InputProblemPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        /// The gate stops with exit code 3: a result built on missing data is not trusted.
        case fail
        /// The problem is reported and the KPIs decide (a KPI on missing metrics still fails).
        case warn
    }

    /// The config file, as given; input patterns are relative to its folder.
    public var path: String
    public var inputs: [InputSpec]
    public var kpis: [KPI]
    /// The lowest severity whose OFF_TRACK result fails the gate.
    public var failOn: Severity
    public var inputProblems: InputProblemPolicy
    public var coverage = CoverageSettings()
    /// The `openapi:` section; nil when the config has none.
    public var openAPI: OpenAPISettings?
    /// Performance budgets; their results join the KPI results (see `PerformanceAnalysis`).
    public var performance: PerformanceSettings?
    /// The `history:` section (the store folder); defaults when the config has none.
    public var history = HistorySettings()
    /// Known-bad tests that are reported but do not block (`tests.blocking_failures`).
    public var quarantine: [QuarantineEntry] = []

    /// Whether evaluating this config needs a baseline run or the run history: a KPI reads
    /// `baseline(...)` or a metric computed against the history, or regressions are configured.
    public var wantsHistory: Bool {
        history.regressions != nil || readsMetric(in: HistoryMetrics.names) || kpis.contains { $0.expression.readsBaseline }
    }

    /// Whether the verdict carries the `history` member: the store is read, or a quarantine
    /// list or a quarantine metric is used.
    public var wantsTestHistory: Bool {
        wantsHistory || !quarantine.isEmpty || readsMetric(in: HistoryMetrics.quarantineNames)
    }

    func readsMetric(in names: Set<String>) -> Bool {
        kpis.contains { kpi in kpi.expression.metricReferences.contains { names.contains($0.name) } }
    }

    public init(
        path: String, inputs: [InputSpec], kpis: [KPI], failOn: Severity = .low,
        inputProblems: InputProblemPolicy = .fail
    ) {
        self.path = path
        self.inputs = inputs
        self.kpis = kpis
        self.failOn = failOn
        self.inputProblems = inputProblems
    }

    /// The folder that input patterns are relative to.
    public var baseDirectory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// The history store folder: `history.path` resolved against the config's folder.
    public var historyPath: String {
        history.path.hasPrefix("/") ? history.path : baseDirectory + "/" + history.path
    }
}
