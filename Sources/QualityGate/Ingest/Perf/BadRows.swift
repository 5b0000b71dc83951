/// Malformed rows of a raw-sample file: counted, the first few kept with line numbers, and a
/// refusal once they pass the threshold (more than 1 % of rows, or more than 1000).
///
/// A few broken lines in a 10-million-row JTL (a killed writer, a stray newline) should not
/// sink the run, but a file that is mostly unreadable must not pass as "few samples, all fast".
struct BadRows {
    static let maxFraction = 0.01
    static let maxCount = 1000
    static let kept = 5

    var count = 0
    var examples: [(line: Int, reason: String)] = []

    mutating func add(line: Int, _ reason: String) {
        count += 1
        if examples.count < Self.kept { examples.append((line, reason)) }
    }

    /// Adds another part's bad rows, shifting its line numbers.
    mutating func absorb(_ other: BadRows, lineOffset: Int) {
        count += other.count
        for example in other.examples where examples.count < Self.kept {
            examples.append((example.line + lineOffset, example.reason))
        }
    }

    /// Warnings for the result (only when some rows were skipped).
    func warnings(rows: Int) -> [String] {
        guard count > 0 else { return [] }
        var lines = ["\(count) of \(rows + count) rows skipped as malformed"]
        lines += examples.map { "line \($0.line): \($0.reason)" }
        return lines
    }

    /// Throws when too many rows were bad. `rows` counts the good ones.
    func check(file: String, format: String, rows: Int) throws(InputError) {
        guard count > 0 else { return }
        let total = rows + count
        guard count > Self.maxCount || Double(count) > Double(total) * Self.maxFraction else { return }
        let first = examples.first!
        let lines = examples.map { String($0.line) }.joined(separator: ", ")
        throw .invalid(
            file: file, line: first.line, column: 0, format: format,
            reason: "\(count) of \(total) rows are malformed (more than 1 % or 1000 fails the input); first at line\(examples.count > 1 ? "s" : "") \(lines): \(first.reason)")
    }
}
