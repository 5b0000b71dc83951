/// The `history:` section of `qgate.yml`: where `qgate check --record` and `qgate history`
/// keep the run history, and how `qgate check` compares a run with it.
public struct HistorySettings: Sendable, Hashable {
    /// When `qgate check` chooses a baseline run.
    public enum BaselineMode: String, Sendable, Hashable, CaseIterable {
        /// When the config needs one: a KPI reads `baseline(...)` or a history metric, or
        /// regressions or flaky tests over time are configured (or `--baseline` is given).
        case auto
        /// Always (as if `--baseline` were given).
        case always
        /// Only with `--baseline`.
        case never
    }

    /// The store folder, relative to the config's folder; `--history` overrides.
    public var path: String = HistoryStore.defaultPath
    public var baseline: BaselineMode = .auto
    /// Regression detection for noisy metrics; nil when the config has no `regressions:`.
    public var regressions: RegressionSettings?
    /// Flaky tests over time.
    public var flaky = FlakySettings()

    public init(path: String = HistoryStore.defaultPath) {
        self.path = path
    }
}
