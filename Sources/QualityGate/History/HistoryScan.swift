/// The runs in a store as reading found them, with what went wrong on the way.
public struct HistoryScan: Sendable, Hashable {
    /// How the entries were obtained.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The index matched the record files exactly.
        case index
        /// The index was missing or damaged: every record was read.
        case records
        /// The index was stale (a writer died between its rename and its index line, or
        /// files were added or removed by hand): the differences were read from the records.
        case indexAndRecords = "index+records"
    }

    /// Oldest first.
    public var entries: [HistoryIndexEntry]
    /// One per damaged record or index (naming the file); the rest was read.
    public var warnings: [Diagnostic]
    public var source: Source
}
