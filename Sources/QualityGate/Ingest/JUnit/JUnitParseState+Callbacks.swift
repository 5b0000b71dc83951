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

    /// The state for a hot callback, borrowed without a retain/release pair per element
    /// (`read(path:)` keeps it alive for the whole parse).
    @inline(__always)
    static func with(_ context: UnsafeMutableRawPointer?, _ body: (JUnitParseState) -> Void) {
        guard let context else { return }
        Unmanaged<JUnitParseState>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
    }

    static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
            JUnitParseState.with(context) { state in
            guard !state.stopped, let localname else { return }
            // Hot path: names are resolved through a cache keyed by libxml2's interned name
            // pointers, and attribute values stay bytes until a reader asks for a String.
            let element = state.names.element(localname)
            var values = XMLAttributes(slots: state.attributeSlots)
            if element != .other, let attributes, attributeCount > 0 {
                for index in 0..<Int(attributeCount) {
                    let base = index * 5
                    guard let attributeName = attributes[base], let start = attributes[base + 3],
                        let end = attributes[base + 4],
                        let key = state.names.attribute(attributeName)
                    else { continue }
                    values.set(key, start: start, count: end - start)
                }
            }
            state.startElement(element, values, name: localname)
            }
        }
        handler.endElementNs = { context, _, _, _ in
            JUnitParseState.with(context) { state in
                // libxml2 reports end tags only when they match the open element, so the
                // reader's own element stack says which one closes: no name lookup needed.
                guard !state.stopped else { return }
                state.endElement()
            }
        }
        // Text callbacks start switched off: see `setCharactersCallback(enabled:)`.
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

    /// Text is only wanted inside result and property elements; elsewhere the callback is
    /// switched off so that libxml2 does not call into Swift for the whitespace between elements.
    func setCharactersCallback(enabled: Bool) {
        guard let sax = context?.pointee.sax else { return }
        sax.pointee.characters = enabled ? Self.charactersCallback : nil
        sax.pointee.cdataBlock = enabled ? Self.charactersCallback : nil
    }

    static let charactersCallback: charactersSAXFunc = { context, bytes, count in
        JUnitParseState.with(context) { state in
            guard !state.stopped, state.capture != .none, let bytes, count > 0 else { return }
            state.characters(bytes, Int(count))
        }
    }

    func libxmlError(_ error: xmlError) {
        guard !stopped else { return }
        // The reader interns only the names it uses; libxml2 knows the open element's name.
        let outcome = LibXMLErrorMapping.map(
            error, file: report, insideRoot: rootName != nil && depth > 0, finishing: finishing,
            openElement: { self.context?.pointee.name.map { String(cString: $0) } ?? self.elementStack.last.map { "\($0)" } })
        switch outcome {
        case .ignore: break
        case .warning(let diagnostic): diagnostics.append(diagnostic)
        case .failure(let failure): stop(failure)
        }
    }
}

