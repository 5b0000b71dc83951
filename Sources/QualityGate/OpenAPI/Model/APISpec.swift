import Foundation

/// The parts of an OpenAPI document that rules read, indexed once, with Swagger 2.0 and
/// OpenAPI 3.0/3.1 brought to one shape.
///
/// Only the index is normalised (operations, parameters, bodies, responses, media types);
/// schemas stay raw nodes read through `Schema`, which canonicalises the dialect
/// differences (nullable spellings, exclusive bounds, type arrays) at the point of reading.
/// That keeps loading cheap (no copy of the tree) and every finding pointing at the user's
/// own lines. A class: every `Schema` view points back at its spec, and copying a struct of
/// arrays there cost a third of a big diff in reference counting.
public final class APISpec: Sendable {
    public enum Dialect: String, Sendable, Hashable, Codable {
        case swagger2 = "2.0"
        case openapi30 = "3.0"
        case openapi31 = "3.1"
    }

    public let document: SpecDocument
    public let dialect: Dialect
    /// The `openapi` / `swagger` field as written.
    public let versionText: String
    /// Operations in path order, then method order.
    public let operations: [APIOperation]
    /// OpenAPI 3.1 webhooks, as operations whose `path` is the webhook name.
    public let webhooks: [APIOperation]
    /// `components.schemas` (3.x) or `definitions` (2.0), by name.
    public let schemas: [(name: String, node: SpecNode)]
    /// Security schemes by name.
    public let securitySchemes: [(name: String, node: SpecNode)]
    /// Warnings found while indexing (duplicate operation ids, endpoints that collide once
    /// path-parameter names are ignored, mixed dialect).
    public let warnings: [Diagnostic]

    public var root: SpecNode { document.root }
    public var info: SpecNode? { document.root["info"] }

    /// `info.version`, as text.
    public var apiVersion: String? { info?["version"]?.displayText }

    public init(_ document: SpecDocument) throws(SpecError) {
        self.document = document
        let root = document.root
        if let swagger = root["swagger"] {
            versionText = swagger.displayText
            guard versionText.hasPrefix("2") else {
                throw .notASpec(file: document.name, reason: "unsupported swagger version '\(versionText)' (2.0 expected)")
            }
            dialect = .swagger2
        } else if let openapi = root["openapi"] {
            versionText = openapi.displayText
            if versionText.hasPrefix("3.0") {
                dialect = .openapi30
            } else if versionText.hasPrefix("3.") {
                dialect = .openapi31
            } else {
                throw .notASpec(file: document.name, reason: "unsupported openapi version '\(versionText)' (3.0 or 3.1 expected)")
            }
        } else {
            throw .notASpec(file: document.name, reason: "no 'openapi' or 'swagger' field")
        }
        var warnings = document.warnings
        warnings.append(contentsOf: Self.dialectWarnings(document.dialectMarks, dialect: dialect, version: versionText))
        var builder = OperationIndexBuilder(document: document, dialect: dialect)
        var operations: [APIOperation] = []
        if let paths = document.resolve(root["paths"]), let members = paths.object?.entries {
            for entry in members where entry.key.hasPrefix("/") {
                operations.append(contentsOf: builder.operations(path: entry.key, pathItem: document.resolve(entry.node)))
            }
        }
        var webhooks: [APIOperation] = []
        if let hooks = root["webhooks"]?.object?.entries {
            for entry in hooks {
                webhooks.append(contentsOf: builder.operations(path: entry.key, pathItem: document.resolve(entry.node)))
            }
        }
        warnings.append(contentsOf: builder.warnings)
        // Endpoints that collide once parameter names are erased (`/a/{id}` and `/a/{key}`).
        var seen: [String: APIOperation] = [:]
        for operation in operations {
            if let other = seen[operation.key], other.path != operation.path {
                warnings.append(Diagnostic(.warning, code: "openapi.duplicate-endpoint",
                    "\(operation.method.uppercased()) \(operation.path) and \(other.path) are the same endpoint once path-parameter names are ignored",
                    file: operation.node.location.file, line: Int(operation.node.location.line), column: Int(operation.node.location.column)))
            } else {
                seen[operation.key] = operation
            }
        }
        var operationIds: [String: APIOperation] = [:]
        for operation in operations {
            guard let id = operation.operationId else { continue }
            if let other = operationIds[id] {
                warnings.append(Diagnostic(.warning, code: "openapi.duplicate-operation-id",
                    "operationId '\(id)' is used by both \(other.displayName) and \(operation.displayName)",
                    file: operation.node.location.file, line: Int(operation.node.location.line), column: Int(operation.node.location.column)))
            } else {
                operationIds[id] = operation
            }
        }
        self.operations = operations
        self.webhooks = webhooks
        let schemaContainer = dialect == .swagger2 ? root["definitions"] : root["components"]?["schemas"]
        schemas = (document.resolve(schemaContainer)?.members ?? []).map { ($0.key, $0.node) }
        let schemeContainer = dialect == .swagger2 ? root["securityDefinitions"] : root["components"]?["securitySchemes"]
        securitySchemes = (document.resolve(schemeContainer)?.members ?? []).map { ($0.key, document.resolve($0.node)) }
        self.warnings = warnings
    }

    /// One warning per schema form that belongs to the other dialect (OpenAI's "3.1.0" spec
    /// still writes `nullable: true` and boolean `exclusiveMinimum`): `Schema` reads both
    /// forms, so the document is compared as meant, and the author learns what to fix.
    static func dialectWarnings(_ marks: DialectMarks, dialect: Dialect, version: String) -> [Diagnostic] {
        let foreign: [(DialectMarks.Form, String)]
        switch dialect {
        case .openapi31:
            foreign = [
                (.nullable, "the 3.0 keyword 'nullable' (3.1 writes type: [T, \"null\"])"),
                (.booleanExclusiveBound, "3.0 boolean exclusiveMinimum/exclusiveMaximum (3.1 makes them numbers)"),
            ]
        case .openapi30, .swagger2:
            foreign = [
                (.typeList, "3.1 type lists (type: [..])"),
                (.numericExclusiveBound, "3.1 numeric exclusiveMinimum/exclusiveMaximum (\(version) makes them booleans)"),
                (.const, "the 3.1 keyword 'const'"),
                (.examplesList, "3.1 schema 'examples' lists"),
            ]
        }
        var warnings: [Diagnostic] = []
        for (form, text) in foreign {
            guard let count = marks.counts[form], count > 0, let first = marks.first[form] else { continue }
            let location = first.location
            warnings.append(Diagnostic(.warning, code: "openapi.mixed-dialect",
                "OpenAPI \(version) document uses \(text) \(count) time\(count == 1 ? "" : "s"), first at \(first.pointer); read as intended",
                file: location.file, line: location.line > 0 ? Int(location.line) : nil,
                column: location.line > 0 ? Int(location.column) : nil))
        }
        return warnings
    }

    /// Loads and indexes several specs (command-line arguments: paths or `git:REF:PATH`) at
    /// the same time, one thread each: a diff's two big specs load in the time of the bigger
    /// one on a multi-core CI runner. Results are in argument order.
    public static func load(_ arguments: [String], loader: SpecLoader = SpecLoader()) -> [Result<APISpec, SpecError>] {
        let results = ResultSlots<APISpec>(count: arguments.count)
        DispatchQueue.concurrentPerform(iterations: arguments.count) { index in
            results.set(index, Result { () throws(SpecError) in try APISpec(loader.load(argument: arguments[index])) })
        }
        return results.values
    }

    /// The node `node` stands for in this document (`SpecDocument.resolve`), for the many
    /// callers that hold the spec.
    public func resolve(_ node: SpecNode) -> SpecNode {
        document.resolve(node)
    }

    public func resolve(_ node: SpecNode?) -> SpecNode? {
        document.resolve(node)
    }

    /// The target of `node` when it is a reference of this document; `nil` otherwise.
    func resolveIfKnown(_ node: SpecNode) -> SpecNode? {
        document.resolveIfKnown(node)
    }

    /// A `Schema` view of `node` in this document.
    public func schema(_ node: SpecNode) -> Schema {
        Schema(document.resolve(node), in: self)
    }

    /// The operation with this method and path template.
    public func operation(method: String, path: String) -> APIOperation? {
        let method = method.lowercased()
        return operations.first { $0.method == method && $0.path == path }
    }
}

/// Results written by concurrent workers, one slot each.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, SpecError>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<Value, SpecError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [Result<Value, SpecError>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(.unreadable(file: "", reason: "not loaded")) }
    }
}

/// HTTP methods in the order OpenAPI lists them; the order of output.
public enum HTTPMethod {
    public static let all = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]

    static func rank(_ method: String) -> Int {
        all.firstIndex(of: method) ?? all.count
    }
}
