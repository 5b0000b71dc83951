/// oasdiff's `x-stability-level` policy: endpoints declare `draft`, `alpha`, `beta` or
/// `stable` (absent = stable); those below the threshold (`DiffOptions.stabilityLevel`,
/// default `beta`) may change freely, so the checks do not see them, while a change of the
/// level itself, and an unreadable level, is always reported.
struct StabilityPolicy: Sendable {
    enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case draft = 1, alpha, beta, stable

        init?(name: String) {
            switch name {
            case "draft": self = .draft
            case "alpha": self = .alpha
            case "beta": self = .beta
            case "stable": self = .stable
            default: return nil
            }
        }

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        var description: String {
            switch self {
            case .draft: "draft"
            case .alpha: "alpha"
            case .beta: "beta"
            case .stable: "stable"
            }
        }
    }

    /// What an `x-stability-level` member says.
    enum Reading: Sendable {
        case absent
        case level(Level)
        case invalid(String)

        /// The level, absent counting as stable; `nil` when unreadable.
        var effective: Level? {
            switch self {
            case .absent: .stable
            case .level(let level): level
            case .invalid: nil
            }
        }

        var isInvalid: Bool {
            if case .invalid = self { return true }
            return false
        }
    }

    let threshold: Level

    init(_ options: DiffOptions) {
        threshold = options.stabilityLevel.flatMap { Level(name: $0.lowercased()) } ?? .beta
    }

    static func read(_ holder: SpecNode?) -> Reading {
        guard let node = holder?["x-stability-level"] else { return .absent }
        guard let text = node.string else {
            return .invalid("x-stability-level must be a string, found \(node.displayText)")
        }
        guard let level = Level(name: text) else {
            return .invalid("x-stability-level '\(text)' is not one of draft, alpha, beta or stable")
        }
        return .level(level)
    }

    func includes(_ reading: Reading) -> Bool {
        guard let level = reading.effective else { return false }
        return level >= threshold
    }

    /// A matched operation stays unless its revision is below the threshold (an unreadable
    /// level keeps it: the invalid level is reported and the checks still run).
    func keeps(_ pair: OperationPair) -> Bool {
        let reading = Self.read(pair.revision.node)
        return reading.isInvalid || includes(reading)
    }

    /// A removed operation counts only when its base level is readable and in scope.
    func keepsRemoved(_ operation: APIOperation) -> Bool {
        includes(Self.read(operation.node))
    }

    /// Minimum days between deprecation and sunset for an operation of this stability:
    /// none for draft/alpha, the beta or stable policy otherwise.
    static func deprecationDays(_ reading: Reading, _ options: DiffOptions) -> Int {
        switch reading.effective {
        case .draft?, .alpha?: 0
        case .beta?: options.deprecationDaysBeta
        default: options.deprecationDaysStable
        }
    }
}

extension EndpointChecks {
    /// The stability policy's own findings (oasdiff's rules without a check group): an
    /// unreadable `x-stability-level`, and an endpoint or body/response property whose level
    /// moved. Runs whatever groups are selected, as in oasdiff.
    static let stabilityPolicy = CheckGroup("StabilityLevelPolicy", runsAlways: true) { context in
        let policy = StabilityPolicy(context.options)
        var result: [SpecChange] = []
        func invalid(_ operation: APIOperation, _ reason: String, base: Bool) {
            let node = operation.node["x-stability-level"] ?? operation.node
            result.append(context.change("api-invalid-stability-level", operation,
                "invalid x-stability-level: \(reason)", base: base ? node : nil, revision: base ? nil : node))
        }
        for pair in context.unfilteredPairs where context.isModified(pair) {
            let baseReading = StabilityPolicy.read(pair.base.node)
            let revisionReading = StabilityPolicy.read(pair.revision.node)
            if case .invalid(let reason) = baseReading { invalid(pair.base, reason, base: true) }
            if case .invalid(let reason) = revisionReading { invalid(pair.revision, reason, base: false) }
            guard let from = baseReading.effective, let to = revisionReading.effective, from != to,
                policy.includes(baseReading)
            else { continue }
            let id = to < from ? "api-stability-decreased" : "api-stability-increased"
            let verb = to < from ? "decreased" : "increased"
            result.append(context.change(id, pair, "endpoint stability level \(verb) from \(from) to \(to)",
                base: pair.base.node["x-stability-level"] ?? pair.base.node,
                revision: pair.revision.node["x-stability-level"] ?? pair.revision.node))
        }
        for operation in context.unfilteredRemoved {
            if case .invalid(let reason) = StabilityPolicy.read(operation.node) { invalid(operation, reason, base: true) }
        }
        // Only when some `x-stability-level` sits on a schema is the property walk worth its cost.
        if context.base.document.holdsSchemaStabilityLevel || context.revision.document.holdsSchemaStabilityLevel {
            for pair in context.modifiedPairs where policy.keeps(pair) {
                result.append(contentsOf: propertyStabilityChanges(context, pair, policy))
            }
        }
        return result
    }

    /// `x-stability-level` moves on request and response body properties.
    private static func propertyStabilityChanges(_ context: DiffContext, _ pair: OperationPair, _ policy: StabilityPolicy)
        -> [SpecChange]
    {
        var result: [SpecChange] = []
        func visit(_ base: APIMediaType, _ revision: APIMediaType, request: Bool, where place: String) {
            guard let baseRaw = base.schema, let revisionRaw = revision.schema,
                !context.isEquivalent(baseRaw, revisionRaw)
            else { return }
            let properties = context.modifiedProperties(context.base.schema(baseRaw), context.revision.schema(revisionRaw))
            for property in properties where !property.name.isEmpty {
                let baseLevel = property.base.node["x-stability-level"]
                let revisionLevel = property.revision.node["x-stability-level"]
                if baseLevel == nil && revisionLevel == nil { continue }
                if let baseLevel, let revisionLevel, baseLevel.isEqual(to: revisionLevel) { continue }
                let baseReading = StabilityPolicy.read(property.base.node)
                let revisionReading = StabilityPolicy.read(property.revision.node)
                if case .invalid(let reason) = baseReading {
                    result.append(context.change("api-invalid-stability-level", pair.revision,
                        "invalid x-stability-level of property '\(property.fullName)' \(place): \(reason)",
                        base: property.base.node))
                    continue
                }
                if case .invalid(let reason) = revisionReading {
                    result.append(context.change("api-invalid-stability-level", pair.revision,
                        "invalid x-stability-level of property '\(property.fullName)' \(place): \(reason)",
                        revision: property.revision.node))
                    continue
                }
                guard let from = baseReading.effective, let to = revisionReading.effective, from != to,
                    policy.includes(baseReading)
                else { continue }
                let side = request ? "request" : "response"
                let verb = to < from ? "decreased" : "increased"
                result.append(context.change("\(side)-property-stability-\(verb)", pair,
                    "\(side) property '\(property.fullName)' \(place) stability level \(verb) from \(from) to \(to)",
                    base: property.base.node, revision: property.revision.node))
            }
        }
        if let baseBody = pair.base.requestBody, let revisionBody = pair.revision.requestBody {
            for (base, revision) in BodyResponseChecks.pairMediaTypes(baseBody.content, revisionBody.content).matched {
                visit(base, revision, request: true, where: "of the request body '\(revision.name)'")
            }
        }
        for response in pair.base.responses {
            guard let revisionResponse = pair.revision.response(response.status) else { continue }
            for (base, revision) in BodyResponseChecks.pairMediaTypes(response.content, revisionResponse.content).matched {
                visit(base, revision, request: false,
                    where: "of the '\(revision.name)' response with status \(response.status)")
            }
        }
        return result
    }
}
