/// A report path reduced to components: backslashes, drive letters, `file://`, `./`, empty
/// and `..` segments resolved lexically (never through the file system, whose layout on the
/// CI machine that wrote the report is unknown).
struct NormalizedPath: Sendable, Hashable {
    var components: [String]
    var isAbsolute: Bool
    /// Lowercased drive letter of `C:\…` paths.
    var drive: Character?

    init(components: [String], isAbsolute: Bool, drive: Character? = nil) {
        self.components = components
        self.isAbsolute = isAbsolute
        self.drive = drive
    }

    /// Normalises `raw`, or says why it cannot name a file (NUL byte, empty, `..` above the root).
    static func parse(_ raw: String) -> Result<NormalizedPath, PathProblem> {
        if raw.utf8.contains(0) { return .failure(PathProblem("contains a NUL byte")) }
        // The two rewrites below run only when they can apply (a backslash; a first byte that
        // may start `file://`): most paths need neither, and this runs once per report file.
        var text = raw.utf8.contains(UInt8(ascii: "\\")) ? raw.replacingOccurrences(of: "\\", with: "/") : raw
        if let first = text.utf8.first, first | 0x20 == UInt8(ascii: "f") || first >= 0x80,
            text.lowercased().hasPrefix("file://")
        {
            text = String(text.dropFirst(7))
        }
        var drive: Character?
        var isAbsolute = text.hasPrefix("/")
        let characters = Array(text.prefix(3))
        if characters.count >= 2, characters[1] == ":", characters[0].isASCII, characters[0].isLetter,
            characters.count == 2 || characters[2] == "/"
        {
            drive = Character(characters[0].lowercased())
            text = String(text.dropFirst(2))
            isAbsolute = true
        } else if text.hasPrefix("/"), text.count > 3, Array(text.prefix(4))[2] == ":",
            Array(text.prefix(4))[1].isLetter, Array(text.prefix(4))[3] == "/"
        {
            // `/C:/x` as URIs write it.
            drive = Character(Array(text.prefix(2))[1].lowercased())
            text = String(text.dropFirst(3))
        }
        var components: [String] = []
        for segment in Self.segments(text) {
            switch segment {
            case ".": continue
            case "..":
                guard !components.isEmpty else {
                    return .failure(PathProblem("'..' climbs above the \(isAbsolute ? "file system" : "report's") root"))
                }
                components.removeLast()
            default: components.append(String(segment))
            }
        }
        if components.isEmpty { return .failure(PathProblem("names no file")) }
        return .success(NormalizedPath(components: components, isAbsolute: isAbsolute, drive: drive))
    }

    /// The non-empty `/`-separated parts of `text`. ASCII text is split by bytes (there every
    /// Character is one byte, `\r\n` aside, which holds no `/`), skipping the grapheme
    /// breaking that `split` on Characters pays for every path of every report.
    static func segments(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(separator: "/", omittingEmptySubsequences: true)
        }
        var result: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                if start != index { result.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { result.append(text[start..<utf8.endIndex]) }
        return result
    }

    /// The path with `/` separators (a leading `/` when absolute; drive letters are dropped).
    var joined: String {
        (isAbsolute ? "/" : "") + components.joined(separator: "/")
    }

    /// The components after `prefix` when this path starts with it on whole components.
    func relative(to prefix: NormalizedPath) -> [String]? {
        guard isAbsolute == prefix.isAbsolute, drive == prefix.drive || prefix.drive == nil && drive == nil,
            components.count >= prefix.components.count,
            Array(components.prefix(prefix.components.count)) == prefix.components
        else { return nil }
        return Array(components.dropFirst(prefix.components.count))
    }
}
