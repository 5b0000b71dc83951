/// The `history:` section of `qgate.yml`: where `qgate check --record` and `qgate history`
/// keep the run history.
public struct HistorySettings: Sendable, Hashable {
    /// The store folder, relative to the config's folder; `--history` overrides.
    public var path: String = HistoryStore.defaultPath

    public init(path: String = HistoryStore.defaultPath) {
        self.path = path
    }
}
