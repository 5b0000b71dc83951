/// Makes untrusted text (test names, messages) inert in GitHub-flavoured markdown.
///
/// A test name must not be able to inject markdown, HTML, links or @-mentions into a PR
/// comment: every markdown and HTML metacharacter is backslash-escaped or turned into an
/// entity, `@` becomes `&#64;` (no mention, no notification), and newlines become spaces.
public enum MarkdownEscaping {
    public static func inline(_ text: String, limit: Int = 300) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var count = 0
        for character in text {
            if count >= limit {
                output += "…"
                break
            }
            count += 1
            switch character {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "~", ":", "$":
                output.append("\\")
                output.append(character)
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "@": output += "&#64;"
            case "\"": output += "&quot;"
            case "\n", "\r", "\r\n", "\t": output += " "
            default:
                if character.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F }) {
                    output += " "
                } else {
                    output.append(character)
                }
            }
        }
        return output
    }

    /// A fenced code block whose fence is longer than any backtick run inside, so the content
    /// cannot close it; control characters (ANSI colour codes) are removed.
    public static func codeBlock(_ text: String) -> String {
        var cleaned = ""
        var skippingEscape = false
        for scalar in text.unicodeScalars {
            if skippingEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { skippingEscape = false }
                continue
            }
            if scalar == "\u{1B}" {
                skippingEscape = true
                continue
            }
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { continue }
            cleaned.unicodeScalars.append(scalar)
        }
        var longest = 0
        var run = 0
        for character in cleaned {
            if character == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)text\n\(cleaned)\n\(fence)"
    }
}
