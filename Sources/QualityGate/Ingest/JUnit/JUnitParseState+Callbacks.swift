import Foundation
import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libxml2 SAX2 callbacks: thin C-convention trampolines into `JUnitParseState`.
extension JUnitParseState {
    static func state(_ context: UnsafeMutableRawPointer?) -> JUnitParseState? {
        guard let context else { return nil }
        return Unmanaged<JUnitParseState>.fromOpaque(context).takeUnretainedValue()
    }

    static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
            guard let state = JUnitParseState.state(context), !state.stopped, let localname else { return }
            var values: [String: String] = [:]
            if let attributes, attributeCount > 0 {
                for index in 0..<Int(attributeCount) {
                    let base = index * 5
                    guard let name = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
                    else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    values[String(cString: name)] = JUnitParseState.unescapeAmpersands(value)
                }
            }
            state.startElement(String(cString: localname), values)
        }
        handler.endElementNs = { context, localname, _, _ in
            guard let state = JUnitParseState.state(context), !state.stopped, let localname else { return }
            state.endElement(String(cString: localname))
        }
        handler.characters = { context, bytes, count in
            guard let state = JUnitParseState.state(context), !state.stopped, let bytes, count > 0 else { return }
            state.characters(bytes, Int(count))
        }
        handler.cdataBlock = handler.characters
        // Any entity declared in a DTD is refused: this is where XXE and billion-laughs
        // attacks live, and no real test report needs one.
        handler.entityDecl = { context, name, _, _, systemId, _ in
            guard let state = JUnitParseState.state(context) else { return }
            let entity = name.map { String(cString: $0) } ?? "?"
            let external = systemId.map { " (external: '\(String(cString: $0))')" } ?? ""
            state.stop(
                .refused(
                    file: state.report, line: state.line, column: state.column,
                    reason: "the DTD declares entity '\(entity)'\(external); qgate never expands DTD entities (XXE and entity-expansion protection)"))
        }
        handler.serror = { context, error in
            guard let state = JUnitParseState.state(context), let error else { return }
            state.libxmlError(error.pointee)
        }
        return handler
    }

    /// libxml2 keeps `&` escaped as `&#38;` in attribute values when entities are not
    /// substituted; a literal `&` cannot occur, so turning it back is exact.
    static func unescapeAmpersands(_ value: String) -> String {
        value.contains("&#38;") ? value.replacingOccurrences(of: "&#38;", with: "&") : value
    }

    func libxmlError(_ error: xmlError) {
        guard !stopped else { return }
        let message = error.message.map { String(cString: $0).trimmingWhitespace() } ?? "unknown error"
        let line = Int(error.line)
        let column = Int(error.int2)
        guard error.level == XML_ERR_FATAL else {
            if error.level == XML_ERR_ERROR {
                diagnostics.append(Diagnostic(.warning, code: "xml.error", message, file: report, line: line, column: column))
            }
            return
        }
        let code = Int(error.code)
        let atEnd =
            finishing || code == Int(XML_ERR_DOCUMENT_END.rawValue) || code == Int(XML_ERR_TAG_NOT_FINISHED.rawValue)
            || code == Int(XML_ERR_LTSLASH_REQUIRED.rawValue)
        if rootName != nil, depth > 0, atEnd {
            stop(.truncated(file: report, line: line, column: column, insideElement: elementStack.last))
        } else if message.contains("Entity") && message.contains("not defined") {
            stop(.refused(file: report, line: line, column: column, reason: "\(message); qgate never expands DTD entities"))
        } else {
            stop(.malformed(file: report, line: line, column: column, reason: message))
        }
    }
}
