import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming parser for unified diffs: `git diff` output (any `-U`, renames, copies, binary
/// and mode-only changes, quoted names) and plain `diff -u` / `diff -ru`.
///
/// It yields, per file of the new tree, the lines the diff added or rewrote. Hunk bodies are
/// consumed by the counts of their `@@ -a,b +c,d @@` header, so a removed line that reads
/// `-- x` is never mistaken for a file header; a body that disagrees with its header is a
/// `DiffError.malformed` naming the diff line, never a silently shorter change set. Only the
/// first byte of a body line is looked at, so memory depends on the number of changed ranges,
/// not on the diff size.
///
/// With `strictCounts: false` (for hand-edited diff files: three of diff-cover's fixtures
/// announce more or fewer lines than their hunks hold) a body longer or shorter than its header
/// is accepted with a `diff.hunk-count` warning, as diff-cover (which ignores counts) does;
/// `--- `/`+++ `/`diff `/`@@` still start headers once the counts are used up.
public struct UnifiedDiff: Sendable {
    /// Names the diff in errors (a file path, or `git diff`).
    public let source: String
    public let strictCounts: Bool
    /// Recoverable oddities (hunk counts that disagree with the body in lenient mode).
    public private(set) var diagnostics: [Diagnostic] = []

    private var files: [String: ChangedFile] = [:]
    private var block: Block?
    private var hunk: Hunk?
    /// The last hunk once its counts ran out, which lenient mode may extend.
    private var spentHunk: Hunk?
    private var lineNumber = 0
    /// After `GIT binary patch`: base85 data until the next `diff --git`.
    private var skippingBinaryPatch = false
    private var sawHeader = false
    private var sawText = false

    /// The file being read: what its headers said so far.
    private struct Block {
        var startLine: Int
        var isGit: Bool
        /// `a/`, `b/` (or mnemonic `c/`, `w/`, `i/`, `o/`) prefixes to strip from `---`/`+++`.
        var prefixed: Bool
        var gitOld: String?
        var gitNew: String?
        var oldPath: Side = .absent
        var newPath: Side = .absent
        var renameFrom: String?
        var renameTo: String?
        var copyFrom: String?
        var copyTo: String?
        var newFile = false
        var deletedFile = false
        var binary = false
        var sawHunk = false
        var lines = LineRanges()
    }

    private enum Side: Equatable {
        case absent
        case devNull
        case path(String)
    }

    private struct Hunk {
        var oldRemaining: Int
        var newRemaining: Int
        var nextNewLine: Int
        var headerLine: Int
        var warned = false
    }

    public init(source: String, strictCounts: Bool = true) {
        self.source = source
        self.strictCounts = strictCounts
    }

    /// Parses a whole diff held in memory.
    public static func parse(_ data: Data, source: String, strictCounts: Bool = true) throws(DiffError) -> (
        files: [ChangedFile], diagnostics: [Diagnostic]
    ) {
        var parser = UnifiedDiff(source: source, strictCounts: strictCounts)
        var failure: DiffError?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                do throws(DiffError) {
                    try parser.consume(line: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                } catch {
                    failure = error
                    return
                }
                start = end + 1
            }
        }
        if let failure { throw failure }
        return (try parser.finish(), parser.diagnostics)
    }

    public static func parse(_ text: String, source: String, strictCounts: Bool = true) throws(DiffError) -> (
        files: [ChangedFile], diagnostics: [Diagnostic]
    ) {
        try parse(Data(text.utf8), source: source, strictCounts: strictCounts)
    }

    /// Reads the diff file at `path` line by line.
    public static func parse(contentsOf path: String, strictCounts: Bool = true) throws(DiffError) -> (
        files: [ChangedFile], diagnostics: [Diagnostic]
    ) {
        let file: UnsafeMutablePointer<FILE>
        do {
            file = try InputFile.open(path)
        } catch {
            guard case .unreadable(_, let reason) = error else { throw .unreadable(file: path, reason: error.message) }
            throw .unreadable(file: path, reason: reason)
        }
        defer { fclose(file) }
        var parser = UnifiedDiff(source: path, strictCounts: strictCounts)
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while true {
            let count = getline(&buffer, &capacity, file)
            guard count > 0, let buffer else { break }
            var length = Int(count)
            if buffer[length - 1] == 0x0A { length -= 1 }
            let line = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
            try parser.consume(line: UnsafeBufferPointer(start: line, count: length))
        }
        if ferror(file) != 0 {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        return (try parser.finish(), parser.diagnostics)
    }

    /// Feeds one line, without its `\n`.
    public mutating func consume(line: UnsafeBufferPointer<UInt8>) throws(DiffError) {
        lineNumber += 1
        if !sawText, line.contains(where: { !(($0 == 0x20) || ($0 == 0x09) || ($0 == 0x0D)) }) { sawText = true }
        if var current = hunk {
            try consumeBody(line, &current)
            if current.oldRemaining == 0 && current.newRemaining == 0 {
                hunk = nil
                spentHunk = current
            } else {
                hunk = current
            }
            return
        }
        if !strictCounts, var current = spentHunk, let first = line.first, first == 0x2B || first == 0x2D || first == 0x20,
            !Self.startsHeader(line)
        {
            // Lenient: the body goes on past its header's counts.
            try consumeBody(line, &current)
            spentHunk = current
            return
        }
        let text = Self.header(line)
        if text.hasPrefix("diff --git ") {
            try finishBlock()
            skippingBinaryPatch = false
            sawHeader = true
            startGitBlock(String(text.dropFirst("diff --git ".count)))
            return
        }
        if skippingBinaryPatch { return }
        if text.hasPrefix("@@ ") || text.hasPrefix("@@@") {
            try startHunk(text)
            return
        }
        if text.hasPrefix("--- ") {
            if var current = block, current.isGit, !current.sawHunk, current.oldPath == .absent {
                current.oldPath = side(String(text.dropFirst(4)), prefixed: current.prefixed)
                block = current
            } else {
                try finishBlock()
                sawHeader = true
                var plain = Block(startLine: lineNumber, isGit: false, prefixed: false)
                plain.oldPath = side(String(text.dropFirst(4)), prefixed: false)
                block = plain
            }
            return
        }
        if text.hasPrefix("+++ "), var current = block, !current.sawHunk, current.newPath == .absent {
            current.newPath = side(String(text.dropFirst(4)), prefixed: current.prefixed)
            if !current.isGit, case .path(let old) = current.oldPath, case .path(let new) = current.newPath,
                old.hasPrefix("a/"), new.hasPrefix("b/")
            {
                // `diff -ru a b` and patches made for `patch -p1`.
                current.oldPath = .path(String(old.dropFirst(2)))
                current.newPath = .path(String(new.dropFirst(2)))
            }
            block = current
            return
        }
        if text == "-- " {
            // `git format-patch` signature: the patch ends here.
            try finishBlock()
            return
        }
        if var current = block, current.isGit, !current.sawHunk {
            readExtendedHeader(text, &current)
            block = current
            return
        }
        if text.hasPrefix("diff ") || text.hasPrefix("Index: ") || text.hasPrefix("Only in ") {
            try finishBlock()
            return
        }
        if let current = block, current.sawHunk, let first = line.first, first == 0x2B || first == 0x2D || first == 0x20 {
            throw .malformed(
                file: source, line: lineNumber,
                reason: "a '\(Character(UnicodeScalar(first)))' line outside any hunk: the hunk before it has more lines than its header announced")
        }
        // Anything else (commit messages, `index` lines of other tools) carries no line data.
    }

    /// Ends the parse: every file of the new tree with its changed lines, sorted by path.
    public mutating func finish() throws(DiffError) -> [ChangedFile] {
        if var current = hunk, !strictCounts {
            warnCounts(&current, "the diff ends \(current.newRemaining) new lines early")
            hunk = nil
        }
        if let hunk {
            throw .malformed(
                file: source, line: lineNumber,
                reason: "the diff ends inside a hunk (\(hunk.oldRemaining) old and \(hunk.newRemaining) new lines missing): truncated")
        }
        try finishBlock()
        if !sawHeader, sawText {
            throw .malformed(file: source, line: 1, reason: "no `diff --git` or `---`/`+++` file header: this is not a unified diff")
        }
        return files.values.sorted { $0.path < $1.path }
    }

    // MARK: - Hunks

    private mutating func consumeBody(_ line: UnsafeBufferPointer<UInt8>, _ current: inout Hunk) throws(DiffError) {
        switch line.first {
        case 0x20, nil, 0x0D:
            // Context; an empty line is a context line whose trailing blank was stripped.
            if current.oldRemaining == 0 || current.newRemaining == 0 { try overrun("context", &current) }
            current.oldRemaining = Swift.max(current.oldRemaining - 1, 0)
            current.newRemaining = Swift.max(current.newRemaining - 1, 0)
            current.nextNewLine += 1
        case 0x2D:
            if current.oldRemaining == 0 { try overrun("'-'", &current) }
            current.oldRemaining = Swift.max(current.oldRemaining - 1, 0)
        case 0x2B:
            if current.newRemaining == 0 { try overrun("'+'", &current) }
            block?.lines.insert(current.nextNewLine)
            current.newRemaining = Swift.max(current.newRemaining - 1, 0)
            current.nextNewLine += 1
        case 0x5C:
            break  // "\ No newline at end of file"
        default:
            throw .malformed(
                file: source, line: lineNumber,
                reason: "expected a ' ', '+', '-' or '\\' line inside the hunk (\(current.oldRemaining) old and \(current.newRemaining) new lines still announced)")
        }
    }

    private mutating func overrun(_ kind: String, _ hunk: inout Hunk) throws(DiffError) {
        guard !strictCounts else {
            throw .malformed(
                file: source, line: lineNumber,
                reason: "a \(kind) line beyond the hunk header's counts (\(hunk.oldRemaining) old and \(hunk.newRemaining) new lines left)")
        }
        warnCounts(&hunk, "its body goes on past the counts (diff line \(lineNumber))")
    }

    private mutating func warnCounts(_ hunk: inout Hunk, _ what: String) {
        guard !hunk.warned else { return }
        hunk.warned = true
        diagnostics.append(
            Diagnostic(
                .warning, code: "diff.hunk-count",
                "the hunk header's line counts disagree with its body: \(what); the body was used",
                file: source, line: hunk.headerLine))
    }

    /// `--- `, `+++ `, `diff `, `@@`: lines that end a lenient hunk body.
    static func startsHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for prefix in ["--- ", "+++ ", "diff ", "@@"] where line.starts(with: prefix.utf8) { return true }
        return false
    }

    private mutating func startHunk(_ text: String) throws(DiffError) {
        guard var current = block else {
            throw .malformed(file: source, line: lineNumber, reason: "a hunk before any file header")
        }
        if text.hasPrefix("@@@") {
            throw .malformed(
                file: source, line: lineNumber,
                reason: "combined diff (merge commit) hunks are not supported: diff against one parent")
        }
        guard let header = Self.hunkHeader(text) else {
            throw .malformed(
                file: source, line: lineNumber, reason: "hunk header is not `@@ -start[,count] +start[,count] @@`: \(text.prefix(80))")
        }
        current.sawHunk = true
        block = current
        let next = Hunk(
            oldRemaining: header.oldCount, newRemaining: header.newCount, nextNewLine: header.newStart,
            headerLine: lineNumber)
        spentHunk = nil
        if next.oldRemaining == 0 && next.newRemaining == 0 {
            spentHunk = next
        } else {
            hunk = next
        }
    }

    /// `@@ -a[,b] +c[,d] @@ section`; counts default to 1. Numbers above 10^9 are refused.
    static func hunkHeader(_ text: String) -> (oldStart: Int, oldCount: Int, newStart: Int, newCount: Int)? {
        var scalars = Substring(text).utf8[...]
        func expect(_ literal: String) -> Bool {
            guard scalars.starts(with: literal.utf8) else { return false }
            scalars = scalars.dropFirst(literal.utf8.count)
            return true
        }
        func number() -> Int? {
            var value = 0
            var digits = 0
            while let byte = scalars.first, byte >= 0x30, byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                scalars = scalars.dropFirst()
                if digits > 9 { return nil }
            }
            return digits > 0 ? value : nil
        }
        guard expect("@@ -"), let oldStart = number() else { return nil }
        var oldCount = 1
        if expect(",") {
            guard let count = number() else { return nil }
            oldCount = count
        }
        guard expect(" +"), let newStart = number() else { return nil }
        var newCount = 1
        if expect(",") {
            guard let count = number() else { return nil }
            newCount = count
        }
        guard expect(" @@") else { return nil }
        return (oldStart, oldCount, newStart, newCount)
    }

    // MARK: - File headers

    private mutating func startGitBlock(_ names: String) {
        var current = Block(startLine: lineNumber, isGit: true, prefixed: false)
        if let (old, new) = Self.splitGitNames(names) {
            let prefixed = Self.prefix(of: old).map { first in Self.prefix(of: new).map { $0 != first } ?? false } ?? false
            current.prefixed = prefixed
            current.gitOld = prefixed ? Self.dropPrefix(old) : old
            current.gitNew = prefixed ? Self.dropPrefix(new) : new
        }
        block = current
    }

    private mutating func readExtendedHeader(_ text: String, _ current: inout Block) {
        if text.hasPrefix("new file mode") {
            current.newFile = true
        } else if text.hasPrefix("deleted file mode") {
            current.deletedFile = true
        } else if text.hasPrefix("rename from ") {
            current.renameFrom = Self.name(String(text.dropFirst("rename from ".count)))
        } else if text.hasPrefix("rename to ") {
            current.renameTo = Self.name(String(text.dropFirst("rename to ".count)))
        } else if text.hasPrefix("copy from ") {
            current.copyFrom = Self.name(String(text.dropFirst("copy from ".count)))
        } else if text.hasPrefix("copy to ") {
            current.copyTo = Self.name(String(text.dropFirst("copy to ".count)))
        } else if text.hasPrefix("Binary files ") {
            current.binary = true
        } else if text.hasPrefix("GIT binary patch") {
            current.binary = true
            skippingBinaryPatch = true
        }
        // `index`, `old mode`, `new mode`, `similarity index`, `dissimilarity index`: no lines.
    }

    private mutating func finishBlock() throws(DiffError) {
        spentHunk = nil
        guard let current = block else { return }
        block = nil
        if current.deletedFile || current.newPath == .devNull { return }
        var path: String?
        if case .path(let new) = current.newPath { path = new }
        path = path ?? current.renameTo ?? current.copyTo ?? current.gitNew
        guard let path, !path.isEmpty else {
            if current.isGit, !current.sawHunk { return }  // nothing to attribute, nothing lost
            throw .malformed(file: source, line: current.startLine, reason: "cannot tell the file name of this diff")
        }
        var oldPath: String?
        if case .path(let old) = current.oldPath { oldPath = old }
        oldPath = current.renameFrom ?? current.copyFrom ?? oldPath ?? current.gitOld
        let change: ChangedFile.Change =
            if current.newFile || current.oldPath == .devNull { .added }
            else if current.renameTo != nil { .renamed }
            else if current.copyTo != nil { .copied }
            else { .modified }
        var file = files[path] ?? ChangedFile(path: path, oldPath: nil, change: change)
        if change != .modified, file.change == .modified { file.change = change }
        if oldPath != path { file.oldPath = oldPath }
        file.isBinary = file.isBinary || current.binary
        file.lines = file.lines.union(current.lines)
        files[path] = file
    }

    /// A `---`/`+++` operand: `/dev/null`, or a path with its timestamp (after a tab) removed.
    private func side(_ operand: String, prefixed: Bool) -> Side {
        let name = Self.name(operand)
        if name == "/dev/null" { return .devNull }
        return .path(prefixed ? Self.dropPrefix(name) : name)
    }

    /// A file name as git prints it: C-quoted, or raw up to a tab.
    static func name(_ operand: String) -> String {
        if operand.hasPrefix("\"") {
            return unquote(Substring(operand).utf8.dropFirst()).name
        }
        if let tab = operand.firstIndex(of: "\t") { return String(operand[..<tab]) }
        return operand
    }

    /// Decodes a C-quoted name after its opening quote; returns the name and what follows the
    /// closing quote.
    static func unquote(_ bytes: Substring.UTF8View.SubSequence) -> (name: String, rest: Substring) {
        var output: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            if byte == 0x22 { break }
            guard byte == 0x5C, index < bytes.endIndex else {
                output.append(byte)
                continue
            }
            let escaped = bytes[index]
            index = bytes.index(after: index)
            switch escaped {
            case UInt8(ascii: "a"): output.append(0x07)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "v"): output.append(0x0B)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "r"): output.append(0x0D)
            case 0x30...0x37:
                var value = Int(escaped - 0x30)
                var digits = 1
                while digits < 3, index < bytes.endIndex, (0x30...0x37).contains(bytes[index]) {
                    value = value * 8 + Int(bytes[index] - 0x30)
                    index = bytes.index(after: index)
                    digits += 1
                }
                output.append(UInt8(truncatingIfNeeded: value))
            default: output.append(escaped)  // \" and \\ and anything unknown
            }
        }
        let rest = Substring(bytes[index...])
        return (String(decoding: output, as: UTF8.self), rest)
    }

    /// The two operands of `diff --git A B`, each possibly quoted. Unquoted names with spaces
    /// are split where both halves name the same file (the only case git leaves ambiguous and
    /// no later header resolves).
    static func splitGitNames(_ names: String) -> (String, String)? {
        if names.hasPrefix("\"") {
            let (first, rest) = unquote(Substring(names).utf8.dropFirst())
            let second = rest.drop { $0 == " " }
            guard !second.isEmpty else { return nil }
            return (first, name(String(second)))
        }
        let characters = Array(names)
        if characters.count % 2 == 1 {
            let middle = characters.count / 2
            let first = String(characters[..<middle])
            let second = String(characters[(middle + 1)...])
            if characters[middle] == " ", dropPrefix(first) == dropPrefix(second) { return (first, second) }
        }
        if let quote = names.range(of: " \""), names.hasSuffix("\"") {
            return (String(names[..<quote.lowerBound]), name(String(names[names.index(after: quote.lowerBound)...])))
        }
        if let split = names.range(of: " b/") ?? names.range(of: " w/") ?? names.range(of: " i/")
            ?? names.range(of: " ")
        {
            return (String(names[..<split.lowerBound]), String(names[names.index(after: split.lowerBound)...]))
        }
        return nil
    }

    /// The one-letter prefix (`a` of `a/x`), if the name has one.
    static func prefix(of name: String) -> Character? {
        let characters = name.prefix(2)
        guard characters.count == 2, characters.last == "/", let letter = characters.first, letter.isLetter,
            letter.isASCII
        else { return nil }
        return letter
    }

    static func dropPrefix(_ name: String) -> String {
        prefix(of: name) == nil ? name : String(name.dropFirst(2))
    }

    /// A header line as text, without a trailing carriage return.
    static func header(_ line: UnsafeBufferPointer<UInt8>) -> String {
        var bytes = line[...]
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }
}
