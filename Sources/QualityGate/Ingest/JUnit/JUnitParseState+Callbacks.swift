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
            // Hot path: element and attribute names are matched as bytes against the few the
            // reader uses; Strings are built only for those (and for an unknown root).
            let known = JUnitParseState.intern(localname, JUnitParseState.elementNames)
            let name = known ?? (state.rootName == nil ? String(cString: localname) : "")
            var values = XMLAttributes()
            if known != nil, let attributes, attributeCount > 0 {
                for index in 0..<Int(attributeCount) {
                    let base = index * 5
                    guard let attributeName = attributes[base],
                        let key = JUnitParseState.intern(attributeName, JUnitParseState.attributeNames),
                        let start = attributes[base + 3], let end = attributes[base + 4]
                    else { continue }
                    let bytes = UnsafeBufferPointer(start: start, count: end - start)
                    let value = String(decoding: bytes, as: UTF8.self)
                    values.pairs.append((key, bytes.contains(UInt8(ascii: "&")) ? JUnitParseState.unescapeAmpersands(value) : value))
                }
            }
            state.startElement(name, values)
        }
        handler.endElementNs = { context, localname, _, _ in
            guard let state = JUnitParseState.state(context), !state.stopped, let localname else { return }
            state.endElement(JUnitParseState.intern(localname, JUnitParseState.elementNames) ?? "")
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

    static let elementNames: [(StaticString, String)] = [
        ("testcase", "testcase"), ("testsuite", "testsuite"), ("failure", "failure"), ("error", "error"),
        ("skipped", "skipped"), ("property", "property"), ("properties", "properties"), ("testsuites", "testsuites"),
        ("flakyFailure", "flakyFailure"), ("flakyError", "flakyError"), ("rerunFailure", "rerunFailure"),
        ("rerunError", "rerunError"),
    ]

    static let attributeNames: [(StaticString, String)] = [
        ("name", "name"), ("time", "time"), ("classname", "classname"), ("message", "message"), ("type", "type"),
        ("file", "file"), ("line", "line"), ("tests", "tests"), ("failures", "failures"), ("errors", "errors"),
        ("skipped", "skipped"), ("status", "status"), ("value", "value"), ("class", "class"), ("skips", "skips"),
        ("disabled", "disabled"), ("assertions", "assertions"), ("hostname", "hostname"),
        ("noNamespaceSchemaLocation", "noNamespaceSchemaLocation"), ("schemaLocation", "schemaLocation"),
    ]

    /// The shared String for a known name, matched byte for byte without allocating.
    @inline(__always)
    static func intern(_ bytes: UnsafePointer<UInt8>, _ table: [(StaticString, String)]) -> String? {
        for (literal, string) in table {
            if strcmp(UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0 {
                return string
            }
        }
        return nil
    }

    /// libxml2 keeps `&` escaped as `&#38;` in attribute values when entities are not
    /// substituted; a literal `&` cannot occur, so turning it back is exact.
    static func unescapeAmpersands(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        let source = Array(value.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "&"), index + 4 < source.count, source[index + 1] == UInt8(ascii: "#"),
                source[index + 2] == UInt8(ascii: "3"), source[index + 3] == UInt8(ascii: "8"),
                source[index + 4] == UInt8(ascii: ";")
            {
                bytes.append(UInt8(ascii: "&"))
                index += 5
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
            // The reader interns only the names it uses; libxml2 knows the open element's name.
            let open = context?.pointee.name.map { String(cString: $0) } ?? elementStack.last
            stop(.truncated(file: report, line: line, column: column, insideElement: open))
        } else if message.contains("Entity") && message.contains("not defined") {
            stop(.refused(file: report, line: line, column: column, reason: "\(message); qgate never expands DTD entities"))
        } else {
            stop(.malformed(file: report, line: line, column: column, reason: message))
        }
    }
}

/// The attributes of one element that the reader asked for: a few pairs, searched linearly,
/// which is cheaper than hashing them into a dictionary on every element.
struct XMLAttributes {
    var pairs: [(String, String)] = []

    init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs
    }

    subscript(key: String) -> String? {
        for pair in pairs where pair.0 == key { return pair.1 }
        return nil
    }
}
