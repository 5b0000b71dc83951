/// Public knobs of the XML coverage readers (the stream itself is internal).
public struct XMLEventStreamLimits: Sendable, Hashable {
    /// Element nesting beyond this is refused.
    public var maxDepth = 256
    /// Bytes handed to libxml2 per call.
    public var chunkSize = 256 * 1024

    public init(maxDepth: Int = 256, chunkSize: Int = 256 * 1024) {
        self.maxDepth = maxDepth
        self.chunkSize = chunkSize
    }

    var streamLimits: XMLEventStream.Limits {
        var limits = XMLEventStream.Limits()
        limits.maxDepth = maxDepth
        limits.chunkSize = chunkSize
        return limits
    }
}
