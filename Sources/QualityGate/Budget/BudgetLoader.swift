import Foundation

/// Reads `budgets/*.json` into a `BudgetSet`, refusing anything it cannot read exactly.
///
/// Parsed with the project's JSON tree parser, so every error names the file, the JSON
/// pointer and the line and column of the offending value. Unknown members are errors with a
/// "did you mean" (a misspelt `critcal` must not silently turn a budget off), as in qgate.yml.
/// The format is described, member by member, in `schemas/perf-budget.schema.json`.
public struct BudgetLoader: Sendable {
    /// Largest budget file read (bytes): budgets are written by hand.
    public var maxFileBytes = 8 << 20

    public init() {}

    /// Every `*.json` file directly in `directory` (`budgets/`), in name order.
    public func load(directory: String) throws(BudgetError) -> BudgetSet {
        try load(files: files(in: directory))
    }

    /// The `*.json` files directly in `directory`, in name order.
    public func files(in directory: String) throws(BudgetError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder)
            throw .unreadable(file: directory, reason: !exists ? "no such folder" : isFolder.boolValue ? "permission denied" : "not a folder")
        }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The budgets and waivers of several files together: ids are unique across all of them,
    /// and a waiver may name a budget of another file.
    public func load(files: [String]) throws(BudgetError) -> BudgetSet {
        var documents: [(file: String, root: SpecNode)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .unreadable(file: file, reason: FileManager.default.fileExists(atPath: file) ? "permission denied or not a file" : "no such file")
            }
            guard data.count <= maxFileBytes else {
                throw .unreadable(file: file, reason: "larger than \(maxFileBytes >> 20) MB; budget files are written by hand")
            }
            documents.append((file, try Self.tree(data, file: file)))
        }
        return try Self.assemble(documents)
    }

    /// One budget file's text (tests, stdin).
    public func parse(_ text: String, file: String) throws(BudgetError) -> BudgetSet {
        try Self.assemble([(file, try Self.tree(Data(text.utf8), file: file))])
    }

    /// Reads each document, then checks what spans files: unique ids, waivers naming a budget.
    static func assemble(_ documents: [(file: String, root: SpecNode)]) throws(BudgetError) -> BudgetSet {
        var set = BudgetSet(budgets: [], waivers: [], files: documents.map(\.file))
        var pending: [(waiver: BudgetWaiver, node: SpecNode, file: String)] = []
        var seen: [String: SpecLocation] = [:]
        for document in documents {
            let (budgets, waivers) = try FileReader(file: document.file).read(document.root)
            for (budget, node) in budgets {
                if let first = seen[budget.id] {
                    throw .duplicateID(id: budget.id, file: document.file, pointer: node.pointer, line: Int(node.location.line),
                        column: Int(node.location.column), first: first.description)
                }
                seen[budget.id] = budget.location
                set.budgets.append(budget)
            }
            pending += waivers.map { ($0.0, $0.1, document.file) }
        }
        for (waiver, node, file) in pending {
            guard seen[waiver.budget] != nil else {
                let hint = Spelling.suggest(waiver.budget, from: set.budgets.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                throw .invalid(file: file, pointer: node.pointer, line: Int(node.location.line), column: Int(node.location.column),
                    reason: "waiver for budget '\(waiver.budget)', which no loaded budget file defines\(hint)")
            }
            set.waivers.append(waiver)
        }
        return set
    }

    static func tree(_ data: Data, file: String) throws(BudgetError) -> SpecNode {
        let result = data.withUnsafeBytes { raw -> Result<SpecNode, SpecError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Result { () throws(SpecError) -> SpecNode in try JSONTreeParser.parse(bytes, file: file, limits: SpecLimits()) }
        }
        switch result {
        case .success(let root): return root
        case .failure(.syntax(let file, let line, let column, _, let reason)):
            throw .syntax(file: file, line: line, column: column, reason: reason)
        case .failure(.refused(let file, let line, let column, let reason)):
            throw .syntax(file: file, line: line, column: column, reason: reason)
        case .failure(let other):
            throw .unreadable(file: file, reason: other.diagnostic.message)
        }
    }
}

/// Reads the members of one parsed budget file.
private struct FileReader {
    let file: String

    static let topKeys = ["$schema", "version", "description", "budgets", "waivers"]
    static let budgetKeys = [
        "id", "description", "endpoint", "resource", "metric", "statistic", "unit", "direction", "warning", "critical", "severity",
    ]
    static let waiverKeys = ["budget", "reason", "expires", "ticket"]
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]

    func fail(_ node: SpecNode, _ reason: String) -> BudgetError {
        .invalid(file: file, pointer: node.pointer, line: Int(node.location.line), column: Int(node.location.column), reason: reason)
    }

    func object(_ node: SpecNode, what: String, keys: [String]) throws(BudgetError) -> SpecObject {
        guard let object = node.object else { throw fail(node, "\(what) must be an object, found \(node.displayText)") }
        for entry in object.entries where !keys.contains(entry.key) {
            let hint = Spelling.suggest(entry.key, from: keys).map { "; did you mean '\($0)'?" } ?? ""
            throw fail(entry.node, "unknown member '\(entry.key)' in \(what)\(hint)")
        }
        return object
    }

    func string(_ node: SpecNode, _ name: String) throws(BudgetError) -> String {
        guard let text = node.string else { throw fail(node, "'\(name)' must be a string, found \(node.displayText)") }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw fail(node, "'\(name)' must not be empty") }
        return trimmed
    }

    func read(_ root: SpecNode) throws(BudgetError) -> ([(Budget, SpecNode)], [(BudgetWaiver, SpecNode)]) {
        let top = try object(root, what: "a budget file", keys: Self.topKeys)
        if let version = top["version"], version.displayText != "1" {
            throw fail(version, "unsupported version \(version.displayText); only version 1 exists")
        }
        guard let list = top["budgets"] else { throw fail(root, "missing 'budgets' (a list of budgets)") }
        guard let items = list.array else { throw fail(list, "'budgets' must be a list, found \(list.displayText)") }
        var budgets: [(Budget, SpecNode)] = []
        for item in items {
            budgets.append((try budget(item), item))
        }
        var waivers: [(BudgetWaiver, SpecNode)] = []
        if let list = top["waivers"] {
            guard let items = list.array else { throw fail(list, "'waivers' must be a list, found \(list.displayText)") }
            for item in items {
                waivers.append((try waiver(item), item))
            }
        }
        return (budgets, waivers)
    }

    func waiver(_ node: SpecNode) throws(BudgetError) -> BudgetWaiver {
        let members = try object(node, what: "a waiver", keys: Self.waiverKeys)
        func required(_ name: String, _ purpose: String) throws(BudgetError) -> String {
            guard let value = members[name] else { throw fail(node, "waiver without '\(name)' (\(purpose))") }
            return try string(value, name)
        }
        let budget = try required("budget", "the id of the budget it exempts")
        let reason = try required("reason", "why the budget may be missed for now")
        let expires = try required("expires", "the last day it holds, yyyy-mm-dd")
        guard SunsetDate(expires) != nil else {
            throw fail(members["expires"]!, "'\(expires)' is not a date (yyyy-mm-dd)")
        }
        let ticket = try members["ticket"].map { (node) throws(BudgetError) in try string(node, "ticket") }
        return BudgetWaiver(budget: budget, reason: reason, expires: String(expires.prefix(10)), ticket: ticket, location: node.location)
    }

    func budget(_ node: SpecNode) throws(BudgetError) -> Budget {
        let members = try object(node, what: "a budget", keys: Self.budgetKeys)
        let selectors = ["endpoint", "resource", "metric"].filter { members[$0] != nil }
        guard selectors.count == 1 else {
            throw fail(node, selectors.isEmpty
                ? "a budget needs one of 'endpoint', 'resource' or 'metric' (what it covers)"
                : "a budget covers one thing: '\(selectors[0])' and '\(selectors[1])' together")
        }
        let selector = try self.selector(selectors[0], members[selectors[0]]!)
        guard let statisticNode = members["statistic"] else {
            throw fail(node, "missing 'statistic' (p50, p90, p95, p99, mean, max, error_rate, rate_5xx, rate_4xx, ratio, throughput, size, size_gzip, count)")
        }
        let statisticText = try string(statisticNode, "statistic")
        guard let statistic = BudgetStatistic(statisticText) else {
            let hint = Spelling.suggest(statisticText, from: BudgetStatistic.names).map { "; did you mean '\($0)'?" } ?? ""
            throw fail(statisticNode, "unknown statistic '\(statisticText)' (\(BudgetStatistic.names.joined(separator: ", ")), or pNN for any percentile)\(hint)")
        }
        var families = statistic.unitFamilies
        if case .endpoint = selector, statistic.kind == .measure { families = [.time] }

        var unit: BudgetUnit?
        if let unitNode = members["unit"] {
            let text = try string(unitNode, "unit")
            guard let parsed = BudgetUnit(text) else {
                throw fail(unitNode, "unknown unit '\(text)' (\(BudgetUnit.spellings.joined(separator: ", ")))")
            }
            try check(parsed, fits: families, statistic: statistic, at: unitNode)
            unit = parsed
        }

        var direction: Budget.Direction?
        if let directionNode = members["direction"] {
            let text = try string(directionNode, "direction").lowercased()
            switch text {
            case "lower", "lower-is-better", "lower_is_better", "smaller": direction = .lowerIsBetter
            case "higher", "higher-is-better", "higher_is_better", "bigger", "larger": direction = .higherIsBetter
            default: throw fail(directionNode, "'direction' must be \"lower\" or \"higher\" (which way is better), found '\(text)'")
            }
        }

        let warning = try members["warning"].map { (node) throws(BudgetError) in
            try limit(node, "warning", unit: unit, families: families, statistic: statistic)
        }
        let critical = try members["critical"].map { (node) throws(BudgetError) in
            try limit(node, "critical", unit: unit, families: families, statistic: statistic)
        }
        guard warning != nil || critical != nil else {
            throw fail(node, "a budget needs a 'critical' line (the budget itself, e.g. \"< 300 ms\") and/or a 'warning' line")
        }

        // Which way is better: written, implied by the comparisons, or from the statistic.
        for (name, line) in [("warning", warning), ("critical", critical)] {
            guard let line, let stated = line.stated else { continue }
            if let direction, direction != stated {
                throw fail(members[name]!, "'\(line.written)' says \(stated.rawValue) is better, but 'direction' or the other line says \(direction.rawValue)")
            }
            direction = stated
        }
        let subjectName: String =
            switch selector {
            case .endpoint(_, let route): route.description
            case .resource(let pattern), .metric(let pattern): pattern.description
            }
        guard let direction = direction ?? statistic.defaultDirection(subject: subjectName) else {
            throw fail(node, "say which way is better for '\(subjectName)' \(statistic): \"direction\": \"higher\" or \"lower\" (or write the line as \"> 80 %\")")
        }

        if let warning, let critical {
            let ordered = direction == .lowerIsBetter ? warning.value <= critical.value : warning.value >= critical.value
            guard ordered else {
                throw fail(members["warning"]!, "the warning line '\(warning.written)' lies beyond the critical line '\(critical.written)'; with \(direction.rawValue) better, the warning must be \(direction == .lowerIsBetter ? "lower" : "higher")")
            }
        }

        var severity = Severity.high
        if let severityNode = members["severity"] {
            let text = try string(severityNode, "severity").lowercased()
            guard let parsed = Severity(rawValue: text) else {
                throw fail(severityNode, "'severity' must be low, medium, high or critical, found '\(text)'")
            }
            severity = parsed
        }

        let id: String
        if let idNode = members["id"] {
            id = try string(idNode, "id")
        } else {
            id = "\(selector) \(statistic)"
        }
        let displayUnit =
            unit ?? critical?.unit ?? warning?.unit
            ?? (statistic.kind == .rate ? BudgetUnit.canonical(.percent) : statistic.kind == .throughput ? BudgetUnit.canonical(.throughput) : nil)
        let description = try members["description"].map { (node) throws(BudgetError) in try string(node, "description") }
        return Budget(
            id: id, selector: selector, statistic: statistic, direction: direction, warning: warning, critical: critical,
            unit: displayUnit, severity: severity, description: description, location: node.location)
    }

    func selector(_ kind: String, _ node: SpecNode) throws(BudgetError) -> Budget.Selector {
        let text = try string(node, kind)
        switch kind {
        case "endpoint":
            var method: String?
            var route = text
            if let space = text.firstIndex(where: \.isWhitespace) {
                let word = text[..<space].uppercased()
                guard Self.methods.contains(word) else {
                    throw fail(node, "'\(text[..<space])' is not an HTTP method; write \"GET /api/v1/app/tasks\" or just the route")
                }
                method = word
                route = String(text[space...]).trimmingWhitespace()
            }
            if route == "*" { route = "**" }
            guard route.hasPrefix("/") || route.hasPrefix("**") else {
                throw fail(node, "the route '\(route)' must start with '/' (a path template such as /api/v1/app/tasks/{id}) or be '**'")
            }
            guard !route.contains("?"), !route.contains("#") else {
                throw fail(node, "the route '\(route)' has a query string or fragment; budgets match the path only (queries are ignored when matching)")
            }
            guard route.filter({ $0 == "{" }).count == route.filter({ $0 == "}" }).count else {
                throw fail(node, "unbalanced braces in the route '\(route)'")
            }
            return .endpoint(method: method, route: RouteTemplate(route))
        case "resource":
            return .resource(PathPattern(text))
        default:
            return .metric(PathPattern(text))
        }
    }

    func check(_ unit: BudgetUnit, fits families: [BudgetUnit.Family], statistic: BudgetStatistic, at node: SpecNode) throws(BudgetError) {
        guard families.contains(unit.family) else {
            let allowed =
                families.isEmpty
                ? "a plain number"
                : families.map { family in
                    BudgetUnit.spellings.filter { BudgetUnit($0)?.family == family }.joined(separator: ", ")
                }.joined(separator: "; ")
            throw fail(node, "unit '\(unit.symbol)' does not fit the statistic \(statistic) (\(allowed))")
        }
    }

    func limit(_ node: SpecNode, _ name: String, unit: BudgetUnit?, families: [BudgetUnit.Family], statistic: BudgetStatistic) throws(BudgetError) -> BudgetLimit {
        var parsed: (stated: Budget.Direction?, inclusive: Bool, number: Double, unit: BudgetUnit?)
        let written: String
        if node.number != nil, let value = Double(node.displayText), value.isFinite {
            parsed = (nil, true, value, nil)
            written = node.displayText + (unit.map { $0.family == .percent ? " %" : " \($0.symbol)" } ?? "")
        } else if let text = node.string {
            do {
                parsed = try BudgetLimit.parse(text)
            } catch {
                switch error {
                case .noNumber:
                    throw fail(node, "'\(name)' must be a number with an optional comparison and unit, such as \"< 300 ms\" or \"0.1 %\"; found '\(text)'")
                case .unknownUnit(let unitText):
                    throw fail(node, "unknown unit '\(unitText)' in '\(text)' (\(BudgetUnit.spellings.joined(separator: ", ")))")
                }
            }
            written = text.trimmingWhitespace()
        } else {
            throw fail(node, "'\(name)' must be a number or a string such as \"< 300 ms\", found \(node.displayText)")
        }
        let lineUnit = parsed.unit ?? unit
        if let lineUnit {
            try check(lineUnit, fits: families, statistic: statistic, at: node)
        } else if statistic.needsUnit {
            throw fail(node, "the \(name) line '\(written)' has no unit; write it as \"\(written) \(families.first == .size ? "KB" : "ms")\" or set \"unit\"")
        }
        guard parsed.number >= 0 else { throw fail(node, "the \(name) line '\(written)' is negative") }
        let value = lineUnit?.canonical(parsed.number) ?? parsed.number
        if statistic.kind == .rate {
            if lineUnit == nil, value > 1 {
                throw fail(node, "the \(name) line '\(written)' is a rate above 1; write a percentage (\"\(written) %\") or a fraction 0…1")
            }
            guard value <= 1 + 1e-12 else { throw fail(node, "the \(name) line '\(written)' is a rate above 100 %") }
        }
        return BudgetLimit(value: value, inclusive: parsed.inclusive, stated: parsed.stated, unit: lineUnit, written: written)
    }
}
