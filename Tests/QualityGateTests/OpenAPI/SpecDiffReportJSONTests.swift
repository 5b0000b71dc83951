import Foundation
import Testing

@testable import QualityGate

/// `qgate diff-spec --format json` is written by hand (`PrettyJSONWriter`, `ChangeLayout`)
/// for speed; it must stay byte for byte what `JSONEncoder` writes for the same report.
@Suite("Spec diff JSON")
struct SpecDiffReportJSONTests {
    func expectSame(_ report: SpecDiffReport, _ label: String) {
        let fast = Array(report.jsonText.utf8)
        let reference = Array(JSONRenderer.render(report).utf8)
        #expect(fast == reference, "\(label): first difference at byte \(zip(fast, reference).prefix { $0 == $1 }.count)")
    }

    @Test("a real diff (Adyen Checkout v70 → v71) and hostile texts, byte for byte JSONEncoder's output")
    func same() throws {
        let folder = TestFiles.conformance("openapi/big/adyen-openapi/json") + "/"
        let base = try APISpec(SpecLoader().load(path: folder + "CheckoutService-v70.json"))
        let revision = try APISpec(SpecLoader().load(path: folder + "CheckoutService-v71.json"))
        let changes = SpecDiff(base: base, revision: revision).changes()
        #expect(changes.count > 20)
        #expect(changes.contains { $0.base != nil && $0.revision != nil })
        let real = SpecDiffReport(base: base, baseName: "v70.json", revision: revision, revisionName: "v71.json",
            changes: changes)
        expectSame(real, "Adyen Checkout v70 → v71")

        let node = try #require(base.operations.first?.node)
        var odd = SpecPosition(node)
        odd.file = "dir/with \"quotes\"\\and\ttabs/é.yaml"
        odd.pointer = "/paths/~1a~1{id}/get/\u{1}control"
        odd.line = 0
        let hostile = [
            SpecChange(id: "api-schema-removed", method: nil, path: nil, message: "no operation, base only",
                base: odd, revision: nil),
            SpecChange(id: "endpoint-added", method: "GET", path: "/a/{id}", message: "revision only \"quoted\"\nnew line",
                base: nil, revision: odd),
            SpecChange(id: "request-property-removed", method: "POST", path: "/ü/日本", message: "both sides, ✓ unicode / slash",
                base: odd, revision: SpecPosition(node)),
        ]
        expectSame(SpecDiffReport(base: base, baseName: "a", revision: revision, revisionName: "b", changes: hostile),
            "hostile texts")
        expectSame(SpecDiffReport(base: base, baseName: "a", revision: base, revisionName: "a", changes: []), "no changes")
    }

    /// The lanes' results are moved into one list, not copied: order kept, every change once,
    /// the sources left holding empty placeholders.
    @Test func changesAreConcatenatedByMoving() {
        func change(_ n: Int) -> SpecChange {
            SpecChange(id: "endpoint-added", method: "GET", path: "/p/\(n)", message: "message number \(n) of a longer text",
                base: nil, revision: nil)
        }
        var lists = [[change(1), change(2)], [], [change(3)], [change(4), change(5), change(6)]]
        let all = SpecChange.concatenating(moving: &lists)
        #expect(all.map(\.path) == (1...6).map { "/p/\($0)" })
        #expect(all[5].message == "message number 6 of a longer text")
        #expect(lists.map(\.count) == [2, 0, 1, 3])
        #expect(lists.joined().allSatisfy { $0.id.isEmpty && $0.message.isEmpty && $0.path == nil })
        var none: [[SpecChange]] = []
        #expect(SpecChange.concatenating(moving: &none).isEmpty)
    }

    /// A position holds its file as a number; it reads, writes and compares by the name.
    @Test func positionsCarryTheirFileByName() throws {
        let node = try ContentHashTests.json(#"{"a": [1, {"b": true}]}"#)
        var position = SpecPosition(try #require(node["a"]?.array?[1]["b"]))
        #expect(position.file == "test.json" && position.line == 1 && position.column == 17 && position.pointer == "/a/1/b")
        #expect(position.description == "test.json:1:17")
        position.file = "specs/other file.yaml"
        #expect(position.file == "specs/other file.yaml")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(position)
        #expect(String(decoding: data, as: UTF8.self)
            == #"{"column":17,"file":"specs\/other file.yaml","line":1,"pointer":"\/a\/1\/b"}"#)
        #expect(try JSONDecoder().decode(SpecPosition.self, from: data) == position)
        #expect(position != SpecPosition(try #require(node["a"]?.array?[1]["b"])))
    }
}
