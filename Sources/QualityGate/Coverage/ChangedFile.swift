/// One file of a diff as it is after the change, with the lines the change added or rewrote.
///
/// Line numbers are those of the new file; deleted lines have no new line and are not kept,
/// and deleted files are not represented at all (there is nothing left to cover).
public struct ChangedFile: Sendable, Hashable, Codable {
    public enum Change: String, Sendable, Hashable, Codable {
        case added, modified, renamed, copied
    }

    /// Repository-relative path in the new tree.
    public var path: String
    /// The path before a rename or copy.
    public var oldPath: String?
    public var change: Change
    /// git reported `Binary files … differ` or a binary patch: no line information.
    public var isBinary: Bool
    /// Added or rewritten lines of the new file (context and deletions excluded).
    public var lines: LineRanges

    public init(
        path: String, oldPath: String? = nil, change: Change = .modified, isBinary: Bool = false,
        lines: LineRanges = LineRanges()
    ) {
        self.path = path
        self.oldPath = oldPath
        self.change = change
        self.isBinary = isBinary
        self.lines = lines
    }
}
