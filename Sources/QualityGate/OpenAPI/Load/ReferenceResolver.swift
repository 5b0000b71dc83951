/// Turns `$ref` texts into nodes, for the files of one document, with memo tables.
///
/// A big spec repeats a few hundred `$ref` texts thousands of times (GitHub 2022: 4,790
/// references); evaluating each JSON pointer once, and never through Foundation's string
/// bridging, took reference resolution from half of the load time to a few percent.
struct ReferenceResolver {
    let source: SpecSource
    /// Parsed files by display name.
    private(set) var files: [String: SpecNode] = [:]
    /// Display name → path in the source.
    private(set) var paths: [String: String] = [:]
    private var fileNames: [FileKey: String] = [:]
    private var pointers: [PointerKey: SpecNode] = [:]
    /// `$ref` text as written in a file → its target: one lookup per reference.
    private var steps: [StepKey: SpecNode] = [:]

    private struct StepKey: Hashable {
        var file: Int32
        var reference: String
    }

    private struct FileKey: Hashable {
        var referrer: String
        var filePart: String
    }

    private struct PointerKey: Hashable {
        var file: String
        var fragment: String
    }

    init(source: SpecSource) {
        self.source = source
    }

    mutating func add(_ root: SpecNode, display: String, path: String) {
        files[display] = root
        paths[display] = path
    }

    /// The source path of the file that `filePart` (a non-empty, non-remote `$ref` file part)
    /// names, relative to the file `referrer` (a display name).
    func path(of filePart: String, from referrer: String) -> String {
        SpecPath.resolve(filePart, against: paths[referrer] ?? referrer)
    }

    /// The display name of the file a `$ref`'s file part names from `referrer`.
    mutating func file(of filePart: String, from referrer: String) -> String {
        if filePart.isEmpty { return referrer }
        let key = FileKey(referrer: referrer, filePart: filePart)
        if let known = fileNames[key] { return known }
        let display = source.display(path(of: filePart, from: referrer))
        fileNames[key] = display
        return display
    }

    /// The node at `fragment` (a URI fragment holding a JSON pointer) in the loaded file `file`.
    mutating func node(at fragment: String, in file: String) -> SpecNode? {
        let key = PointerKey(file: file, fragment: fragment)
        if let known = pointers[key] { return known }
        guard let root = files[file], let found = Self.evaluate(pointer: fragment, in: root) else { return nil }
        pointers[key] = found
        return found
    }

    /// The node one `$ref` step leads to.
    mutating func step(_ node: SpecNode, reference: String) throws(SpecError) -> SpecNode {
        let key = StepKey(file: node.fileNumber, reference: reference)
        if let known = steps[key] { return known }
        let location = node.referenceLocation
        let (filePart, fragment) = SpecLoader.split(reference)
        if SpecLoader.isRemote(filePart) {
            throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                reference: reference, reason: "remote references are never fetched; bundle the spec into local files")
        }
        let file = file(of: filePart, from: location.file)
        guard files[file] != nil else {
            throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                reference: reference, reason: "file '\(file)' was not loaded")
        }
        guard let target = self.node(at: fragment, in: file) else {
            throw .unresolvedReference(file: location.file, line: Int(location.line), column: Int(location.column),
                reference: reference, reason: "no node at '#\(fragment)' in \(file)")
        }
        steps[key] = target
        return target
    }

    /// Follows a `$ref` chain to a node that is not a reference.
    mutating func follow(_ start: SpecNode) throws(SpecError) -> SpecNode {
        var node = start
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(start)]
        while let reference = node.reference {
            let target = try step(node, reference: reference)
            guard seen.insert(ObjectIdentifier(target)).inserted else {
                let location = node.referenceLocation
                throw .referenceCycle(file: location.file, line: Int(location.line), column: Int(location.column),
                    reference: reference)
            }
            node = target
        }
        return node
    }

    /// RFC 6901 evaluation of a URI fragment (percent-decoded first when it holds a `%`).
    static func evaluate(pointer fragment: String, in root: SpecNode) -> SpecNode? {
        if fragment.isEmpty { return root }
        var pointer = fragment
        if fragment.utf8.contains(UInt8(ascii: "%")) {
            guard let decoded = fragment.removingPercentEncoding else { return nil }
            pointer = decoded
        }
        guard pointer.utf8.first == UInt8(ascii: "/") else { return nil }
        var node = root
        for rawToken in pointer.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let token = rawToken.contains(UInt8(ascii: "~")) ? unescape(rawToken) : String(Substring(rawToken))
            switch node.value {
            case .object(let object):
                guard let child = object[token] else { return nil }
                node = child
            case .array(let items):
                guard let index = Int(token), index >= 0, index < items.count else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node
    }

    /// `~1` → `/`, `~0` → `~` (in that order of meaning: `~01` is `~1`).
    private static func unescape(_ token: Substring.UTF8View) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.count)
        var iterator = token.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "~") else {
                bytes.append(byte)
                continue
            }
            switch iterator.next() {
            case UInt8(ascii: "1"): bytes.append(UInt8(ascii: "/"))
            case UInt8(ascii: "0"): bytes.append(UInt8(ascii: "~"))
            case let other?: bytes.append(byte); bytes.append(other)
            case nil: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
