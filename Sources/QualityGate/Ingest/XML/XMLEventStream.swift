import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Feeds one file through libxml2's SAX2 push parser and hands its elements to a handler.
///
/// Format-agnostic and streaming: the file is read in fixed chunks, so memory depends on what
/// the handler keeps, never on the file size. The safety settings are those of the JUnit
/// reader: nothing is fetched (`XML_PARSE_NONET`, no `DTDLOAD`, so a `<!DOCTYPE … SYSTEM
/// "http://…">` is parsed and ignored), entities are never substituted (no `NOENT`), any entity
/// declared in a DTD is refused (XXE, billion laughs), and nesting is capped. libxml2's errors
/// become `.truncated` (the input ends inside an element), `.refused` (an undefined entity) or
/// `.malformed`, each with line and column; an empty or whitespace-only file is `.empty`.
///
/// Encodings: the first bytes go to `xmlCreatePushParserCtxt`, which is where libxml2 sniffs
/// a byte-order mark, so UTF-8 with BOM and UTF-16 documents are decoded by libxml2; handlers
/// always see UTF-8.
final class XMLEventStream {
    /// What the stream guards against.
    struct Limits: Sendable, Hashable {
        /// Element nesting beyond this is refused (real coverage reports nest < 12 levels).
        var maxDepth = 256
        /// Bytes handed to libxml2 per call.
        var chunkSize = 256 * 1024

        init() {}
    }

    /// The file being read, as the user named it (used in every error).
    let path: String
    let limits: Limits
    private let handler: any XMLEventHandler
    fileprivate var context: xmlParserCtxtPtr?

    /// Depth of the current element (1 = root); 0 outside the root.
    private(set) var depth = 0
    /// The root element's local name, once seen.
    private(set) var rootName: String?
    /// Set by the handler while it wants `characters` events (e.g. inside `<source>`).
    ///
    /// Off, libxml2's text callback is unset, so the whitespace between elements (a million
    /// runs in a large report) never calls into Swift.
    var deliversText = false {
        didSet {
            guard deliversText != oldValue, let sax = context?.pointee.sax else { return }
            sax.pointee.characters = deliversText ? Self.charactersCallback : nil
            sax.pointee.cdataBlock = deliversText ? Self.charactersCallback : nil
        }
    }
    private(set) var stopped = false
    private var finishing = false
    private(set) var failure: InputError?
    /// Non-fatal libxml2 errors (recoverable), for the report's diagnostics.
    private(set) var warnings: [Diagnostic] = []

    init(path: String, handler: any XMLEventHandler, limits: Limits = Limits()) {
        self.path = path
        self.handler = handler
        self.limits = limits
    }

    /// Current line in the input (1-based), as libxml2 counts it.
    var line: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetLineNumber(context))
    }

    /// Current column in the input (1-based).
    var column: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetColumnNumber(context))
    }

    /// Ends the parse with `error`; the first error wins.
    func stop(_ error: InputError) {
        guard !stopped else { return }
        failure = error
        stopped = true
        if let context { xmlStopParser(context) }
    }

    /// Reads the whole file through the handler.
    ///
    /// - Throws: `.unreadable`, `.empty`, `.truncated`, `.malformed`, `.refused`, or whatever
    ///   the handler passed to `stop(_:)`.
    func run() throws(InputError) {
        let file = try InputFile.open(path)
        defer { fclose(file) }

        let chunkSize = max(limits.chunkSize, 16)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }

        // The first chunk decides emptiness and goes (its first bytes) to the parser's
        // constructor for encoding detection.
        var count = fread(buffer, 1, chunkSize, file)
        if ferror(file) != 0 { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        var sawContent = Self.hasContent(buffer, count, atStart: true)

        var saxHandler = Self.makeHandler()
        let userData = Unmanaged.passUnretained(self).toOpaque()
        let head = Int32(min(count, 4))
        guard let context = xmlCreatePushParserCtxt(&saxHandler, userData, buffer, head, path) else {
            throw .unreadable(file: path, reason: "libxml2 could not create a parser")
        }
        defer {
            self.context = nil
            xmlFreeParserCtxt(context)
        }
        // NONET: never fetch. No NOENT, no DTDLOAD: entities are not substituted and external
        // DTDs are not read. HUGE: single-line reports of hundreds of MB exist; `maxDepth`
        // replaces libxml2's own depth guard.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOCDATA.rawValue)
        xmlCtxtUseOptions(context, options)
        self.context = context
        if !deliversText, let sax = context.pointee.sax {
            sax.pointee.characters = nil
            sax.pointee.cdataBlock = nil
        }

        var offset = Int(head)
        while !stopped {
            if count > offset {
                xmlParseChunk(context, buffer + offset, Int32(count - offset), 0)
            }
            guard !stopped else { break }
            count = fread(buffer, 1, chunkSize, file)
            offset = 0
            if count == 0 { break }
            if !sawContent { sawContent = Self.hasContent(buffer, count, atStart: false) }
        }
        if ferror(file) != 0 {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        if !sawContent {
            throw .empty(file: path)
        }
        if !stopped {
            finishing = true
            xmlParseChunk(context, nil, 0, 1)
        }
        if let failure { throw failure }
    }

    /// Whether the bytes hold anything but whitespace (and, at the start, a UTF-8 BOM).
    private static func hasContent(_ buffer: UnsafeMutablePointer<CChar>, _ count: Int, atStart: Bool) -> Bool {
        let bytes = UnsafeRawBufferPointer(start: buffer, count: count)
        var index = 0
        if atStart, count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < count {
            if !XMLBytes.isSpace(bytes[index]) { return true }
            index += 1
        }
        return false
    }

    // MARK: Events from the C trampolines

    fileprivate func start(_ localname: UnsafePointer<UInt8>, _ attributes: XMLAttributeList) {
        depth += 1
        if depth > limits.maxDepth {
            stop(.refused(file: path, line: line, column: column, reason: "elements nested deeper than \(limits.maxDepth) levels"))
            return
        }
        if rootName == nil { rootName = String(cString: localname) }
        handler.startElement(name(localname), attributes, in: self)
    }

    fileprivate func end(_ localname: UnsafePointer<UInt8>) {
        handler.endElement(name(localname), in: self)
        depth -= 1
    }

    /// The last element name measured: libxml2 interns names for the whole parse, so the same
    /// pointer is the same name, and `<line>` after `</line>` needs no `strlen`.
    private var lastName: XMLBytes?

    @inline(__always)
    private func name(_ localname: UnsafePointer<UInt8>) -> XMLBytes {
        if let lastName, lastName.start == localname { return lastName }
        let measured = XMLBytes(cString: localname)
        lastName = measured
        return measured
    }

    fileprivate func text(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        handler.characters(XMLBytes(start: bytes, count: count), in: self)
    }

    fileprivate func entityDeclared(_ name: String, systemID: String?) {
        let external = systemID.map { " (external: '\($0)')" } ?? ""
        stop(
            .refused(
                file: path, line: line, column: column,
                reason: "the DTD declares entity '\(name)'\(external); qgate never expands DTD entities (XXE and entity-expansion protection)"))
    }

    fileprivate func libxmlError(_ error: xmlError) {
        guard !stopped else { return }
        let outcome = LibXMLErrorMapping.map(
            error, file: path, insideRoot: rootName != nil && depth > 0, finishing: finishing,
            openElement: { self.context?.pointee.name.map { String(cString: $0) } })
        switch outcome {
        case .ignore: break
        case .warning(let diagnostic): warnings.append(diagnostic)
        case .failure(let failure): stop(failure)
        }
    }

    // MARK: The SAX2 handler

    fileprivate static func stream(_ context: UnsafeMutableRawPointer?) -> XMLEventStream? {
        guard let context else { return nil }
        return Unmanaged<XMLEventStream>.fromOpaque(context).takeUnretainedValue()
    }

    /// The stream for a hot callback, borrowed without a retain/release pair per event
    /// (`run()` keeps it alive for the whole parse).
    @inline(__always)
    fileprivate static func with(_ context: UnsafeMutableRawPointer?, _ body: (XMLEventStream) -> Void) {
        guard let context else { return }
        Unmanaged<XMLEventStream>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
    }

    fileprivate static let charactersCallback: charactersSAXFunc = { context, bytes, count in
        XMLEventStream.with(context) { stream in
            guard !stream.stopped, stream.deliversText, let bytes, count > 0 else { return }
            stream.text(bytes, Int(count))
        }
    }

    private static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
            XMLEventStream.with(context) { stream in
                guard !stream.stopped, let localname else { return }
                stream.start(localname, XMLAttributeList(base: attributes, count: Int(max(attributeCount, 0))))
            }
        }
        handler.endElementNs = { context, localname, _, _ in
            XMLEventStream.with(context) { stream in
                guard !stream.stopped, let localname else { return }
                stream.end(localname)
            }
        }
        // Text callbacks are set while `deliversText` is on.
        handler.characters = charactersCallback
        handler.cdataBlock = charactersCallback
        // Any entity declared in a DTD is refused: this is where XXE and billion-laughs
        // attacks live, and no real coverage report needs one.
        handler.entityDecl = { context, name, _, _, systemId, _ in
            guard let stream = XMLEventStream.stream(context) else { return }
            stream.entityDeclared(name.map { String(cString: $0) } ?? "?", systemID: systemId.map { String(cString: $0) })
        }
        handler.serror = { context, error in
            guard let stream = XMLEventStream.stream(context), let error else { return }
            stream.libxmlError(error.pointee)
        }
        return handler
    }
}
