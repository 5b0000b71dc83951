/// Request body and response rules that are not about schema structure: bodies added,
/// removed or made required, media types added/removed/renamed, schemas appearing on a
/// media type, response statuses and response headers (oasdiff's `check_request_body_*`,
/// `check_added_required_request_body`, `check_media_type_schema_existence`,
/// `check_response_*status*`, `check_response_mediatype_*`, `check_response_header_*`).
enum BodyResponseChecks {
    static let groups: [CheckGroup] =
        [requestBodyAdded, requestBodyRemoved, requestBodyRequiredUpdated, requestBodyMediaTypeChanged, mediaTypeSchemaExistence,
            successStatusUpdated, nonSuccessStatusUpdated, responseMediaTypeUpdated, responseMediaTypeNameUpdated]
        + headerGroups

    // MARK: Media type pairing

    /// A parsed media type name: `application/problem+json; charset=utf-8`.
    struct MediaTypeName: Sendable, Equatable {
        var type: String
        var subtype: String
        var suffixes: [String]

        init?(_ text: String) {
            let essence = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let type = parts[0].trimmingWhitespace().lowercased()
            let subtypeParts = parts[1].split(separator: "+", omittingEmptySubsequences: false).map {
                $0.trimmingWhitespace().lowercased()
            }
            guard !type.isEmpty, let subtype = subtypeParts.first, !subtype.isEmpty, !subtypeParts.dropFirst().contains("")
            else { return nil }
            self.type = type
            self.subtype = subtype
            suffixes = Array(subtypeParts.dropFirst())
        }

        /// `other` can be used where `self` was expected: the same type, and either a
        /// structured-suffix refinement (`json` → `problem+json`) or the same subtype with
        /// more suffixes; parameters do not matter.
        func contains(_ other: MediaTypeName) -> Bool {
            guard type == other.type else { return false }
            if suffixes.isEmpty, other.suffixes.last == subtype { return true }
            guard subtype == other.subtype, other.suffixes.count >= suffixes.count else { return false }
            return Array(other.suffixes.prefix(suffixes.count)) == suffixes
        }
    }

    /// True when `to` is a specialisation of `from` (`application/json` →
    /// `application/problem+json`).
    static func mediaTypeContains(_ from: String, _ to: String) -> Bool {
        guard let a = MediaTypeName(from), let b = MediaTypeName(to) else { return false }
        return a.contains(b)
    }

    /// Pairs two `content` maps as oasdiff does: equal names first, then each added name with
    /// an unpaired removed one that is related by containment (a renamed media type).
    static func pairMediaTypes(_ base: [APIMediaType], _ revision: [APIMediaType])
        -> (matched: [(APIMediaType, APIMediaType)], added: [APIMediaType], removed: [APIMediaType])
    {
        var matched: [(APIMediaType, APIMediaType)] = []
        var removed: [APIMediaType] = []
        for media in base {
            if let other = revision.first(where: { $0.name == media.name }) {
                matched.append((media, other))
            } else {
                removed.append(media)
            }
        }
        var added: [APIMediaType] = []
        for media in revision where !base.contains(where: { $0.name == media.name }) {
            if let index = removed.firstIndex(where: { mediaTypeContains($0.name, media.name) || mediaTypeContains(media.name, $0.name) }) {
                matched.append((removed.remove(at: index), media))
            } else {
                added.append(media)
            }
        }
        return (matched, added, removed)
    }

    // MARK: Request body

    static let requestBodyAdded = CheckGroup("AddedRequestBodyCheck") { context in
        context.modifiedPairs.compactMap { pair in
            guard pair.base.requestBody == nil, let body = pair.revision.requestBody else { return nil }
            return context.change(body.isRequired ? "request-body-added-required" : "request-body-added-optional", pair,
                "added \(body.isRequired ? "required" : "optional") request body", base: pair.base.node, revision: body.node)
        }
    }

    static let requestBodyRemoved = CheckGroup("RequestBodyRemovedCheck") { context in
        context.modifiedPairs.compactMap { pair in
            guard let body = pair.base.requestBody, pair.revision.requestBody == nil else { return nil }
            return context.change("request-body-removed", pair, "removed the request body", base: body.node, revision: pair.revision.node)
        }
    }

    static let requestBodyRequiredUpdated = CheckGroup("RequestBodyRequiredUpdatedCheck") { context in
        context.modifiedPairs.compactMap { pair in
            guard let base = pair.base.requestBody, let revision = pair.revision.requestBody, base.isRequired != revision.isRequired
            else { return nil }
            return context.change(revision.isRequired ? "request-body-became-required" : "request-body-became-optional", pair,
                "request body became \(revision.isRequired ? "required" : "optional")",
                base: base.node["required"] ?? base.node, revision: revision.node["required"] ?? revision.node)
        }
    }

    static let requestBodyMediaTypeChanged = CheckGroup("RequestBodyMediaTypeChangedCheck") { context in
        var result: [SpecChange] = []
        for pair in context.modifiedPairs {
            guard let base = pair.base.requestBody, let revision = pair.revision.requestBody else { continue }
            let media = pairMediaTypes(base.content, revision.content)
            for added in media.added {
                result.append(context.change("request-body-media-type-added", pair,
                    "added the media type '\(added.name)' to the request body", base: base.node, revision: added.node ?? revision.node))
            }
            for removed in media.removed {
                result.append(context.change("request-body-media-type-removed", pair,
                    "removed the media type '\(removed.name)' from the request body", base: removed.node ?? base.node,
                    revision: revision.node))
            }
        }
        return result
    }

    /// A schema appearing on (or vanishing from) a media type that stays: a request body
    /// that accepted anything now has a shape (breaking); a typed response is no longer
    /// promised (warning).
    static let mediaTypeSchemaExistence = CheckGroup("MediaTypeSchemaExistenceCheck") { context in
        var result: [SpecChange] = []
        for pair in context.modifiedPairs {
            if let base = pair.base.requestBody, let revision = pair.revision.requestBody {
                for (from, to) in pairMediaTypes(base.content, revision.content).matched {
                    if from.schema == nil, let schema = to.schema {
                        result.append(context.change("request-body-media-type-schema-added", pair,
                            "added a schema to the media type '\(to.name)' of the request body", base: from.node, revision: schema))
                    } else if let schema = from.schema, to.schema == nil {
                        result.append(context.change("request-body-media-type-schema-removed", pair,
                            "removed the schema from the media type '\(to.name)' of the request body", base: schema, revision: to.node))
                    }
                }
            }
            for (baseResponse, revisionResponse) in responsePairs(pair) {
                for (from, to) in pairMediaTypes(baseResponse.content, revisionResponse.content).matched {
                    if from.schema == nil, let schema = to.schema {
                        result.append(context.change("response-body-media-type-schema-added", pair,
                            "added a schema to the media type '\(to.name)' for the response with the status \(revisionResponse.status)",
                            base: from.node, revision: schema))
                    } else if let schema = from.schema, to.schema == nil {
                        result.append(context.change("response-body-media-type-schema-removed", pair,
                            "removed the schema from the media type '\(to.name)' for the response with the status \(revisionResponse.status)",
                            base: schema, revision: to.node))
                    }
                }
            }
        }
        return result
    }

    // MARK: Responses

    /// Responses present in both versions, by status.
    static func responsePairs(_ pair: OperationPair) -> [(APIResponse, APIResponse)] {
        pair.base.responses.compactMap { response in pair.revision.response(response.status).map { (response, $0) } }
    }

    static let successStatusUpdated = statusUpdated("ResponseSuccessStatusUpdatedCheck", success: true)
    static let nonSuccessStatusUpdated = statusUpdated("ResponseNonSuccessStatusUpdatedCheck", success: false)

    /// Numeric statuses added or removed (ranges like `2XX` and `default` are not judged).
    private static func statusUpdated(_ name: String, success: Bool) -> CheckGroup {
        CheckGroup(name) { context in
            let kind = success ? "success" : "non-success"
            func selected(_ response: APIResponse) -> Bool {
                guard let status = Int(response.status) else { return false }
                return (200...299).contains(status) == success
            }
            var result: [SpecChange] = []
            for pair in context.modifiedPairs {
                for response in pair.base.responses where selected(response) && pair.revision.response(response.status) == nil {
                    result.append(context.change("response-\(kind)-status-removed", pair,
                        "removed the \(kind) response with the status \(response.status)", base: response.node,
                        revision: pair.revision.node["responses"] ?? pair.revision.node))
                }
                for response in pair.revision.responses where selected(response) && pair.base.response(response.status) == nil {
                    result.append(context.change("response-\(kind)-status-added", pair,
                        "added the \(kind) response with the status \(response.status)",
                        base: pair.base.node["responses"] ?? pair.base.node, revision: response.node))
                }
            }
            return result
        }
    }

    static let responseMediaTypeUpdated = CheckGroup("ResponseMediaTypeUpdatedCheck") { context in
        var result: [SpecChange] = []
        for pair in context.modifiedPairs {
            for (base, revision) in responsePairs(pair) {
                let media = pairMediaTypes(base.content, revision.content)
                for removed in media.removed {
                    result.append(context.change("response-media-type-removed", pair,
                        "removed the media type '\(removed.name)' for the response with the status \(base.status)",
                        base: removed.node ?? base.node, revision: revision.node))
                }
                for added in media.added {
                    result.append(context.change("response-media-type-added", pair,
                        "added the media type '\(added.name)' for the response with the status \(base.status)",
                        base: base.node, revision: added.node ?? revision.node))
                }
            }
        }
        return result
    }

    /// A response media type renamed to a related one: more specific is safe, more general
    /// or merely different (parameters) is not.
    static let responseMediaTypeNameUpdated = CheckGroup("ResponseMediaTypeNameUpdatedCheck") { context in
        var result: [SpecChange] = []
        for pair in context.modifiedPairs {
            for (base, revision) in responsePairs(pair) {
                for (from, to) in pairMediaTypes(base.content, revision.content).matched where from.name != to.name {
                    let sameEssence = MediaTypeName(from.name) == MediaTypeName(to.name)
                    let (id, text) =
                        sameEssence
                        ? ("response-media-type-name-changed", "was changed to")
                        : mediaTypeContains(from.name, to.name)
                            ? ("response-media-type-name-specialized", "was changed to a more specific media type")
                            : ("response-media-type-name-generalized", "was changed to a more general media type")
                    result.append(context.change(id, pair,
                        "media type '\(from.name)' \(text) '\(to.name)' for the response status \(base.status)",
                        base: from.node ?? base.node, revision: to.node ?? revision.node))
                }
            }
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
