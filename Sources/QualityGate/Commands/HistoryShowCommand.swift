/// `qgate history show ID`: one run's record, pretty-printed.
///
/// The id is checked against the exact shape `HistoryStore.newID` makes before it becomes part
/// of a path, so `../../etc/passwd` or an absolute path is a usage error, never a file read.
public struct HistoryShowCommand: Sendable {
    public var location: HistoryLocation
    public var id: String

    public init(location: HistoryLocation, id: String) {
        self.location = location
        self.id = id
    }

    public func run() -> CommandResult {
        CommandFailure.catching { () throws(CommandFailure) -> CommandResult in
            let store = try location.store()
            guard let relative = HistoryStore.relativePath(forID: id) else {
                throw CommandFailure(HistoryLocation.usage(
                    "'\(TerminalText.clean(String(id.prefix(80))))' is not a run id (YYYYMMDDTHHMMSS.mmmZ-<16 hex>; see `qgate history list`)"))
            }
            do throws(HistoryError) {
                return CommandResult(stdout: JSONRenderer.render(try store.readRecord(relative: relative)), exitCode: 0)
            } catch {
                if case .read = error { throw CommandFailure(HistoryLocation.usage("no run \(id) in \(TerminalText.clean(store.root))")) }
                throw HistoryLocation.storeError(error)
            }
        }
    }
}
