import CLibXML2

/// How a libxml2 error becomes what qgate reports, for every XML reader alike: a recoverable
/// error is a warning; a fatal one is `.truncated` when the document ends inside its root
/// (a writer killed mid-file), `.refused` for an undefined entity, else `.malformed`.
enum LibXMLErrorMapping {
    enum Outcome {
        case ignore
        case warning(Diagnostic)
        case failure(InputError)
    }

    /// - Parameters:
    ///   - insideRoot: the root element was opened and is not yet closed.
    ///   - finishing: the final (terminating) chunk is being parsed.
    ///   - openElement: the element the input ends in, asked for only when truncated.
    static func map(
        _ error: xmlError, file: String, insideRoot: Bool, finishing: Bool, openElement: () -> String?
    ) -> Outcome {
        let message = error.message.map { String(cString: $0).trimmingWhitespace() } ?? "unknown error"
        let line = Int(error.line)
        let column = Int(error.int2)
        guard error.level == XML_ERR_FATAL else {
            if error.level == XML_ERR_ERROR {
                return .warning(Diagnostic(.warning, code: "xml.error", message, file: file, line: line, column: column))
            }
            return .ignore
        }
        let code = Int(error.code)
        let atEnd =
            finishing || code == Int(XML_ERR_DOCUMENT_END.rawValue) || code == Int(XML_ERR_TAG_NOT_FINISHED.rawValue)
            || code == Int(XML_ERR_LTSLASH_REQUIRED.rawValue)
        if insideRoot, atEnd {
            return .failure(.truncated(file: file, line: line, column: column, insideElement: openElement()))
        } else if message.contains("Entity") && message.contains("not defined") {
            return .failure(.refused(file: file, line: line, column: column, reason: "\(message); qgate never expands DTD entities"))
        } else {
            return .failure(.malformed(file: file, line: line, column: column, reason: message))
        }
    }
}
