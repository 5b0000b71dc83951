/// Finds the components nothing uses.
///
/// Reachability, not mere mention: the walk starts from everything outside the component
/// sections (paths, webhooks, top-level security…), follows each `$ref` one hop at a time (so
/// every link of a chain is used) and every discriminator `mapping`, and walks each component
/// it reaches. A schema referenced only by another unused schema, or only by itself, is
/// therefore unused. Security schemes are used by name from the document's and the
/// operations' security requirements. `$ref`s are found exactly as the loader finds them
/// (`SpecLoader.collectReferences`: none inside `x-` extensions or literal values).
struct ComponentUsage {
    let spec: APISpec

    private var document: SpecDocument { spec.document }

    /// (kind as reported, container node) for the component sections of the entry file.
    private func containers() -> [(kind: String, node: SpecNode)] {
        let root = document.root
        var result: [(String, SpecNode)] = []
        if spec.dialect == .swagger2 {
            for (key, kind) in [("definitions", "schemas"), ("parameters", "parameters"), ("responses", "responses"),
                ("securityDefinitions", "securitySchemes")]
            {
                if let node = root[key], node.object != nil { result.append((kind, node)) }
            }
        } else if let components = root["components"] {
            for kind in ["schemas", "parameters", "responses", "requestBodies", "examples", "headers", "securitySchemes"] {
                if let node = components[kind], node.object != nil { result.append((kind, node)) }
            }
        }
        return result
    }

    func unused() -> [UnusedComponent] {
        let containers = containers()
        guard !containers.isEmpty else { return [] }
        var kindOfContainer: [ObjectIdentifier: String] = [:]
        for container in containers { kindOfContainer[ObjectIdentifier(container.node)] = container.kind }
        let skippedRootKeys: Set<String> =
            spec.dialect == .swagger2 ? ["definitions", "parameters", "responses", "securityDefinitions"] : ["components"]

        var used: Set<String> = []
        var visited: Set<ObjectIdentifier> = []
        var pending: [SpecNode] = []

        /// Marks the component that holds `target` (climbing to its container) as used.
        func reach(_ target: SpecNode) {
            var node = target
            while let parent = node.parent {
                if let kind = kindOfContainer[ObjectIdentifier(parent)], case .member(let name)? = node.key {
                    used.insert(kind + "/" + name)
                    break
                }
                node = parent
            }
            if !visited.contains(ObjectIdentifier(target)) { pending.append(target) }
        }

        /// One-hop targets by file and `$ref` text: a spec repeats the same few thousand
        /// references tens of thousands of times.
        var hops: [String: SpecNode?] = [:]
        func hop(_ reference: SpecNode) -> SpecNode? {
            let key = reference.location.file + "\u{0}" + (reference.reference ?? "")
            if let known = hops[key] { return known }
            let target = oneHop(reference)
            hops[key] = target
            return target
        }

        func walk(_ node: SpecNode, keysAreNames: Bool) {
            guard visited.insert(ObjectIdentifier(node)).inserted else { return }
            var references: [SpecNode] = []
            SpecLoader.collectReferences(node, into: &references, keysAreNames: keysAreNames)
            for reference in references {
                if let target = hop(reference) { reach(target) }
            }
            for target in discriminatorTargets(node) { reach(target) }
        }

        for entry in document.root.members where !skippedRootKeys.contains(entry.key) {
            walk(entry.node, keysAreNames: SpecLoader.isNamedMap(entry.key))
        }
        while let next = pending.popLast() {
            walk(next, keysAreNames: false)
        }
        for requirement in [document.root["security"]] + (spec.operations + spec.webhooks).map({ $0.node["security"] }) {
            for entry in requirement?.array ?? [] {
                for scheme in entry.members { used.insert("securitySchemes/" + scheme.key) }
            }
        }

        var result: [UnusedComponent] = []
        for container in containers {
            for entry in container.node.members where !used.contains(container.kind + "/" + entry.key) {
                result.append(UnusedComponent(kind: container.kind, name: entry.key, position: SpecPosition(entry.node)))
            }
        }
        return result
    }

    /// Schemas named by discriminator `mapping`s anywhere below `node`.
    private func discriminatorTargets(_ node: SpecNode) -> [SpecNode] {
        var found: [SpecNode] = []
        var stack = [node]
        while let next = stack.popLast() {
            switch next.value {
            case .object(let object):
                for mapping in object["discriminator"]?["mapping"]?.members ?? [] {
                    if let text = mapping.node.string, let target = mappingTarget(text) { found.append(target) }
                }
                stack.append(contentsOf: object.entries.map(\.node))
            case .array(let items):
                stack.append(contentsOf: items)
            default:
                break
            }
        }
        return found
    }

    /// The node a `$ref` names, one hop only (so a chain marks each link).
    private func oneHop(_ node: SpecNode) -> SpecNode? {
        guard let text = node.reference else { return nil }
        if text.hasPrefix("#"), let fileRoot = document.files[node.location.file] {
            return SpecLoader.evaluate(pointer: String(text.dropFirst()), in: fileRoot) ?? document.resolveIfKnown(node)
        }
        return document.resolveIfKnown(node)
    }

    /// A discriminator mapping value: a `#/…` pointer into the entry file, or a schema name.
    private func mappingTarget(_ text: String) -> SpecNode? {
        if text.hasPrefix("#") { return SpecLoader.evaluate(pointer: String(text.dropFirst()), in: document.root) }
        if text.contains("/") || text.contains(".") { return nil }
        return spec.schemas.first { $0.name == text }?.node
    }
}
