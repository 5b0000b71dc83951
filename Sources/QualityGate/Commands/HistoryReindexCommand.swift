/// `qgate history reindex`: rebuild the derived index from the record files.
public struct HistoryReindexCommand: Sendable {
    public var location: HistoryLocation

    public init(location: HistoryLocation) {
        self.location = location
    }

    public func run() -> CommandResult {
        CommandFailure.catching { () throws(CommandFailure) -> CommandResult in
            let store = try location.store()
            do throws(HistoryError) {
                let scan = try store.reindex()
                let skipped = scan.warnings.filter { $0.severity != .note }.count
                let note = skipped > 0 ? "; \(skipped) damaged file(s) skipped" : ""
                return CommandResult(
                    stdout: "reindexed \(scan.entries.count) run(s) in \(TerminalText.clean(store.root))\(note)\n",
                    stderr: HistoryLocation.warningLines(scan.warnings), exitCode: 0)
            } catch {
                throw HistoryLocation.storeError(error)
            }
        }
    }
}
