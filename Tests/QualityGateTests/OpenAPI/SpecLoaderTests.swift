import Foundation
import Testing

@testable import QualityGate

/// Loading real specs (shared/conformance/openapi/big, counts from its SOURCES.md) and refusing
/// bad ones with a located, one-line error.
@Suite struct SpecLoaderTests {
    struct BigSpec: Sendable, CustomTestStringConvertible {
        var file: String
        var dialect: APISpec.Dialect
        var paths: Int
        var operations: Int
        var schemas: Int
        var webhooks: Int = 0
        var testDescription: String { file }
    }

    /// SOURCES.md, table of `big/`.
    static let bigSpecs: [BigSpec] = [
        BigSpec(file: "github-rest-api-description/api.github.com.2020-07-30.json", dialect: .openapi30, paths: 403, operations: 623, schemas: 187),
        BigSpec(file: "github-rest-api-description/api.github.com.2020-07-30.yaml", dialect: .openapi30, paths: 403, operations: 623, schemas: 187),
        BigSpec(file: "github-rest-api-description/api.github.com.2022-06-11.json", dialect: .openapi30, paths: 498, operations: 771, schemas: 299),
        BigSpec(file: "stripe-openapi/spec3.2022-04-12.json", dialect: .openapi30, paths: 261, operations: 417, schemas: 561),
        BigSpec(file: "stripe-openapi/spec3.2022-04-12.yaml", dialect: .openapi30, paths: 261, operations: 417, schemas: 561),
        BigSpec(file: "stripe-openapi/spec3.2023-09-13.yaml", dialect: .openapi30, paths: 318, operations: 468, schemas: 819),
        BigSpec(file: "kubernetes/swagger.v1.34.3.json", dialect: .swagger2, paths: 534, operations: 1062, schemas: 730),
        BigSpec(file: "kubernetes/swagger.v1.35.0.json", dialect: .swagger2, paths: 537, operations: 1067, schemas: 735),
        BigSpec(file: "kubernetes/swagger.v1.35.0.derived.yaml", dialect: .swagger2, paths: 537, operations: 1067, schemas: 735),
        BigSpec(file: "openai-openapi/openapi.json", dialect: .openapi31, paths: 182, operations: 288, schemas: 1422, webhooks: 16),
        BigSpec(file: "openai-openapi/openapi.yaml", dialect: .openapi31, paths: 182, operations: 288, schemas: 1422, webhooks: 16),
        BigSpec(file: "adyen-openapi/json/CheckoutService-v70.json", dialect: .openapi31, paths: 26, operations: 28, schemas: 249),
        BigSpec(file: "adyen-openapi/json/CheckoutService-v71.json", dialect: .openapi31, paths: 26, operations: 28, schemas: 250),
        BigSpec(file: "adyen-openapi/yaml/CheckoutService-v70.yaml", dialect: .openapi31, paths: 26, operations: 28, schemas: 249),
        BigSpec(file: "adyen-openapi/yaml/CheckoutService-v71.yaml", dialect: .openapi31, paths: 26, operations: 28, schemas: 250),
        BigSpec(file: "adyen-openapi/json/BalancePlatformConfigurationNotification-v2.json", dialect: .openapi31, paths: 0,
            operations: 0, schemas: 75, webhooks: 26),
        BigSpec(file: "adyen-openapi/yaml/BalancePlatformConfigurationNotification-v2.yaml", dialect: .openapi31, paths: 0,
            operations: 0, schemas: 75, webhooks: 26),
        // Multi-file: every path item points into resources/; `x-codeSamples` $refs dangle on purpose.
        BigSpec(file: "digitalocean-openapi/specification/DigitalOcean-public.v2.yaml", dialect: .openapi30, paths: 445,
            operations: 659, schemas: 0),
    ]

    static func big(_ file: String) -> String { TestFiles.conformance("openapi/big/" + file) }

    @Test(arguments: bigSpecs)
    func loadsRealSpec(_ expected: BigSpec) throws {
        let document = try SpecLoader().load(path: Self.big(expected.file))
        let spec = try APISpec(document)
        #expect(spec.dialect == expected.dialect)
        #expect(document.resolve(spec.root["paths"])?.object?.count ?? 0 == expected.paths)
        #expect(spec.operations.count == expected.operations)
        #expect(spec.schemas.count == expected.schemas)
        #expect(spec.webhooks.count == expected.webhooks)
        // Every operation has at least one response, reached through the $refs.
        #expect(spec.operations.allSatisfy { !$0.responses.isEmpty })
    }
}
