/// Receives the events of one XML document from an `XMLEventStream`.
///
/// Names and attribute values are borrowed bytes, valid only during the call: a handler keeps
/// what it needs by converting it (`.string`, `.int`, `.count64`). To fail, a handler calls
/// `stream.stop(_:)`; no further events arrive after that.
protocol XMLEventHandler: AnyObject {
    /// `stream.depth` is the element's depth (1 for the root).
    func startElement(_ name: XMLBytes, _ attributes: XMLAttributeList, in stream: XMLEventStream)
    /// `stream.depth` is still the closing element's depth.
    func endElement(_ name: XMLBytes, in stream: XMLEventStream)
    /// Text and CDATA, delivered only while `stream.deliversText` is true.
    func characters(_ text: XMLBytes, in stream: XMLEventStream)
}

extension XMLEventHandler {
    func characters(_ text: XMLBytes, in stream: XMLEventStream) {}
}
