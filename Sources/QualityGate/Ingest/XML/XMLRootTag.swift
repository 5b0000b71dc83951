import Foundation

/// The root element of an XML document, found in the first bytes of a file for format
/// detection: the prolog (BOM, `<?xml …?>`, comments, `<!DOCTYPE …>`) is skipped without
/// parsing, and the root's start tag is returned as written.
struct XMLRootTag: Sendable, Hashable {
    /// Local name of the root element (a namespace prefix is dropped).
    var name: String
    /// The start tag's text from `<` to `>` (or to the end of the head when cut off).
    var tag: String
    /// The document text after the root's start tag, within the head.
    var rest: Substring

    /// The root tag of `head`, or nil when the head does not start like an XML document.
    init?(head: String) {
        var text = Substring(head)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        while true {
            text = text.drop { $0.isWhitespace }
            if text.hasPrefix("<?") {
                guard let end = text.range(of: "?>") else { return nil }
                text = text[end.upperBound...]
            } else if text.hasPrefix("<!--") {
                guard let end = text.range(of: "-->") else { return nil }
                text = text[end.upperBound...]
            } else if text.hasPrefix("<!") {
                // DOCTYPE, possibly with an internal subset in brackets.
                var depth = 0
                var index = text.startIndex
                var closed = false
                while index < text.endIndex {
                    let character = text[index]
                    if character == "[" { depth += 1 }
                    if character == "]" { depth -= 1 }
                    if character == ">", depth <= 0 {
                        closed = true
                        break
                    }
                    index = text.index(after: index)
                }
                guard closed else { return nil }
                text = text[text.index(after: index)...]
            } else {
                break
            }
        }
        guard text.hasPrefix("<") else { return nil }
        let afterBracket = text.dropFirst()
        let rawName = afterBracket.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        guard !rawName.isEmpty else { return nil }
        name = String(rawName.split(separator: ":").last ?? rawName)
        if let close = text.firstIndex(of: ">") {
            tag = String(text[...close])
            rest = text[text.index(after: close)...]
        } else {
            tag = String(text)
            rest = ""
        }
    }

    /// Whether the start tag carries the attribute `name` (`name=` preceded by whitespace).
    func hasAttribute(_ name: String) -> Bool {
        var search = tag[...]
        while let range = search.range(of: name + "=") {
            if range.lowerBound > tag.startIndex, tag[tag.index(before: range.lowerBound)].isWhitespace { return true }
            search = search[range.upperBound...]
        }
        return false
    }
}
