import Foundation
import Testing

@testable import QualityGate

/// Runs the JUnit reader over every JUnit XML file of `../shared/conformance/junit/` and
/// compares with the expected results kept beside them (see that folder's SOURCES.md).
/// Every expectation qgate deliberately does not match is listed here with its reason.
@Suite("JUnit conformance corpus")
struct JUnitConformanceTests {
    static let corpus: String = TestFiles.conformance("junit")

    static func read(_ relative: String) throws(InputError) -> TestRun {
        try JUnitReader().read(path: corpus + "/" + relative)
    }

    struct Expectation: Sendable, CustomStringConvertible {
        var input: String
        var format: String
        var exception: Bool
        var tests: Int
        var passed: Int
        var skipped: Int
        var failed: Int
        var errors: Int
        var suites: Int
        var description: String { input }
    }

    /// EnricoMi/publish-unit-test-result-action: `expected-index.tsv`.
    static let enricoMi: [Expectation] = {
        let base = corpus + "/EnricoMi-publish-unit-test-result-action/"
        guard let text = try? String(contentsOfFile: base + "expected-index.tsv", encoding: .utf8) else { return [] }
        var rows: [Expectation] = []
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 12, cells[0] != "MISSING" else { continue }
            rows.append(
                Expectation(
                    input: "EnricoMi-publish-unit-test-result-action/" + cells[0], format: cells[1],
                    exception: cells[2].hasSuffix(".exception"), tests: Int(cells[7]) ?? -1,
                    passed: Int(cells[8]) ?? -1, skipped: Int(cells[9]) ?? -1, failed: Int(cells[10]) ?? -1,
                    errors: Int(cells[11]) ?? -1, suites: Int(cells[5]) ?? -1))
        }
        return rows
    }()

    /// Rows whose expected counts qgate deliberately does not reproduce, with the reason.
    static let enricoMiDeviations: [String: String] = [
        "python/test/files/junit-xml/mocha/latex-utensils.xml":
            "EnricoMi folds same-named passing cases into one test (101); they are 109 parameterised cases, as the file's own tests=\"109\" says, and qgate counts each",
        "python/test/files/junit-xml/non-junit.xml":
            "EnricoMi records a parse error and 0 tests; qgate refuses it the same way, as input.not-a-test-report (asserted below)",
    ]

    @Test("the corpus is present")
    func corpusPresent() {
        #expect(FileManager.default.fileExists(atPath: Self.corpus), "expected the corpus at \(Self.corpus)")
        #expect(Self.enricoMi.count == 77)
    }

    @Test("EnricoMi JUnit rows: per-test counts and leaf suites", arguments: enricoMi.filter { $0.format == "junit-xml" })
    func enricoMiJUnit(_ row: Expectation) throws {
        let key = row.input.replacingOccurrences(of: "EnricoMi-publish-unit-test-result-action/", with: "")
        if row.exception {
            #expect(throws: InputError.self) { try Self.read(row.input) }
            return
        }
        if key.hasSuffix("non-junit.xml") {
            #expect(throws: InputError.notATestReport(file: Self.corpus + "/" + row.input, root: "suites", hint: nil)) {
                try Self.read(row.input)
            }
            return
        }
        let run = try Self.read(row.input)
        if key.hasSuffix("latex-utensils.xml") {
            #expect(run.counts.total == 109 && run.declared.tests == 109 && run.counts.passed == 109)
            return
        }
        #expect(Self.enricoMiDeviations[key] == nil)
        let counts = run.counts
        #expect(counts.total == row.tests)
        #expect(counts.passed == row.passed)
        #expect(counts.skipped == row.skipped)
        #expect(counts.failed == row.failed)
        #expect(counts.errors == row.errors)
        #expect(run.suites == row.suites)
    }

    /// NUnit, xUnit.net, TRX, mocha JSON and Dart JSON are not JUnit XML: qgate reads JUnit
    /// only (deliberate: their readers are separate work), so each must be refused with an
    /// input error, never read as "0 tests".
    @Test("EnricoMi non-JUnit rows are refused, never 0 tests", arguments: enricoMi.filter { $0.format != "junit-xml" })
    func enricoMiOtherFormats(_ row: Expectation) {
        #expect(throws: InputError.self) { try Self.read(row.input) }
    }

    @Test("XXE probes are refused and their entity is never resolved")
    func xxe() {
        for probe in [
            "EnricoMi-publish-unit-test-result-action/python/test/files/nunit/nunit3/jenkins/NUnit-sec1752-file.xml",
            "EnricoMi-publish-unit-test-result-action/python/test/files/nunit/nunit3/jenkins/NUnit-sec1752-https.xml",
            "jenkinsci-junit-plugin/src/test/resources/hudson/tasks/junit/testXxe-xxe.xml",
        ] {
            do {
                _ = try Self.read(probe)
                Issue.record("\(probe) was read")
            } catch {
                #expect(error.code == "input.refused", "\(probe): \(error)")
            }
        }
        // The OOB probe starts with a bare <!ENTITY>, which is not XML at all.
        #expect(throws: InputError.self) { try Self.read("jenkinsci-junit-plugin/src/test/resources/hudson/tasks/junit/testXxe-oob.xml") }
    }

    // MARK: mikepenz/action-junit-report

    struct Counted: Sendable, CustomStringConvertible {
        var file: String
        var total: Int
        var passed: Int?
        var failed: Int?
        var skipped: Int?
        var flaky: Int = 0
        var description: String { file }
    }

    /// qgate keeps failure and error apart; `failed` here is failures + errors as mikepenz counts.
    static let mikepenz: [Counted] = [
        Counted(file: "tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.CalcUtilsTest.xml", total: 2, skipped: 0),
        Counted(file: "python/report.xml", total: 3, skipped: 0),
        Counted(file: "marathon_tests/com.mikepenz.DummyTest#test_02_dummy.xml", total: 1, skipped: 0),
        Counted(file: "marathon_tests/com.mikepenz.DummyTest3#test_01.xml", total: 1, skipped: 0),
        Counted(file: "marathon_tests/com.mikepenz.DummyUtilTest#test_01_dummy.xml", total: 1, skipped: 0),
        Counted(file: "cunit/testEmpty.xml", total: 0, skipped: 0),
        Counted(file: "cunit/testFailure.xml", total: 4, skipped: 0),
        Counted(file: "nextest/basic.xml", total: 3, skipped: 0),
        Counted(file: "nested/junit.xml", total: 5, skipped: 0),
        Counted(file: "issues/testDisabled.xml", total: 22, skipped: 10),
        Counted(file: "issues/testFailedDisabled.xml", total: 1, passed: 0, failed: 0, skipped: 1),
        Counted(file: "mocha/mocha.xml", total: 1, skipped: 0),
        Counted(file: "perl/result.xml", total: 1, skipped: 0),
        Counted(file: "catch2/report.xml", total: 1, skipped: 0),
        Counted(file: "xunit/report.xml", total: 4, skipped: 0),
        Counted(file: "xunit/report_fl_on_f.xml", total: 4, skipped: 0),
        Counted(file: "container-structure/test.xml", total: 3, skipped: 0),
        Counted(file: "junit-server-test/report.xml", total: 3, passed: 2, failed: 0, skipped: 1, flaky: 1),
        Counted(file: "flaky_retries/flaky_with_classname_file.xml", total: 3, passed: 3, failed: 0, skipped: 0, flaky: 1),
        Counted(file: "flaky_retries/flaky_all_failures.xml", total: 1, passed: 0, failed: 1, skipped: 0),
        Counted(file: "junit_flaky_failure/marathon_junit_report.xml", total: 1, skipped: 0, flaky: 1),
        Counted(file: "junit_flaky_failure/mixed_flaky_and_passed.xml", total: 3, passed: 3, failed: 0, skipped: 0, flaky: 1),
        Counted(file: "multiple_failures/test_multiple_failures.xml", total: 4, passed: 1, failed: 2, skipped: 1),
        Counted(file: "multiple_failures/test_multiple_errors.xml", total: 3, passed: 1, failed: 2, skipped: 0),
        Counted(file: "maven_surefire_flaky/surefire-report.xml", total: 1, passed: 1, failed: 0, skipped: 0, flaky: 1),
    ]

    @Test("mikepenz dialect samples", arguments: mikepenz)
    func mikepenzSamples(_ expected: Counted) throws {
        let run = try Self.read("mikepenz-action-junit-report/test_results/" + expected.file)
        #expect(run.counts.total == expected.total)
        if let passed = expected.passed { #expect(run.counts.passed == passed) }
        if let failed = expected.failed { #expect(run.counts.failed + run.counts.errors == failed) }
        if let skipped = expected.skipped { #expect(run.counts.skipped == skipped) }
        #expect(run.counts.flaky == expected.flaky)
    }

    @Test("mikepenz samples qgate reads differently on purpose")
    func mikepenzDeviations() throws {
        // mikepenz lets any pass win ("passes first, then fails": 1 passed). qgate keeps a
        // failure that comes after the last pass: that is how pytest reports a teardown error
        // (pytest-dev/pytest#9909), and a gate must not hide it.
        let order = try Self.read("mikepenz-action-junit-report/test_results/flaky_retries/flaky_success_first.xml")
        #expect(order.counts == TestCounts(total: 1, passed: 0, failed: 0, errors: 1, skipped: 0, flaky: 0))
        #expect(order.cases.first?.attempts == 3)

        // `time="<<computed>>"` holds a raw '<' in an attribute: not well-formed XML. mikepenz's
        // lenient parser reads it; qgate refuses it with the position rather than guess.
        for file in ["junit-web-test/expected.xml", "junit-web-test/expectedRetries.xml"] {
            #expect(throws: InputError.malformed(
                file: Self.corpus + "/mikepenz-action-junit-report/test_results/" + file, line: 9, column: 59,
                reason: "Unescaped '<' not allowed in attributes values")) {
                try Self.read("mikepenz-action-junit-report/test_results/" + file)
            }
        }

        // mikepenz silently reports nothing for a truncated file; qgate says where it ends.
        do {
            _ = try Self.read("mikepenz-action-junit-report/test_results/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml")
            Issue.record("a truncated file was read")
        } catch {
            guard case .truncated(_, _, _, let element) = error else {
                Issue.record("expected truncated, got \(error)")
                return
            }
            #expect(element == "system-out")
        }
    }

    // MARK: jstemmer/go-junit-report

    static let goReports: [String] = {
        let folder = corpus + "/jstemmer-go-junit-report/testdata"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix("-report.xml") }.sorted()
    }()

    @Test("go-junit-report: root counts equal what the cases say", arguments: goReports)
    func goJUnitReport(_ name: String) throws {
        let path = Self.corpus + "/jstemmer-go-junit-report/testdata/" + name
        let run = try JUnitReader().read(path: path)
        #expect(run.caseElements == (run.declared.tests ?? 0))
        #expect(run.counts.failed == (run.declared.failures ?? 0))
        #expect(run.counts.errors == (run.declared.errors ?? 0))
        #expect(run.counts.skipped == (run.declared.skipped ?? 0))
        #expect(!run.diagnostics.contains { $0.code == "junit.count-mismatch" })
        if run.properties.contains(where: { $0.name == "go.version" }) { #expect(run.dialect.name == "go-junit-report") }
    }

    @Test("the go-junit-report corpus has its 48 files")
    func goCorpusSize() {
        #expect(Self.goReports.count == 48)
    }

    // MARK: jenkinsci/junit-plugin

    @Test("Jenkins: suite-level errors, free-text properties, comma times, NUL in comments, flaky reruns")
    func jenkins() throws {
        let base = "jenkinsci-junit-plugin/src/test/resources/hudson/tasks/junit/"
        let nested = try Self.read(base + "junit-report-nested-testsuites.xml")
        #expect(nested.suites == 3)
        #expect(nested.counts.total == 3)
        #expect(nested.counts.failed + nested.counts.errors == 1)
        #expect(nested.cases.first?.name == "(suite)")

        let classLoad = try Self.read(base + "junit-report-6700.xml")
        #expect(classLoad.counts.total == 1)
        #expect(classLoad.counts.failed + classLoad.counts.errors == 1)

        let times = try Self.read(base + "junit-report-testsuite-time-attrs.xml")
        #expect(abs(times.durationSeconds - (2503.1 + 22 + 40 + 20 - 2.0 - 0)) < 3)
        #expect(times.durationSeconds > 2503.1)

        let negative = try Self.read(base + "junit-report-bad-duration.xml")
        #expect(negative.diagnostics.contains { $0.code == "junit.negative-time" })

        let null = try Self.read(base + "TEST-null.xml")
        #expect(null.counts.errors == 1)

        #expect(throws: InputError.self) { try Self.read(base + "junitResult.xml") }

        let flaky = try Self.read(base + "gh-237/TEST-io.olamy.FlakyTest.xml")
        #expect(flaky.counts == TestCounts(total: 1, passed: 1, flaky: 1))
        #expect(flaky.cases.first?.flaky == true)
        #expect(flaky.cases.first!.attempts > 1)
        let alwaysFail = try Self.read(base + "gh-237/TEST-io.olamy.AlwaysFailTest.xml")
        #expect(alwaysFail.counts.failed == 1)
        #expect(alwaysFail.cases.first!.attempts > 1)

        let huge = try Self.read(base + "junit-report-huge.xml")
        #expect(huge.counts.total == 7580)
        #expect(huge.counts.failed == 19)
        #expect(huge.counts.skipped == 2430)
    }

    // MARK: dorny/test-reporter

    struct Dorny: Sendable, CustomStringConvertible {
        var fixture: String
        var tests: Int
        var passed: Int
        var failed: Int
        var skipped: Int
        var description: String { fixture }
    }

    static let dorny: [Dorny] = {
        guard let data = FileManager.default.contents(atPath: corpus + "/dorny-test-reporter/expected-from-snapshots.json"),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = json["entries"] as? [[String: Any]]
        else { return [] }
        var seen = Set<String>()
        var result: [Dorny] = []
        for entry in entries {
            guard let fixture = entry["fixture"] as? String, fixture.hasSuffix(".xml"), seen.insert(fixture).inserted,
                let counts = entry["counts"] as? [String: Int]
            else { continue }
            result.append(
                Dorny(
                    fixture: fixture, tests: counts["tests"] ?? -1, passed: counts["passed"] ?? -1,
                    failed: counts["failed"] ?? -1, skipped: counts["skipped"] ?? -1))
        }
        return result
    }()

    /// dorny counts every <testcase>; where qgate folds retries it differs, on purpose.
    static let dornyDeviations: [String: String] = [
        "__tests__/fixtures/external/java/TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml":
            "TestNG writes a retried test's first attempt as <skipped/> and the retry as <failure>: one failed test, not a skipped and a failed one",
        "__tests__/fixtures/external/java/pulsar-test-report.xml":
            "same TestNG skip-then-retry pattern, 11 times over",
        "__tests__/fixtures/dotnet-nunit.xml": "NUnit 3 XML is not JUnit; refused with a hint",
    ]

    @Test("dorny snapshots (XML fixtures)", arguments: dorny)
    func dornySnapshots(_ expected: Dorny) throws {
        let path = "dorny-test-reporter/" + expected.fixture
        if expected.fixture.hasSuffix("dotnet-nunit.xml") {
            #expect(throws: InputError.self) { try Self.read(path) }
            return
        }
        let run = try Self.read(path)
        let failed = run.counts.failed + run.counts.errors
        if expected.fixture.contains("pulsar") {
            // Folding skip-then-retry pairs: each fold removes one skipped case.
            #expect(run.caseElements == expected.tests)
            #expect(failed == expected.failed)
            #expect(run.counts.total + (expected.skipped - run.counts.skipped) == expected.tests)
            return
        }
        #expect(Self.dornyDeviations[expected.fixture] == nil)
        #expect(run.counts.total == expected.tests)
        #expect(run.counts.passed == expected.passed)
        #expect(failed == expected.failed)
        #expect(run.counts.skipped == expected.skipped)
    }

    @Test("testmo's nested PHPUnit example: 9 cases, 8 passed, 1 failed (dorny's java-junit drops nested suites)")
    func nestedSuitesAreRead() throws {
        let run = try Self.read("dorny-test-reporter/__tests__/fixtures/external/phpunit/junit-basic.xml")
        #expect(run.counts.total == 9)
        #expect(run.counts.passed == 8)
        #expect(run.counts.failed == 1)
    }
}
