import Foundation
import Testing

@testable import QualityGate

@Suite("JUnit reader")
struct JUnitReaderTests {
    let files = TestFiles()

    func read(_ xml: String, unit: JUnitReader.TimeUnit = .seconds) throws(InputError) -> TestRun {
        try JUnitReader(timeUnit: unit).read(path: files.write("report-\(UUID().uuidString).xml", xml))
    }

    @Test("empty, whitespace-only, truncated, not a report, missing file: distinct errors")
    func distinctConditions() {
        let empty = files.write("empty.xml", "")
        #expect(throws: InputError.empty(file: empty)) { try JUnitReader().read(path: empty) }
        let blank = files.write("blank.xml", "  \n\t\n")
        #expect(throws: InputError.empty(file: blank)) { try JUnitReader().read(path: blank) }

        let truncated = files.write("cut.xml", "<testsuite name=\"a\"><testcase name=\"t\"><system-out><![CDATA[log line")
        do {
            _ = try JUnitReader().read(path: truncated)
            Issue.record("truncated file was read")
        } catch {
            guard case .truncated(let file, let line, _, let element) = error else {
                Issue.record("expected truncated, got \(error)")
                return
            }
            #expect(file == truncated)
            #expect(line == 1)
            #expect(element == "system-out")
        }

        let other = files.write("checkstyle.xml", "<?xml version=\"1.0\"?>\n<checkstyle version=\"8\"/>")
        #expect(throws: InputError.notATestReport(file: other, root: "checkstyle", hint: "this is a Checkstyle report, not test results")) {
            try JUnitReader().read(path: other)
        }
        let garbage = files.write("garbage.xml", "abc")
        do {
            _ = try JUnitReader().read(path: garbage)
            Issue.record("garbage was read")
        } catch {
            #expect(error.code == "input.malformed")
            #expect(error.description.hasPrefix(garbage + ":1:1: error: not well-formed XML"))
        }
        #expect(throws: InputError.self) { try JUnitReader().read(path: files.folder + "/missing.xml") }
        #expect(throws: InputError.unreadable(file: files.folder, reason: "it is a directory")) {
            try JUnitReader().read(path: files.folder)
        }
    }

    @Test("entity bombs and external entities are refused before any expansion")
    func entityBomb() {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
             <!ENTITY lol "lol">
             <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <testsuite><testcase name="&lol3;"/></testsuite>
            """
        do {
            _ = try read(bomb)
            Issue.record("bomb was read")
        } catch {
            guard case .refused(_, let line, _, let reason) = error else {
                Issue.record("expected refused, got \(error)")
                return
            }
            #expect(line == 3)
            #expect(reason.contains("entity 'lol'"))
        }
        let external = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><testsuite><testcase name=\"&x;\"/></testsuite>"
        #expect(throws: InputError.self) { try read(external) }
    }

    @Test("absurd nesting is refused, not a stack overflow")
    func deepNesting() {
        let xml = "<testsuites>" + String(repeating: "<testsuite>", count: 5_000) + String(repeating: "</testsuite>", count: 5_000) + "</testsuites>"
        do {
            _ = try read(xml)
            Issue.record("deep nesting was read")
        } catch {
            #expect(error.code == "input.refused")
        }
    }

    @Test("failure and error apart; skipped, disabled, xfail; most severe result wins")
    func outcomes() throws {
        let run = try read(
            """
            <testsuites>
              <testsuite name="s" tests="7" failures="1" errors="2" skipped="3">
                <testcase classname="C" name="pass" time="0.5"/>
                <testcase classname="C" name="fail" time="1"><failure message="boom" type="AssertionError">trace line 1
            trace line 2</failure></testcase>
                <testcase classname="C" name="err"><error message="NPE"/></testcase>
                <testcase classname="C" name="skip"><skipped message="later"/></testcase>
                <testcase classname="C" name="xfail"><skipped type="pytest.xfail" message="known"/></testcase>
                <testcase classname="C" name="disabled" status="disabled"><failure/></testcase>
                <testcase classname="C" name="multi"><skipped/><failure/><error message="teardown"/></testcase>
              </testsuite>
            </testsuites>
            """)
        #expect(run.counts == TestCounts(total: 7, passed: 1, failed: 1, errors: 2, skipped: 3))
        let fail = try #require(run.cases.first { $0.name == "fail" })
        #expect(fail.message == "boom")
        #expect(fail.failureType == "AssertionError")
        #expect(fail.details == "trace line 1\ntrace line 2")
        #expect(run.cases.first { $0.name == "multi" }?.message == "teardown")
        #expect(!run.diagnostics.contains { $0.code == "junit.count-mismatch" })
    }

    @Test("a test that failed and then passed is flaky, not failed; Surefire flakyFailure and rerunFailure")
    func flaky() throws {
        let run = try read(
            """
            <testsuite name="s">
              <testcase classname="C" name="retried"><failure message="timeout"/></testcase>
              <testcase classname="C" name="other"/>
              <testcase classname="C" name="retried"/>
              <testcase classname="C" name="surefire"><flakyFailure message="reset" type="java.net.SocketException"><stackTrace>at x</stackTrace></flakyFailure></testcase>
              <testcase classname="C" name="broken"><failure message="1"/><rerunFailure message="2"/><rerunFailure message="3"/></testcase>
              <testcase classname="C" name="param"/>
              <testcase classname="C" name="param"/>
            </testsuite>
            """)
        #expect(run.counts == TestCounts(total: 6, passed: 5, failed: 1, errors: 0, skipped: 0, flaky: 2))
        #expect(run.caseElements == 7)
        let retried = try #require(run.cases.first { $0.name == "retried" })
        #expect(retried.flaky && retried.outcome == .passed && retried.attempts == 2 && retried.message == "timeout")
        let surefire = try #require(run.cases.first { $0.name == "surefire" })
        #expect(surefire.flaky && surefire.attempts == 2 && surefire.message == "reset")
        let broken = try #require(run.cases.first { $0.name == "broken" })
        #expect(broken.outcome == .failed && broken.attempts == 3 && !broken.flaky)
        #expect(run.dialect.name == "surefire")
    }

    @Test("durations: commas, exponents, clock form, garbage, negative, units")
    func durations() throws {
        #expect(DurationParser.seconds("2,503.1") == 2503.1)
        #expect(DurationParser.seconds("1,234") == 1234)
        #expect(DurationParser.seconds("0,5") == 0.5)
        #expect(DurationParser.seconds("1.7e-05") == 1.7e-05)
        #expect(DurationParser.seconds("0:00:00.5") == 0.5)
        #expect(DurationParser.seconds("01:02:03") == 3723)
        #expect(DurationParser.seconds("") == nil)
        #expect(DurationParser.seconds("<<computed>>") == nil)
        #expect(DurationParser.seconds("abc") == nil)
        #expect(DurationParser.seconds("inf") == nil)

        let run = try read(
            """
            <testsuite name="s">
              <testcase name="a" time="1,000.5"/><testcase name="b" time="garbage"/>
              <testcase name="c" time=""/><testcase name="d" time="-3"/><testcase name="e" time="2e0"/>
            </testsuite>
            """)
        #expect(run.durationSeconds == 1002.5)
        #expect(run.durationSource == "testcase")
        #expect(run.diagnostics.contains { $0.code == "junit.bad-time" && $0.message.contains("'garbage'") })
        #expect(run.diagnostics.contains { $0.code == "junit.negative-time" })

        let ms = try read("<testsuite name=\"s\" time=\"1500\"><testcase name=\"a\" time=\"1500\"/></testsuite>", unit: .milliseconds)
        #expect(ms.durationSeconds == 1.5)
        let ns = try read("<testsuite name=\"s\"><testcase name=\"a\" time=\"999638317000000\"/></testsuite>")
        #expect(ns.diagnostics.contains { $0.code == "junit.implausible-time" })
    }

    @Test("results attached to a suite, nested suites, properties, file and line, missing classname")
    func structure() throws {
        let run = try read(
            """
            <testsuites tests="4" failures="1" errors="1">
              <testsuite name="outer" file="tests/outer.php">
                <properties><property name="go.version" value="go1.22"/><property name="config">line 1
            line 2</property></properties>
                <testsuite name="inner">
                  <testcase name="a" file="tests/a.py" line="12"><failure message="x"/></testcase>
                  <testcase name="b"><failure message="y" file="src/b.cpp" line="19"/></testcase>
                </testsuite>
              </testsuite>
              <testsuite name="setup"><error type="java.lang.NoClassDefFoundError" message="Could not initialize"/></testsuite>
            </testsuites>
            """)
        #expect(run.counts.total == 3)
        #expect(run.counts.failed == 2 && run.counts.errors == 1)
        #expect(run.suites == 2)
        let a = try #require(run.cases.first { $0.name == "a" })
        #expect(a.suite == "outer › inner" && a.classname == nil && a.file == "tests/a.py" && a.line == 12)
        #expect(a.id == "outer › inner::a")
        let b = try #require(run.cases.first { $0.name == "b" })
        #expect(b.file == "src/b.cpp" && b.line == 19)
        let setup = try #require(run.cases.first { $0.classname == "setup" })
        #expect(setup.name == "(suite)" && setup.outcome == .errored && setup.failureType == "java.lang.NoClassDefFoundError")
        #expect(run.properties == [Property(name: "go.version", value: "go1.22"), Property(name: "config", value: "line 1\nline 2")])
        // 4 declared vs 2 cases + 1 suite-level result.
        #expect(run.diagnostics.contains { $0.code == "junit.count-mismatch" && $0.message.contains("4 tests declared, 2 <testcase> elements") })
    }

    @Test("summary-only reports use their declared counts, with a warning; entities in names decode")
    func summaryOnly() throws {
        let run = try read("<testsuite name=\"s\" tests=\"6\" failures=\"1\" skipped=\"2\"></testsuite>")
        #expect(run.summaryOnly)
        #expect(run.observed.total == 0)
        #expect(run.counts == TestCounts(total: 6, passed: 3, failed: 1, errors: 0, skipped: 2))
        #expect(run.diagnostics.map(\.code) == ["junit.summary-only"])

        let empty = try read("<testsuite name=\"TestResults\" tests=\"0\"></testsuite>")
        #expect(empty.counts.total == 0 && empty.counts.passRate == nil)
        #expect(empty.diagnostics.map(\.code) == ["junit.no-tests"])

        let names = try read("<testsuite><testcase classname=\"A&amp;B\" name=\"x &lt; y &#38; &quot;z&quot;\"><failure message=\"a&amp;b\"/></testcase></testsuite>")
        #expect(names.cases.first?.classname == "A&B")
        #expect(names.cases.first?.name == "x < y & \"z\"")
        #expect(names.cases.first?.message == "a&b")
    }

    @Test("details are capped; only notable tests are stored")
    func caps() throws {
        var limits = JUnitReader.Limits()
        limits.detailsBytes = 100
        limits.detailedCases = 3
        var xml = "<testsuite name=\"s\">"
        for index in 0..<10 {
            xml += "<testcase name=\"t\(index)\"><failure message=\"m\">\(String(repeating: "x", count: 1000))</failure></testcase>"
        }
        for index in 0..<1000 { xml += "<testcase name=\"ok\(index)\"/>" }
        xml += "</testsuite>"
        let run = try JUnitReader(limits: limits).read(path: files.write("caps.xml", xml))
        #expect(run.counts.total == 1010 && run.counts.failed == 10)
        #expect(run.cases.count == 3)
        #expect(run.omittedCases == 7)
        #expect(run.cases.allSatisfy { ($0.details?.utf8.count ?? 0) <= 100 })
    }
}
