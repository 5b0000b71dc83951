import Foundation
import Testing

@testable import QualityGate

@Suite struct DriftTests {
    @Test func debug() throws {
        let yaml = try APISpec(SpecLoader().load(path: TestFiles.conformance("openapi/big/adyen-openapi/yaml/CheckoutService-v71.yaml")))
        let twin = SpecCompleteness.evaluate(yaml)
        for g in twin.gaps { for x in g.gaps where x.rule == "valid-examples" { print(g.path, x.message, x.position) } }
    }
}
