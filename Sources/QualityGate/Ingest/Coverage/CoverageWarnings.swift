/// Recoverable oddities met while reading one report, folded by kind.
///
/// A writer that emits `DA:undefined,1` does it thousands of times; one warning per kind,
/// positioned at the first occurrence and saying how many times it happened, keeps the
/// verdict readable and its size bounded.
struct CoverageWarnings {
    private struct Entry {
        var code: String
        var message: String
        var line: Int?
        var times: Int
    }

    let report: String
    private var entries: [Entry] = []
    private var indexByKey: [String: Int] = [:]

    init(report: String) {
        self.report = report
    }

    /// Records one occurrence; occurrences with the same `code` (and `key`, when several
    /// messages share a code) are folded into the first one.
    mutating func add(_ code: String, _ message: @autoclosure () -> String, line: Int?, key: String = "") {
        let fullKey = code + "\u{1F}" + key
        if let index = indexByKey[fullKey] {
            entries[index].times += 1
            return
        }
        indexByKey[fullKey] = entries.count
        entries.append(Entry(code: code, message: message(), line: line, times: 1))
    }

    var isEmpty: Bool { entries.isEmpty }

    /// The warnings, in the order first met.
    var diagnostics: [Diagnostic] {
        entries.map { entry in
            let suffix = entry.times > 1 ? " (\(entry.times) times; the first is shown)" : ""
            return Diagnostic(.warning, code: entry.code, entry.message + suffix, file: report, line: entry.line)
        }
    }
}
