import CLibXML2
import Testing

@testable import QualityGate

/// The byte-level shortcuts on the JUnit reader's per-element path, each checked against the
/// plain formulation it replaces.
@Suite("JUnit reader hot path")
struct JUnitHotPathTests {
    /// The Character-only trim that `trimmingWhitespace()` must keep matching.
    static func referenceTrim(_ text: String) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        guard let end = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[start...end])
    }

    @Test("ASCII-first trimming gives the same text as grapheme trimming, combining marks included")
    func trimmingMatchesCharacters() {
        let pieces = [
            "", " ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "a", "x y", "\u{301}", "\u{600}", "\u{A0}", "\u{2028}",
            "\u{85}", "é", "🇫🇷", "\u{200D}", "\u{1F}", "\u{7F}", "at Foo.bar(Foo.java:12)",
        ]
        var checked = 0
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    let text = first + second + third
                    #expect(text.trimmingWhitespace() == Self.referenceTrim(text), "\(Array(text.unicodeScalars))")
                    checked += 1
                }
            }
        }
        #expect(checked == pieces.count * pieces.count * pieces.count)
        #expect("\n    at A.b(A.java:1)\n  ".trimmingWhitespace() == "at A.b(A.java:1)")
        #expect(" \u{301}x ".trimmingWhitespace() == Self.referenceTrim(" \u{301}x "))
        #expect("x\u{600} ".trimmingWhitespace() == "x\u{600} ")
    }

    static func identity(_ bytes: [UInt8]) -> UInt64 {
        var identity = CaseIdentity()
        bytes.withUnsafeBufferPointer { identity.add($0) }
        return identity.value
    }

    @Test("case identities differ when any one byte differs, at every length and position")
    func identityUsesEveryByte() {
        for length in 0...40 {
            let base = (0..<length).map { UInt8(ascii: "a") &+ UInt8($0 % 26) }
            var seen: Set<UInt64> = [Self.identity(base)]
            for position in 0..<length {
                for replacement: UInt8 in [0, UInt8(ascii: "Z"), 0xFF] where replacement != base[position] {
                    var changed = base
                    changed[position] = replacement
                    #expect(seen.insert(Self.identity(changed)).inserted, "length \(length), position \(position)")
                }
            }
            // Same bytes, same identity; a trailing NUL is not the same name.
            #expect(Self.identity(base) == Self.identity(Array(base)))
            #expect(Self.identity(base) != Self.identity(base + [0]))
        }
    }

    static func decimal(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DurationParser.plainDecimal($0) }
    }

    @Test("plain decimals convert exactly as Double(String) does; other forms are left to the general path")
    func plainDecimals() {
        for text in ["0", "7", "0.053", "12.5", "0.000001", "123456789012345", "1234567.89012345", "0.1", "9.999",
            "00000000000000000000.25", "0.0000000000000000000001",
        ] {
            #expect(Self.decimal(text) == Double(text), "\(text)")
        }
        for text in ["", ".5", "5.", "1.2.3", "-1", "+1", "1e3", "1,5", " 1", "1 ", "1234567890123456",
            "0.1234567890123456", "0000000000000000000000001",
        ] {
            #expect(Self.decimal(text) == nil, "\(text)")
        }
    }

    @Test("line numbers: digits fast, anything else through Int(String)")
    func integers() {
        func integer(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { JUnitParseState.integer($0) }
        }
        #expect(integer("0") == 0)
        #expect(integer("42") == 42)
        #expect(integer("999999999999999999") == 999_999_999_999_999_999)
        #expect(integer("") == nil)
        #expect(integer("-3") == -3)
        #expect(integer("4x") == nil)
        #expect(integer("9223372036854775807") == Int.max)
        #expect(integer("99999999999999999999") == nil)
    }

    @Test("names resolve by bytes without a dictionary and through the pointer cache with one")
    func nameTable() {
        let loose = XMLNameTable()
        for _ in 0..<3 {
            #expect("testcase".withCString { loose.element(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) } == .testcase)
            #expect("classname".withCString { loose.attribute(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) } == .classname)
            #expect("timestamp".withCString { loose.attribute(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) } == nil)
            #expect("system-out".withCString { loose.element(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) } == .other)
        }

        guard let dictionary = xmlDictCreate() else {
            Issue.record("libxml2 could not create a dictionary")
            return
        }
        defer { xmlDictFree(dictionary) }
        let table = XMLNameTable(dictionary: dictionary)
        let names = ["testsuite", "testcase", "failure", "skipped", "system-out", "properties", "property"]
            + (0..<100).map { "extra\($0)" }
        let interned = names.map { name in
            name.withCString { xmlDictLookup(dictionary, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), -1)! }
        }
        // Twice: the second pass answers from the cache (which fills up at 64 names and then
        // resolves the rest by bytes).
        for _ in 0..<2 {
            for (name, pointer) in zip(names, interned) {
                let expected: JUnitElement =
                    switch name {
                    case "testsuite": .testsuite
                    case "testcase": .testcase
                    case "failure": .failure
                    case "skipped": .skipped
                    case "properties": .properties
                    case "property": .property
                    default: .other
                    }
                #expect(table.element(pointer) == expected, "\(name)")
            }
            #expect(table.attribute(interned[3]) == .skipped)
            #expect(table.attribute(interned[0]) == nil)
        }
    }

    @Test("once the detailed list is full, later failures are counted but not decoded: same report otherwise")
    func detailsStopWhenTheListIsFull() throws {
        // Three suites of failing, erroring, skipped, xfail, flaky and rerun cases: the list fills
        // in the first suite, so the later suites take the counting-only path.
        var xml = "<testsuites>"
        for suite in 0..<3 {
            xml += "<testsuite name=\"s\(suite)\">"
            for index in 0..<6 {
                func test(_ suffix: String) -> String { "name=\"t\(index)\(suffix)\" classname=\"C\(suite)\"" }
                xml += "<testcase \(test("")) file=\"f.py\"><failure type=\"E\" message=\"m\(index)\">trace \(index)</failure></testcase>"
                xml += "<testcase \(test("x"))><error message=\"boom\"/></testcase>"
                xml += "<testcase \(test("s"))><skipped type=\"pytest.xfail\" message=\"later\"/></testcase>"
                xml += "<testcase \(test("k"))><skipped/><flakyFailure message=\"flaked\"/></testcase>"
                xml += "<testcase \(test("r"))><rerunFailure/></testcase>"
                xml += "<testcase \(test(""))/>"  // a rerun of t<index> that passed: flaky
                xml += "<testcase name=\"ok\(index)\"/>"
            }
            xml += "</testsuite>"
        }
        xml += "</testsuites>"
        let path = TestFiles().write("details-full.xml", xml)
        var few = JUnitReader.Limits()
        few.detailedCases = 4
        var all = JUnitReader.Limits()
        all.detailedCases = 10_000
        let capped = try JUnitReader(limits: few).read(path: path)
        let full = try JUnitReader(limits: all).read(path: path)

        #expect(full.omittedCases == 0)
        #expect(full.cases.count == 3 * 6 * 2)  // flaky t and errored tx per index and suite
        #expect(capped.cases == Array(full.cases.prefix(4)))
        #expect(capped.omittedCases == full.cases.count - 4)
        #expect(capped.observed == full.observed)
        #expect(capped.counts == full.counts)
        #expect(capped.caseElements == full.caseElements)
        #expect(capped.diagnostics == full.diagnostics)
        #expect(capped.dialect == full.dialect)
    }
}

