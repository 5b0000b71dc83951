import Foundation
import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads JUnit XML (every common dialect) into a `TestRun`, streaming.
///
/// The file goes through libxml2's SAX2 push parser in fixed-size chunks, so memory depends on
/// the largest test suite and the capped details kept for failures, never on the file size.
/// DTDs are not loaded, entities declared in a DTD are refused (XXE and entity bombs), and
/// nothing is fetched from the network.
public struct JUnitReader: Sendable {
    /// Caps on what is kept in memory per report.
    public struct Limits: Sendable, Hashable {
        /// Failed, errored and flaky tests kept in detail per report; the rest are counted.
        public var detailedCases = 1_000
        /// Bytes kept of a `message` attribute.
        public var messageBytes = 4_096
        /// Bytes kept of a failure, error or skipped body (stack traces).
        public var detailsBytes = 8_192
        /// Element nesting beyond this is refused.
        public var maxDepth = 256
        /// Properties kept per report and per case.
        public var properties = 32
        /// Slowest test elements kept per report (for duration trends in the history).
        public var slowestTests = 50

        public init() {}
    }

    /// The unit the writer used for `time` attributes (some write milliseconds or nanoseconds).
    public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
        case seconds = "s"
        case milliseconds = "ms"
        case nanoseconds = "ns"

        var scale: Double {
            switch self {
            case .seconds: 1
            case .milliseconds: 1e-3
            case .nanoseconds: 1e-9
            }
        }
    }

    public var limits: Limits
    public var timeUnit: TimeUnit

    public init(limits: Limits = Limits(), timeUnit: TimeUnit = .seconds) {
        self.limits = limits
        self.timeUnit = timeUnit
    }

    /// Reads the report at `path`.
    ///
    /// - Throws: `InputError` for a file that cannot be trusted as a test report: unreadable,
    ///   empty, truncated, malformed, refused or XML of another kind.
    public func read(path: String) throws(InputError) -> TestRun {
        let file = try InputFile.open(path)
        defer { fclose(file) }

        let state = JUnitParseState(report: path, limits: limits, timeScale: timeUnit.scale)
        let chunkSize = 256 * 1024
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }

        var handler = JUnitParseState.makeHandler()
        let userData = Unmanaged.passUnretained(state).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&handler, userData, nil, 0, path) else {
            throw .unreadable(file: path, reason: "libxml2 could not create a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        // NONET: never fetch. No NOENT, no DTDLOAD: entities are not substituted and external
        // DTDs are not read. HUGE: real reports carry text nodes over 10 MB; our own callbacks
        // cap what is kept, and `maxDepth` replaces libxml2's depth guard.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOCDATA.rawValue)
        xmlCtxtUseOptions(context, options)
        state.context = context
        state.names.dictionary = context.pointee.dict

        var sawContent = false
        var bytesRead = 0
        while !state.stopped {
            let count = fread(buffer, 1, chunkSize, file)
            if count == 0 { break }
            if bytesRead > 0 {
                // An empty chunk first: libxml2 drops the input it has consumed when a chunk
                // arrives, by moving what is left to the front of its buffer. Done now, that is
                // the few bytes of an unfinished tag; done with the new chunk appended, it would
                // be the whole chunk, so every byte of the file would be copied twice.
                xmlParseChunk(context, nil, 0, 0)
            }
            bytesRead += count
            if !sawContent {
                sawContent = UnsafeBufferPointer(start: buffer, count: count).contains { byte in
                    !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09)
                }
            }
            xmlParseChunk(context, buffer, Int32(count), 0)
        }
        if ferror(file) != 0 {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        if !sawContent {
            throw .empty(file: path)
        }
        if !state.stopped {
            state.finishing = true
            xmlParseChunk(context, nil, 0, 1)
        }
        if let failure = state.failure {
            throw failure
        }
        return state.finish()
    }
}

// MARK: - Parse state

/// The mutable state behind the C callbacks, confined to one `read(path:)` call.
final class JUnitParseState {
    let report: String
    let limits: JUnitReader.Limits
    let timeScale: Double
    var context: xmlParserCtxtPtr?
    var stopped = false
    var finishing = false
    var failure: InputError?

    // Document shape
    var depth = 0
    var rootName: String?
    var rootAttributes: [JUnitAttribute: String] = [:]
    var elementStack: [JUnitElement] = []
    var suites: [SuiteFrame] = []
    /// The `<testcase>` being read, reused (buffers and all) from case to case.
    var builder = CaseBuilder()
    var inCase = false
    let names = XMLNameTable()
    let attributeSlots = XMLAttributeSlots()
    /// Which text is being captured and where it goes.
    var capture: Capture = .none
    var captureBuffer: [UInt8] = []
    var pendingProperty: (name: String, value: String?)?
    /// A result element sitting directly in a `<testsuite>` (class setup failed).
    var suiteResult: SuiteResult?

    // Results
    var observed = TestCounts()
    var caseElements = 0
    /// Result elements per outcome, indexed by `TestOutcome.severityRank`.
    var elementOutcomes = [0, 0, 0, 0]
    var topLevelDeclared = DeclaredCounts()
    var leafSuites = 0
    var topLevelSuiteSeconds: Double = 0
    var topLevelSuitesTimed = 0
    var topLevelSuitesUntimed = 0
    var caseSeconds: Double = 0
    var cases: [TestCase] = []
    var omittedCases = 0
    var skippedTests: [String] = []
    /// Identity of every test (its suite path mixed in), for the history's test id set; nil
    /// once there are more than `TestIDSet.maxTests`.
    var testIDs: [UInt64]? = []
    /// Slowest first; `slowestFloor` is the time a case must beat once the list is full.
    var slowestTests: [TestTiming] = []
    var slowestFloor: Double = 0
    var properties: [Property] = []
    var diagnostics: [Diagnostic] = []
    var unparsableTimes = 0
    var firstUnparsableTime: (value: String, line: Int)?
    var negativeTimes = 0
    var implausibleTimes = 0
    var unnamedCases = 0
    var hints = DialectHints()

    enum Capture {
        case none
        case caseResult
        case suiteResult
        case property
    }

    struct SuiteResult {
        var outcome: TestOutcome
        var skipKind: SkipKind?
        var type: String?
        var message: String?
        var details: String?
    }

    init(report: String, limits: JUnitReader.Limits, timeScale: Double) {
        self.report = report
        self.limits = limits
        self.timeScale = timeScale
    }

    var line: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetLineNumber(context))
    }

    var column: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetColumnNumber(context))
    }

    func stop(_ error: InputError) {
        guard !stopped else { return }
        failure = error
        stopped = true
        if let context { xmlStopParser(context) }
    }

    func warn(_ code: String, _ message: String, line: Int? = nil) {
        diagnostics.append(Diagnostic(.warning, code: code, message, file: report, line: line))
    }

    // MARK: Elements

    /// `name` is libxml2's name for the element, read only for an unknown root (for the error).
    func startElement(_ element: JUnitElement, _ attributes: XMLAttributes, name: UnsafePointer<UInt8>) {
        depth += 1
        if depth > limits.maxDepth {
            stop(.refused(file: report, line: line, column: column, reason: "elements nested deeper than \(limits.maxDepth) levels"))
            return
        }
        defer { elementStack.append(element) }
        guard let parent = elementStack.last else {
            startRoot(element, attributes, name: name)
            return
        }

        if inCase {
            startInCase(element, attributes, parent: parent)
            return
        }

        switch element {
        case .testsuite:
            startSuite(attributes)
        case .testcase:
            startCase(attributes)
        case .failure, .error, .skipped:
            guard parent == .testsuite else { break }
            let outcome: TestOutcome = element == .failure ? .failed : element == .error ? .errored : .skipped
            suiteResult = SuiteResult(
                outcome: outcome, skipKind: outcome == .skipped ? .skipped : nil, type: attributes[.type],
                message: attributes[.message].map { cap($0, limits.messageBytes) })
            beginCapture(.suiteResult)
        case .property where parent == .properties:
            startProperty(attributes)
        default:
            break
        }
    }

    func startRoot(_ element: JUnitElement, _ attributes: XMLAttributes, name elementName: UnsafePointer<UInt8>) {
        switch element {
        case .testsuites:
            rootName = "testsuites"
            rootAttributes = attributes.stored()
            hints.rootName = attributes[.name]
        case .testsuite:
            rootName = "testsuite"
            startSuite(attributes)
        default:
            let name = element == .other ? String(cString: elementName) : element.description
            rootName = name
            stop(.notATestReport(file: report, root: name, hint: Self.hint(forRoot: name)))
        }
        if let schema = attributes[.noNamespaceSchemaLocation] ?? attributes[.schemaLocation] {
            hints.schemaLocation = schema
        }
    }

    static func hint(forRoot root: String) -> String? {
        switch root {
        case "test-run": "this looks like an NUnit 3 report; qgate reads JUnit XML (use NUnit's JUnit transform or the junit logger)"
        case "test-results": "this looks like an NUnit 2 report; convert it to JUnit XML"
        case "assemblies", "assembly": "this looks like an xUnit.net v2 report; use the JUnit logger (`dotnet test --logger junit`)"
        case "TestRun": "this looks like a Visual Studio TRX file; use the JUnit logger (`dotnet test --logger junit`)"
        case "result": "this looks like Jenkins' own junitResult.xml, not a test report"
        case "checkstyle": "this is a Checkstyle report, not test results"
        case "coverage", "report": "this looks like a coverage report, not test results"
        default: nil
        }
    }

    func startSuite(_ attributes: XMLAttributes) {
        let name = attributes[.name] ?? ""
        if !suites.isEmpty {
            suites[suites.count - 1].hasChildSuite = true
            hints.nestedSuites = true
        }
        let path = suites.last.map { $0.path.isEmpty ? name : "\($0.path) › \(name)" } ?? name
        var declared = DeclaredCounts()
        declared.tests = intAttribute(attributes[.tests])
        declared.failures = intAttribute(attributes[.failures])
        declared.errors = intAttribute(attributes[.errors])
        let skipped = intAttribute(attributes[.skipped] ?? attributes[.skips])
        let disabled = intAttribute(attributes[.disabled])
        declared.skipped = DeclaredCounts.sum(skipped, disabled)
        if disabled != nil { hints.disabledAttribute = true }
        if attributes[.assertions] != nil { hints.assertionsAttribute = true }
        if attributes[.file] != nil { hints.suiteFileAttribute = true }
        if hints.firstSuiteName == nil { hints.firstSuiteName = name }
        if attributes[.hostname] == "tbd" { hints.catch2Hostname = true }
        let isTopLevel = suites.isEmpty
        suites.append(
            SuiteFrame(
                name: name, path: path, isTopLevel: isTopLevel, declared: declared,
                timeAttribute: attributes[.time].flatMap { duration($0) }, file: attributes[.file]))
        if let tests = declared.tests, tests > 0 {
            // Sized once from the declared count instead of growing case by case.
            suites[suites.count - 1].reserve(min(tests, 1 << 20))
        }
        if isTopLevel {
            topLevelDeclared = topLevelDeclared + declared
        }
    }

    func startCase(_ attributes: XMLAttributes) {
        caseElements += 1
        inCase = true
        builder.reset()
        if let name = attributes.bytes(.name) { builder.setName(name) }
        // `classname` wins over `class`; an empty one means none.
        if let classname = attributes.bytes(.classname) ?? attributes.bytes(.class), !classname.isEmpty {
            builder.setClassname(classname)
        }
        if let file = attributes.bytes(.file) { builder.setFile(file) }
        // `reset()` left line and time nil.
        if let line = attributes.bytes(.line) { builder.line = Self.integer(line) }
        if let time = attributes.bytes(.time) { builder.time = durationBytes(time) }
        if let status = attributes[.status] {
            builder.status = status.lowercased()
            hints.statusAttribute = true
        }
        if builder.hasFile { hints.caseFileAttribute = true }
        if builder.hasClassname {
            if hints.sampleClassname == nil { hints.sampleClassname = builder.classname }
        } else {
            hints.missingClassname = true
        }
    }

    func startInCase(_ element: JUnitElement, _ attributes: XMLAttributes, parent: JUnitElement) {
        guard parent == .testcase else {
            if element == .property, parent == .properties { startProperty(attributes) }
            return
        }
        // Type, message and body only feed the detailed case list: once that is full, only
        // the counts are kept and the text is not even decoded.
        let keepsDetails = keepsCaseDetails
        switch element {
        case .failure, .error:
            let isError = element == .error
            if isError { builder.errors += 1 } else { builder.failures += 1 }
            let rank = isError ? 2 : 1
            if rank > builder.detailRank {
                builder.detailRank = rank
                guard keepsDetails else { break }
                builder.failureType = attributes[.type]
                builder.message = attributes[.message].map { cap($0, limits.messageBytes) }
                builder.details = nil
                builder.capturing = true
                if !builder.hasFile, let file = attributes.bytes(.file) { builder.setFile(file) }
                if builder.line == nil { builder.line = attributes.bytes(.line).flatMap(Self.integer) }
                beginCapture(.caseResult)
            }
        case .skipped:
            builder.skipped = true
            if let type = attributes.bytes(.type), let start = type.baseAddress,
                XMLBytes(start: start, count: type.count) == "pytest.xfail"
            {
                builder.skipKind = .expectedFailure
            }
            if builder.detailRank == 0, keepsDetails {
                builder.failureType = attributes[.type]
                builder.message = attributes[.message].map { cap($0, limits.messageBytes) }
                builder.capturing = true
                beginCapture(.caseResult)
            }
        case .flakyFailure, .flakyError:
            builder.flakyMarkers += 1
            hints.surefireRerun = true
            if keepsDetails, builder.flakyMessage == nil {
                builder.flakyMessage = attributes[.message].map { cap($0, limits.messageBytes) } ?? attributes[.type]
                builder.flakyType = attributes[.type]
            }
        case .rerunFailure, .rerunError:
            builder.rerunMarkers += 1
            hints.surefireRerun = true
        default:
            break
        }
    }

    /// Whether a failing or flaky test seen now can still make the detailed list. `cases` only
    /// grows, so once it is full every later detail would be counted as omitted and dropped.
    var keepsCaseDetails: Bool {
        cases.count < limits.detailedCases
    }

    func startProperty(_ attributes: XMLAttributes) {
        guard let name = attributes[.name] else { return }
        if name == "go.version" { hints.goVersion = true }
        if let value = attributes[.value] {
            addProperty(Property(name: name, value: cap(value, limits.messageBytes)))
        } else {
            pendingProperty = (name, nil)
            beginCapture(.property)
        }
    }

    func addProperty(_ property: Property) {
        if inCase {
            if builder.properties.count < limits.properties { builder.properties.append(property) }
        } else if properties.count < limits.properties {
            properties.append(property)
        }
    }

    func endElement() {
        depth -= 1
        guard let top = elementStack.popLast() else { return }
        let parent = elementStack.last

        if capture != .none, endsCapture(top, parent: parent) {
            let text = endCapture()
            switch capture {
            case .caseResult:
                if inCase, builder.capturing {
                    builder.details = text
                    builder.capturing = false
                }
            case .suiteResult:
                suiteResult?.details = text
            case .property:
                if let pending = pendingProperty {
                    addProperty(Property(name: pending.name, value: text ?? ""))
                }
                pendingProperty = nil
            case .none:
                break
            }
            capture = .none
            setCharactersCallback(enabled: false)
        }

        guard !inCase || top == .testcase else { return }
        switch top {
        case .testcase where parent != .testcase:
            finishCase()
        case .failure, .error, .skipped:
            if parent == .testsuite { finishSuiteResult() }
        case .testsuite:
            finishSuite()
        default:
            break
        }
    }

    func endsCapture(_ element: JUnitElement, parent: JUnitElement?) -> Bool {
        switch capture {
        case .caseResult: element.isResult && parent == .testcase
        case .suiteResult: element.isResult && parent == .testsuite
        case .property: element == .property
        case .none: false
        }
    }

    // MARK: Text

    func beginCapture(_ kind: Capture) {
        capture = kind
        setCharactersCallback(enabled: true)
        captureBuffer.removeAll(keepingCapacity: true)
    }

    func characters(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        guard capture != .none else { return }
        let room = limits.detailsBytes - captureBuffer.count
        guard room > 0 else { return }
        captureBuffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: min(room, count)))
    }

    func endCapture() -> String? {
        guard !captureBuffer.isEmpty else { return nil }
        let text = String(decoding: captureBuffer, as: UTF8.self)
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: Folding cases into tests

    func finishCase() {
        guard inCase else { return }
        inCase = false
        if !builder.hasName && !builder.hasClassname { unnamedCases += 1 }
        let seconds = builder.time ?? 0
        caseSeconds += seconds
        if suites.isEmpty { suites.append(SuiteFrame.implicit) }
        let suiteIndex = suites.count - 1

        // A case with neither name nor classname has no identity to fold duplicates by.
        let (key, attempt) = builder.conclude(caseNumber: caseElements)
        elementOutcomes[attempt.outcome.severityRank] += 1
        let flakyMarkers = builder.flakyMarkers
        suites[suiteIndex].record(
            key, attempt, seconds: seconds, flakyMarkers: flakyMarkers, rerunMarkers: builder.rerunMarkers)

        if seconds > slowestFloor, limits.slowestTests > 0 { keepSlowest(seconds, suite: suites[suiteIndex].path) }
        if attempt.outcome == .skipped, skippedTests.count + suites[suiteIndex].skippedIDs.count < limits.detailedCases,
            suites[suiteIndex].skippedIDs[key] == nil
        {
            suites[suiteIndex].skippedIDs[key] = caseID(suite: suites[suiteIndex].path)
        }

        let notable = attempt.outcome == .failed || attempt.outcome == .errored || flakyMarkers > 0
        guard notable, keepsCaseDetails else { return }
        let previous = suites[suiteIndex].details[key]?.outcome.severityRank
        if previous == nil || attempt.outcome.severityRank > previous! {
            let name = builder.name ?? builder.classname ?? "(unnamed)"
            suites[suiteIndex].details[key] = TestCase(
                suite: suites[suiteIndex].path, classname: builder.classname, name: name, outcome: attempt.outcome,
                durationSeconds: builder.time, failureType: builder.failureType ?? builder.flakyType,
                message: builder.message ?? builder.flakyMessage, details: builder.details,
                file: builder.file ?? suites[suiteIndex].file, line: builder.line, properties: builder.properties,
                report: report)
        }
    }

    /// The current case's identity as `TestCase.id` spells it.
    func caseID(suite: String) -> String {
        let name = builder.name ?? builder.classname ?? "(unnamed)"
        return "\(builder.classname ?? suite)::\(name)"
    }

    /// Puts the current case into the slowest list (called only when it beats the floor, so a
    /// typical case costs one comparison). A test seen again (a rerun) keeps its longest time.
    func keepSlowest(_ seconds: Double, suite: String) {
        let id = caseID(suite: suite)
        if let existing = slowestTests.firstIndex(where: { $0.id == id }) {
            guard seconds > slowestTests[existing].seconds else { return }
            slowestTests.remove(at: existing)
        }
        let position = slowestTests.firstIndex { $0.seconds < seconds } ?? slowestTests.endIndex
        slowestTests.insert(TestTiming(id: id, seconds: seconds), at: position)
        if slowestTests.count > limits.slowestTests { slowestTests.removeLast() }
        if slowestTests.count == limits.slowestTests { slowestFloor = slowestTests[slowestTests.count - 1].seconds }
    }

    func keepSkipped(_ id: String) {
        if skippedTests.count < limits.detailedCases { skippedTests.append(id) }
    }

    func finishSuiteResult() {
        guard let result = suiteResult else { return }
        suiteResult = nil
        if suites.isEmpty { suites.append(SuiteFrame.implicit) }
        let index = suites.count - 1
        let suite = suites[index]
        var group = TestGroup()
        group.record(CaseAttempt(outcome: result.outcome, skipKind: result.skipKind), flakyMarkers: 0, rerunMarkers: 0)
        var identity = CaseIdentity()
        identity.add(byte: 0xFE)
        identity.add(integer: suite.groups.count)
        let key = identity.value
        if result.outcome != .skipped {
            suites[index].details[key] = TestCase(
                suite: suite.path, classname: suite.name, name: "(suite)", outcome: result.outcome,
                failureType: result.type, message: result.message, details: result.details, file: suite.file,
                report: report)
        }
        suites[index].append(key, group)
        elementOutcomes[result.outcome.severityRank] += 1
    }

    func finishSuite() {
        guard let suite = suites.popLast() else { return }
        if !suite.hasChildSuite || !suite.groups.isEmpty { leafSuites += 1 }
        if testIDs != nil, !suite.identities.isEmpty {
            if testIDs!.count + suite.identities.count > TestIDSet.maxTests {
                testIDs = nil
            } else {
                let salt = TestIDSet.hash(suite.path) | 1
                testIDs!.append(contentsOf: suite.identities.lazy.map { $0 ^ ($0 >> 29) &* salt })
            }
        }
        for (key, group) in zip(suite.identities, suite.groups) {
            if group.isPlain {
                observed.add(passed: group.passes, skipped: group.skips)
                if group.skips > 0, let id = suite.skippedIDs[key] { keepSkipped(id) }
                continue
            }
            for folded in group.folded {
                for _ in 0..<folded.count { observed.record(folded.outcome, flaky: folded.flaky) }
                if folded.outcome == .skipped, let id = suite.skippedIDs[key] { keepSkipped(id) }
                guard folded.outcome == .failed || folded.outcome == .errored || folded.flaky else { continue }
                if cases.count < limits.detailedCases {
                    // Every notable group has its detail: `finishCase` keeps one until the list is full.
                    guard var detail = suite.details[key] else { continue }
                    detail.outcome = folded.outcome
                    detail.flaky = folded.flaky
                    detail.attempts = group.notableAttempts
                    cases.append(detail)
                } else {
                    omittedCases += 1
                }
            }
        }
        if suite.isTopLevel {
            if let seconds = suite.timeAttribute {
                topLevelSuiteSeconds += seconds
                topLevelSuitesTimed += 1
            } else {
                topLevelSuiteSeconds += suite.caseSeconds
                topLevelSuitesUntimed += 1
            }
        } else if let parentIndex = suites.indices.last {
            suites[parentIndex].caseSeconds += suite.caseSeconds
        }
    }

    // MARK: Numbers

    func intAttribute(_ value: String?) -> Int? {
        guard let value else { return nil }
        if let number = Int(value) { return number }
        let trimmed = value.trimmingWhitespace().filter { $0 != "," }
        if let number = Double(trimmed), number.isFinite, number == number.rounded() { return Int(number) }
        return nil
    }

    /// A `time` attribute read straight from its bytes: the plain decimal almost every writer
    /// emits is converted without a String; anything else takes the general path.
    @inline(__always)
    func durationBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = DurationParser.plainDecimal(bytes) {
            let seconds = value * timeScale
            if seconds > 86_400 { implausibleTimes += 1 }
            return seconds
        }
        return duration(XMLBytes.unescapedString(bytes))
    }

    /// A non-negative decimal integer attribute such as `line`.
    @inline(__always)
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let base = bytes.baseAddress, bytes.count > 0, bytes.count <= 18 {
            var value = 0
            var index = 0
            while index < bytes.count {
                let digit = base[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return Int(String(decoding: bytes, as: UTF8.self)) }
                value = value &* 10 &+ Int(digit)
                index &+= 1
            }
            return value
        }
        return bytes.isEmpty ? nil : Int(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses a `time` attribute in any of the forms real writers produce and scales it to
    /// seconds; counts what cannot be parsed instead of failing the report.
    func duration(_ raw: String) -> Double? {
        guard let parsed = DurationParser.seconds(raw) else {
            let trimmed = raw.trimmingWhitespace()
            if !trimmed.isEmpty {
                unparsableTimes += 1
                if firstUnparsableTime == nil { firstUnparsableTime = (cap(trimmed, 64), line) }
            }
            return nil
        }
        if parsed < 0 {
            negativeTimes += 1
            return 0
        }
        let seconds = parsed * timeScale
        if seconds > 86_400 { implausibleTimes += 1 }
        return seconds
    }

    func cap(_ text: String, _ bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: bytes)
        while end > text.startIndex, !text.unicodeScalars.indices.contains(end) {
            end = text.utf8.index(before: end)
        }
        return String(text[..<end]) + "…"
    }

    // MARK: Result

    func finish() -> TestRun {
        while !suites.isEmpty { finishSuite() }

        let declared: DeclaredCounts
        if rootName == "testsuites" {
            var root = DeclaredCounts()
            root.tests = intAttribute(rootAttributes[.tests])
            root.failures = intAttribute(rootAttributes[.failures])
            root.errors = intAttribute(rootAttributes[.errors])
            root.skipped = DeclaredCounts.sum(
                intAttribute(rootAttributes[.skipped] ?? rootAttributes[.skips]), intAttribute(rootAttributes[.disabled]))
            declared = root.isEmpty ? topLevelDeclared : root
        } else {
            declared = topLevelDeclared
        }

        var counts = observed
        var summaryOnly = false
        if observed.total == 0 {
            if let tests = declared.tests, tests > 0 {
                summaryOnly = true
                let failed = declared.failures ?? 0
                let errors = declared.errors ?? 0
                let skipped = declared.skipped ?? 0
                counts = TestCounts(
                    total: tests, passed: max(0, tests - failed - errors - skipped), failed: failed, errors: errors,
                    skipped: skipped)
                warn(
                    "junit.summary-only",
                    "the report holds no <testcase> elements; using its declared counts (\(tests) tests, \(failed) failures, \(errors) errors, \(skipped) skipped)")
            } else {
                warn("junit.no-tests", "the report is valid but holds no test cases")
            }
        } else {
            compare(declared: declared)
        }

        if unparsableTimes > 0, let first = firstUnparsableTime {
            warn(
                "junit.bad-time",
                "\(unparsableTimes) time attribute(s) are not durations (first: '\(first.value)'); they count as 0 s",
                line: first.line)
        }
        if negativeTimes > 0 {
            warn("junit.negative-time", "\(negativeTimes) negative time attribute(s) were counted as 0 s")
        }
        if implausibleTimes > 0 {
            warn(
                "junit.implausible-time",
                "\(implausibleTimes) duration(s) exceed one day: the writer may use milliseconds or nanoseconds (set `time_unit` on the input)")
        }
        if unnamedCases > 0 {
            warn("junit.unnamed-case", "\(unnamedCases) <testcase> element(s) have neither name nor classname")
        }

        let rootTime = rootName == "testsuites" ? rootAttributes[.time].flatMap { duration($0) } : nil
        let durationSeconds: Double
        let durationSource: String
        if let rootTime {
            durationSeconds = rootTime
            durationSource = "testsuites"
        } else if topLevelSuitesTimed > 0 {
            durationSeconds = topLevelSuiteSeconds
            durationSource = topLevelSuitesUntimed > 0 ? "testsuite+testcase" : "testsuite"
        } else {
            durationSeconds = caseSeconds
            durationSource = "testcase"
        }

        return TestRun(
            report: report, format: "junit", dialect: hints.dialect(), observed: observed, counts: counts,
            caseElements: caseElements, declared: declared, summaryOnly: summaryOnly, suites: leafSuites,
            durationSeconds: durationSeconds, durationSource: durationSource, cases: cases, omittedCases: omittedCases,
            skippedTests: skippedTests, slowestTests: slowestTests, testIDs: summaryOnly ? nil : testIDs, properties: properties,
            diagnostics: diagnostics)
    }

    /// Warns where the attributes disagree with the cases, rather than trusting either silently.
    func compare(declared: DeclaredCounts) {
        var differences: [String] = []
        if let tests = declared.tests, tests != caseElements {
            differences.append("\(tests) tests declared, \(caseElements) <testcase> elements found")
        }
        let pairs: [(String, Int?, TestOutcome)] = [
            ("failures", declared.failures, .failed), ("errors", declared.errors, .errored),
            ("skipped", declared.skipped, .skipped),
        ]
        for (label, value, outcome) in pairs {
            if let value, value != elementOutcomes[outcome.severityRank] {
                differences.append("\(value) \(label) declared, \(elementOutcomes[outcome.severityRank]) found")
            }
        }
        if !differences.isEmpty {
            warn("junit.count-mismatch", "the report's attributes disagree with its test cases: \(differences.joined(separator: "; "))")
        }
    }
}

// MARK: - Building blocks

/// One `<testsuite>` being read, with the tests seen in it so far.
struct SuiteFrame {
    var name: String
    var path: String
    var isTopLevel: Bool
    var declared: DeclaredCounts
    var timeAttribute: Double?
    var file: String?
    var hasChildSuite = false
    var caseSeconds: Double = 0
    /// Tests in document order; same-identity elements fold into one group.
    var groups: [TestGroup] = []
    /// The identity (hash of classname and name) of each group.
    var identities: [UInt64] = []
    var table = CaseIdentityTable()
    /// The failing or flaky element kept in detail for a test, by identity.
    var details: [UInt64: TestCase] = [:]
    /// `TestCase.id` of the skipped tests, by identity (capped with the reader's detail cap).
    var skippedIDs: [UInt64: String] = [:]

    /// Counts one `<testcase>` element (and its seconds) towards the test with its identity.
    mutating func record(_ key: UInt64, _ attempt: CaseAttempt, seconds: Double, flakyMarkers: Int, rerunMarkers: Int) {
        caseSeconds += seconds
        if let position = table.position(of: key, orInsert: groups.count) {
            groups[position].record(attempt, flakyMarkers: flakyMarkers, rerunMarkers: rerunMarkers)
        } else {
            var group = TestGroup()
            group.record(attempt, flakyMarkers: flakyMarkers, rerunMarkers: rerunMarkers)
            groups.append(group)
            identities.append(key)
        }
    }

    mutating func reserve(_ count: Int) {
        groups.reserveCapacity(count)
        identities.reserveCapacity(count)
        table.reserve(count)
    }

    /// Adds a group that never folds with others (a result attached to the suite itself).
    mutating func append(_ key: UInt64, _ group: TestGroup) {
        groups.append(group)
        identities.append(key)
    }

    static let implicit = SuiteFrame(name: "", path: "", isTopLevel: true, declared: DeclaredCounts())
}

struct CaseAttempt {
    var outcome: TestOutcome
    var skipKind: SkipKind?
}

/// All `<testcase>` elements with one identity (classname and name) within one suite.
struct TestGroup {
    var attempts = 0
    var passes = 0
    var failures = 0
    var errors = 0
    var skips = 0
    var lastRunPassed = false
    /// Passing elements that carry Surefire `flakyFailure`/`flakyError` markers.
    var markedFlaky = 0

    mutating func record(_ attempt: CaseAttempt, flakyMarkers: Int, rerunMarkers: Int) {
        attempts += 1 + flakyMarkers + rerunMarkers
        switch attempt.outcome {
        case .passed:
            passes += 1
            lastRunPassed = true
            if flakyMarkers > 0 { markedFlaky += 1 }
        case .failed:
            failures += 1
            lastRunPassed = false
        case .errored:
            errors += 1
            lastRunPassed = false
        case .skipped:
            skips += 1
        }
    }

    /// Nothing failed and nothing was flaky: every element is its own test (the common case,
    /// counted without building `folded`).
    var isPlain: Bool {
        failures == 0 && errors == 0 && markedFlaky == 0
    }

    /// One test as the group folds into it: its outcome, whether it was flaky, how many
    /// elements it stands for.
    struct Folded {
        var outcome: TestOutcome
        var flaky: Bool
        var count: Int
    }

    /// Folds the elements into tests.
    ///
    /// Same-named elements that all passed (or were skipped) are separate tests: parameterised
    /// tests and `go test -count` repeats share names. When a failure is among them, they are
    /// attempts of one test: failed then passed is **flaky** (counted as passed and as flaky,
    /// never as failed); a failure after the last pass stands (pytest writes a teardown error
    /// as a second case); skipped attempts next to a failure are dropped (TestNG writes a
    /// retried test's first attempt as skipped). Any further passes remain separate tests.
    var folded: [Folded] {
        let failed = failures + errors
        if failed == 0 {
            var result: [Folded] = []
            if markedFlaky > 0 { result.append(Folded(outcome: .passed, flaky: true, count: markedFlaky)) }
            if passes > markedFlaky { result.append(Folded(outcome: .passed, flaky: false, count: passes - markedFlaky)) }
            if skips > 0 { result.append(Folded(outcome: .skipped, flaky: false, count: skips)) }
            return result
        }
        let worst: TestOutcome = errors > 0 ? .errored : .failed
        var result = [lastRunPassed ? Folded(outcome: .passed, flaky: true, count: 1) : Folded(outcome: worst, flaky: false, count: 1)]
        if passes > 1 { result.append(Folded(outcome: .passed, flaky: false, count: passes - 1)) }
        return result
    }

    /// Attempts of the one notable test in the group.
    var notableAttempts: Int {
        passes <= 1 ? attempts : failures + errors + 1
    }
}

/// Clues about the writer of a report, gathered while reading.
struct DialectHints {
    var rootName: String?
    var firstSuiteName: String?
    var sampleClassname: String?
    var schemaLocation: String?
    var goVersion = false
    var surefireRerun = false
    var statusAttribute = false
    var disabledAttribute = false
    var assertionsAttribute = false
    var suiteFileAttribute = false
    var caseFileAttribute = false
    var catch2Hostname = false
    var nestedSuites = false
    var missingClassname = false

    func dialect() -> Dialect {
        let root = rootName?.lowercased() ?? ""
        if root.contains("jest") { return Dialect(name: "jest-junit", evidence: "root <testsuites name=\"\(rootName!)\">") }
        if root.contains("vitest") { return Dialect(name: "vitest", evidence: "root <testsuites name=\"\(rootName!)\">") }
        if root.contains("mocha") { return Dialect(name: "mocha-junit-reporter", evidence: "root <testsuites name=\"\(rootName!)\">") }
        if root.contains("nextest") { return Dialect(name: "cargo-nextest", evidence: "root <testsuites name=\"\(rootName!)\">") }
        if goVersion { return Dialect(name: "go-junit-report", evidence: "property go.version") }
        if let schema = schemaLocation, schema.lowercased().contains("surefire") {
            return Dialect(name: "surefire", evidence: "schema \(schema)")
        }
        if surefireRerun { return Dialect(name: "surefire", evidence: "flakyFailure/rerunFailure elements") }
        if root == "pytest" || firstSuiteName == "pytest" {
            return Dialect(name: "pytest", evidence: "suite named \"pytest\"")
        }
        if catch2Hostname { return Dialect(name: "catch2", evidence: "hostname=\"tbd\"") }
        if firstSuiteName == "TestResults", let classname = sampleClassname, classname.contains(".") {
            return Dialect(name: "swiftpm-xctest", evidence: "suite \"TestResults\" with Module.Class classnames")
        }
        if statusAttribute && disabledAttribute {
            return Dialect(name: "googletest", evidence: "status attributes and disabled counts")
        }
        if assertionsAttribute && (suiteFileAttribute || nestedSuites) {
            return Dialect(name: "phpunit", evidence: "assertions attributes on nested suites")
        }
        if nestedSuites { return Dialect(name: "junit", evidence: "generic JUnit XML with nested suites") }
        return Dialect(name: "junit", evidence: "generic JUnit XML")
    }
}

extension String {
    /// Trims ASCII and Unicode whitespace and newlines without Foundation.
    ///
    /// ASCII whitespace next to ASCII is stripped as bytes first (between two ASCII scalars
    /// there is always a grapheme break, CR LF aside, and both of those are whitespace), so a
    /// stack trace's indentation does not go through grapheme breaking; whatever is left goes
    /// through `Character.isWhitespace` exactly as before.
    func trimmingWhitespace() -> String {
        guard let bounds = utf8.withContiguousStorageIfAvailable(Self.asciiWhitespaceBounds) else {
            return trimmingCharacters()
        }
        let start = utf8.index(utf8.startIndex, offsetBy: bounds.lower)
        let end = utf8.index(utf8.startIndex, offsetBy: bounds.upper)
        // Printable ASCII at both ends: the first and last Characters are not whitespace.
        if bounds.settled { return bounds.lower == 0 && bounds.upper == utf8.count ? self : String(self[start..<end]) }
        if bounds.lower == 0 && bounds.upper == utf8.count { return trimmingCharacters() }
        return String(self[start..<end]).trimmingCharacters()
    }

    private func trimmingCharacters() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        guard let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }

    /// Byte offsets inside leading and trailing ASCII whitespace that sits next to ASCII, and
    /// whether what is left is empty or starts and ends with non-whitespace ASCII.
    private static func asciiWhitespaceBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (lower: Int, upper: Int, settled: Bool) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var lower = 0
        var upper = bytes.count
        while lower < upper, isSpace(bytes[lower]), lower + 1 == upper || bytes[lower + 1] < 0x80 { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]), upper - 1 == lower || bytes[upper - 2] < 0x80 { upper -= 1 }
        let settled = lower == upper || (bytes[lower] < 0x80 && !isSpace(bytes[lower]) && bytes[upper - 1] < 0x80 && !isSpace(bytes[upper - 1]))
        return (lower, upper, settled)
    }
}
