/// One `<testcase>` being read.
///
/// Name and classname stay bytes until a test is worth listing: the identity that folds
/// reruns is hashed from the bytes, and most tests pass. The bytes live in one reused
/// allocation (`CaseText`), so a passing case costs three `memcpy`s and no Array bookkeeping.
/// The builder is held by one `JUnitParseState` and never copied.
struct CaseBuilder {
    private let text = CaseText()
    private var nameRange: Range<Int>?
    private var classnameRange: Range<Int>?
    private var fileRange: Range<Int>?
    var line: Int?
    var time: Double?
    var status: String?
    var failures = 0
    var errors = 0
    var skipped = false
    var skipKind: SkipKind?
    var flakyMarkers = 0
    var rerunMarkers = 0
    var flakyMessage: String?
    var flakyType: String?
    /// 0 none or skipped, 1 failure, 2 error: which result element's text is kept.
    var detailRank = 0
    var capturing = false
    var failureType: String?
    var message: String?
    var details: String?
    var properties: [Property] = []

    var hasName: Bool { nameRange != nil }
    var hasClassname: Bool { classnameRange != nil }
    var hasFile: Bool { fileRange != nil }

    /// Clears the fields for the next case, keeping the byte storage.
    @inline(__always)
    mutating func reset() {
        text.removeAll()
        nameRange = nil
        classnameRange = nil
        fileRange = nil
        line = nil
        time = nil
        if status != nil { status = nil }
        // Most cases pass with no result element: test before releasing a field.
        if hasResult { clearResult() }
    }

    private var hasResult: Bool {
        failures != 0 || errors != 0 || skipped || skipKind != nil || flakyMarkers != 0 || rerunMarkers != 0
            || flakyMessage != nil || flakyType != nil || detailRank != 0 || capturing || failureType != nil
            || message != nil || details != nil || !properties.isEmpty
    }

    private mutating func clearResult() {
        failures = 0
        errors = 0
        skipped = false
        skipKind = nil
        flakyMarkers = 0
        rerunMarkers = 0
        flakyMessage = nil
        flakyType = nil
        detailRank = 0
        capturing = false
        failureType = nil
        message = nil
        details = nil
        if !properties.isEmpty { properties.removeAll() }
    }

    @inline(__always)
    mutating func setName(_ bytes: UnsafeBufferPointer<UInt8>) {
        nameRange = text.append(bytes)
    }

    @inline(__always)
    mutating func setClassname(_ bytes: UnsafeBufferPointer<UInt8>) {
        classnameRange = text.append(bytes)
    }

    @inline(__always)
    mutating func setFile(_ bytes: UnsafeBufferPointer<UInt8>) {
        fileRange = text.append(bytes)
    }

    var file: String? {
        fileRange.map { XMLBytes.unescapedString(text.bytes($0)) }
    }

    var name: String? {
        nameRange.map { XMLBytes.unescapedString(text.bytes($0)) }
    }

    var classname: String? {
        classnameRange.map { XMLBytes.unescapedString(text.bytes($0)) }
    }

    /// The case's identity and outcome, computed in place (the builder is not copied).
    /// `caseNumber` separates cases that have neither name nor classname.
    func conclude(caseNumber: Int) -> (identity: UInt64, attempt: CaseAttempt) {
        (identity(unique: hasName || hasClassname ? nil : caseNumber), outcome)
    }

    /// The identity duplicates fold by: classname and name (a nameless case goes by its
    /// classname); `unique` separates cases that have neither.
    func identity(unique: Int?) -> UInt64 {
        var identity = CaseIdentity()
        let classname = classnameRange.map { text.bytes($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        identity.add(byte: hasClassname ? 1 : 0)
        identity.add(classname)
        identity.add(byte: 0xFF)
        if let nameRange {
            identity.add(text.bytes(nameRange))
        } else if hasClassname {
            identity.add(classname)
        } else {
            identity.add(byte: 0xFD)
        }
        if let unique { identity.add(integer: unique) }
        return identity.value
    }

    /// The outcome of this one attempt.
    ///
    /// A status saying the test did not run (`disabled`, `ignored`, `notrun`) wins over a
    /// result element, as googletest and mikepenz/action-junit-report read it; otherwise the
    /// most severe result element wins (error over failure over skipped), as in
    /// EnricoMi/publish-unit-test-result-action.
    var outcome: CaseAttempt {
        switch status {
        case "disabled", "ignored":
            return CaseAttempt(outcome: .skipped, skipKind: .disabled)
        case "notrun", "not_run", "not-run", "notexecuted":
            return CaseAttempt(outcome: .skipped, skipKind: .notRun)
        default:
            break
        }
        if errors > 0 { return CaseAttempt(outcome: .errored) }
        if failures > 0 { return CaseAttempt(outcome: .failed) }
        if skipped { return CaseAttempt(outcome: .skipped, skipKind: skipKind ?? .skipped) }
        switch status {
        case "skipped", "skip", "pending":
            return CaseAttempt(outcome: .skipped, skipKind: .skipped)
        case "fail", "failed", "failure":
            return CaseAttempt(outcome: .failed)
        case "error", "errored", "broken":
            return CaseAttempt(outcome: .errored)
        default:
            return CaseAttempt(outcome: .passed)
        }
    }
}

/// The current case's attribute bytes (name, classname, file) back to back in one growable
/// allocation that lives as long as the reader's state.
final class CaseText {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    init(capacity: Int = 1_024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    func removeAll() {
        count = 0
    }

    /// Copies `bytes` in; the range stays valid until `removeAll()`.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = count
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        if let source = bytes.baseAddress, !bytes.isEmpty {
            (base + count).update(from: source, count: bytes.count)
        }
        count += bytes.count
        return start..<count
    }

    private func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always)
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }
}
