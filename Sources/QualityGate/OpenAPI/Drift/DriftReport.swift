/// What recorded traffic says about the spec (issue 4 part 5): the `openapi.drift.*` and
/// `openapi.runtime_coverage.percent` figures, the findings behind them, and the coverage
/// every figure stands on. Encoded as is into qgate's JSON output.
///
/// "No drift" only speaks for what the traffic exercised (research/openapi.md §6), so the
/// report never gives a drift count without the coverage beside it: `summary` states both,
/// and `operationCoverage`, `responseCoverage` and `validatedBodies` are always present.
public struct DriftReport: Sendable, Codable, Hashable {
    /// One entry per traffic file read.
    public var sources: [TrafficSourceSummary]
    /// Exchanges read from all sources.
    public var exchanges: Int
    /// Exchanges that matched a documented operation (method and path).
    public var matchedExchanges: Int
    /// The KPI `openapi.runtime_coverage.percent`: documented operations exercised at least
    /// once / all documented operations (webhooks excluded: the service sends them).
    public var operationCoverage: CoverageFigure
    /// (operation, documented response) pairs seen / all documented pairs. A status counts
    /// for the response that documents it: `404` for `404`, else `4XX`, else `default`.
    public var responseCoverage: CoverageFigure
    /// Response bodies checked against a documented JSON schema.
    public var validatedBodies: Int
    /// Of those, bodies with at least one violation (or not JSON at all).
    public var invalidBodies: Int
    /// The three drift counts (distinct findings), for the KPIs.
    public var totals: DriftTotals
    /// Requests to method + path pairs the spec does not document, grouped, most frequent first.
    public var undocumentedOperations: [UndocumentedOperation]
    /// Statuses a documented operation answered with that no response documents, in path order.
    public var undocumentedStatuses: [UndocumentedStatus]
    /// Schema violations in response bodies, grouped by operation, response, keyword and schema location.
    public var schemaViolations: [ResponseSchemaViolation]
    /// Documented operations no exchange exercised, as `GET /pets/{id}` (at most
    /// `DriftAnalysis.Options.listLimit`; their number is `operationCoverage.total - covered`).
    public var unexercisedOperations: [String]
    /// Things that limit what was checked (invalid patterns skipped, bodies too large…).
    public var notes: [String]
    /// One line with every drift figure and the coverage it stands on, e.g. "2 undocumented
    /// operations, 1 undocumented status, 0 schema violations in 40 exchanges, covering 5 of
    /// 12 operations (41.7 %) and 6 of 30 documented responses (20.0 %)".
    public var summary: String
}

/// A covered/total pair with its percentage (`nil` when total is 0).
public struct CoverageFigure: Sendable, Codable, Hashable {
    public var covered: Int
    public var total: Int
    public var percent: Double?

    public init(covered: Int, total: Int) {
        self.covered = covered
        self.total = total
        percent = total > 0 ? Double(covered) / Double(total) * 100 : nil
    }
}

/// The drift KPIs: distinct findings, so that the numbers do not grow with traffic volume.
public struct DriftTotals: Sendable, Codable, Hashable {
    /// `openapi.drift.undocumented_operations`: distinct undocumented method + path groups.
    public var undocumentedOperations: Int
    /// Exchanges behind them.
    public var undocumentedOperationExchanges: Int
    /// `openapi.drift.undocumented_statuses`: distinct (operation, status) pairs.
    public var undocumentedStatuses: Int
    /// Exchanges behind them.
    public var undocumentedStatusExchanges: Int
    /// `openapi.drift.schema_violations`: distinct (operation, response, media type, keyword,
    /// schema location) violations.
    public var schemaViolations: Int
}

/// Requests to a method + path the spec does not document.
public struct UndocumentedOperation: Sendable, Codable, Hashable {
    /// Upper-case method.
    public var method: String
    /// The documented template when the path is documented for other methods
    /// (`/pets/{petId}`); otherwise the recorded path, base prefix stripped, with segments that
    /// look like identifiers (numbers, UUIDs, long hex) written `{id}` so that
    /// `/orders/1` and `/orders/2` are one finding.
    public var path: String
    /// True when the path is documented, only not with this method.
    public var pathDocumented: Bool
    public var exchanges: Int
    /// Where the first exchanges were recorded (`file:line`).
    public var samples: [String]
}

/// A status a documented operation answered with that no response documents (neither the
/// code, nor its `4XX`-style range, nor `default`).
public struct UndocumentedStatus: Sendable, Codable, Hashable {
    public var method: String
    public var path: String
    public var operationId: String?
    public var status: Int
    /// The responses the operation documents (`200`, `4XX`…).
    public var documented: [String]
    public var exchanges: Int
    public var samples: [String]
    /// The operation's `responses` object.
    public var position: SpecPosition
}

/// One kind of schema violation seen in response bodies of one operation and response.
public struct ResponseSchemaViolation: Sendable, Codable, Hashable {
    public var method: String
    public var path: String
    public var operationId: String?
    /// The documented response key the status fell under (`200`, `4XX`, `default`).
    public var response: String
    /// The documented media type used (`application/json`).
    public var mediaType: String
    /// The failing keyword (`type`, `required`…), or `json` for a body that is not JSON.
    public var keyword: String
    /// The schema holding the keyword (pointer includes the keyword).
    public var schema: SpecPosition
    /// The first body's violation: where in the body, and why.
    public var instancePointer: String
    public var message: String
    /// Bodies showing this violation.
    public var bodies: Int
    public var samples: [String]
}
