/// The body properties below a set of schemas, and which of them lack a description.
///
/// Memoised per schema: each resolved schema's own properties are read once, and the set of
/// schemas reachable from a body root (through `$ref`s, properties, items,
/// additionalProperties and compositions) is computed once per root. An operation's figure is
/// the union of its roots' sets, so a component shared by several bodies of one operation
/// counts once, recursive schemas terminate, and a spec whose every response reaches the same
/// thousand schemas (Stripe) is walked once, not once per operation.
final class PropertyIndex {
    let document: SpecDocument

    /// One resolved schema's own properties.
    private struct Local {
        var total: Int
        var undescribed: [(name: String, node: SpecNode)]
        /// Indexes of the schemas directly below (properties, items, compositions).
        var children: [Int32]
    }

    /// Every schema seen gets a dense index; the arrays below are indexed by it.
    private var indexes: [ObjectIdentifier: Int32] = [:]
    private var nodes: [SpecNode] = []
    private var locals: [Local?] = []
    /// Reachable schemas that declare properties, per root index (schemas without
    /// properties add nothing to a count, and most schemas are such leaves).
    private var closures: [Int32: [Int32]] = [:]
    /// `marks[i] == stamp` when schema `i` was already visited by the current closure walk;
    /// `unionMarks[i] == stamp` when it was already counted in the current union. Stamps
    /// instead of sets: no hashing, no clearing between walks.
    private var marks: [UInt32] = []
    private var unionMarks: [UInt32] = []
    private var generation: UInt32 = 0

    init(document: SpecDocument) {
        self.document = document
    }

    /// Properties counted over the union of the schemas reachable from `roots`.
    func properties(below roots: [SpecNode]) -> (total: Int, undescribed: [(name: String, node: SpecNode)]) {
        let stamp = nextGeneration()
        var total = 0
        var undescribed: [(name: String, node: SpecNode)] = []
        for root in roots {
            let rootIndex = index(of: document.resolve(root))
            for schema in closure(of: rootIndex) where unionMarks[Int(schema)] != stamp {
                unionMarks[Int(schema)] = stamp
                let own = local(schema)
                total += own.total
                undescribed.append(contentsOf: own.undescribed)
            }
        }
        return (total, undescribed)
    }

    /// A fresh stamp for `marks`/`unionMarks` (both are reset when the counter wraps).
    private func nextGeneration() -> UInt32 {
        generation &+= 1
        if generation == 0 {
            marks = Array(repeating: 0, count: marks.count)
            unionMarks = Array(repeating: 0, count: unionMarks.count)
            generation = 1
        }
        return generation
    }

    private func index(of node: SpecNode) -> Int32 {
        if let known = indexes[ObjectIdentifier(node)] { return known }
        let index = Int32(nodes.count)
        indexes[ObjectIdentifier(node)] = index
        nodes.append(node)
        locals.append(nil)
        marks.append(0)
        unionMarks.append(0)
        return index
    }

    private func closure(of root: Int32) -> [Int32] {
        if let known = closures[root] { return known }
        var order: [Int32] = []
        let stamp = nextGeneration()
        var stack = [root]
        while let next = stack.popLast() {
            guard marks[Int(next)] != stamp else { continue }
            marks[Int(next)] = stamp
            let own = local(next)
            if own.total > 0 { order.append(next) }
            stack.append(contentsOf: own.children.reversed())
        }
        closures[root] = order
        return order
    }

    private func local(_ index: Int32) -> Local {
        if let known = locals[Int(index)] { return known }
        let node = nodes[Int(index)]
        var own = Local(total: 0, undescribed: [], children: [])
        var owner: String?
        var children: [SpecNode] = []
        for property in document.resolve(node["properties"])?.members ?? [] {
            own.total += 1
            let target = document.resolve(property.node)
            if Self.isBlank(property.node["description"]), Self.isBlank(target["description"]), !describedThroughWrapper(target) {
                if owner == nil { owner = Self.label(node, document: document) }
                own.undescribed.append((owner! + "." + property.key, property.node))
            }
            children.append(target)
        }
        if let items = node["items"] {
            children.append(contentsOf: (items.array ?? [items]).map { document.resolve($0) })
        }
        for member in node["prefixItems"]?.array ?? [] { children.append(document.resolve(member)) }
        if let additional = node["additionalProperties"], additional.object != nil { children.append(document.resolve(additional)) }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for member in node[keyword]?.array ?? [] { children.append(document.resolve(member)) }
        }
        own.children = children.filter { $0.object != nil }.map { self.index(of: $0) }
        locals[Int(index)] = own
        return own
    }

    private static func isBlank(_ node: SpecNode?) -> Bool {
        (node?.string ?? "").isBlank
    }

    /// `allOf: [{$ref: X}]` with the description on `X` (a common 3.0 idiom to add siblings).
    private func describedThroughWrapper(_ node: SpecNode) -> Bool {
        guard let members = node["allOf"]?.array, members.count == 1 else { return false }
        return !Self.isBlank(document.resolve(members[0])["description"])
    }

    /// A readable name for a schema from where it sits: `Pet`, `Pet.owner`, `Pet.tags[]`,
    /// `body` for an inline body schema, the file name for a schema in another file.
    static func label(_ node: SpecNode, document: SpecDocument) -> String {
        let tokens = node.pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.contains("~") ? $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String($0)
        }
        var name: String
        var start: Int
        if let index = tokens.lastIndex(where: { $0 == "schemas" || $0 == "definitions" || $0 == "$defs" }), index + 1 < tokens.count {
            name = tokens[index + 1]
            start = index + 2
        } else if let index = tokens.lastIndex(of: "schema") {
            name = "body"
            start = index + 1
        } else {
            let file = node.location.file
            name = file == document.name ? "schema" : String(file.split(separator: "/").last?.split(separator: ".").first ?? "schema")
            start = 0
        }
        var index = start
        while index < tokens.count {
            switch tokens[index] {
            case "properties" where index + 1 < tokens.count:
                name += "." + tokens[index + 1]
                index += 1
            case "items", "prefixItems": name += "[]"
            case "additionalProperties": name += "{}"
            default: break
            }
            index += 1
        }
        return name
    }
}
