/// The elements the JUnit reader acts on; every other element is `.other`.
enum JUnitElement: UInt8, CustomStringConvertible {
    case other
    case testsuites
    case testsuite
    case testcase
    case failure
    case error
    case skipped
    case property
    case properties
    case flakyFailure
    case flakyError
    case rerunFailure
    case rerunError

    var description: String {
        switch self {
        case .other: "?"
        case .testsuites: "testsuites"
        case .testsuite: "testsuite"
        case .testcase: "testcase"
        case .failure: "failure"
        case .error: "error"
        case .skipped: "skipped"
        case .property: "property"
        case .properties: "properties"
        case .flakyFailure: "flakyFailure"
        case .flakyError: "flakyError"
        case .rerunFailure: "rerunFailure"
        case .rerunError: "rerunError"
        }
    }

    /// A result element inside a case or suite: `<failure>`, `<error>` or `<skipped>`.
    var isResult: Bool {
        self == .failure || self == .error || self == .skipped
    }
}

/// The attributes the JUnit reader reads; the raw value is the slot in `XMLAttributes`.
enum JUnitAttribute: Int, CaseIterable, CustomStringConvertible {
    case name
    case time
    case classname
    case message
    case type
    case file
    case line
    case tests
    case failures
    case errors
    case skipped
    case status
    case value
    case `class`
    case skips
    case disabled
    case assertions
    case hostname
    case noNamespaceSchemaLocation
    case schemaLocation

    var description: String {
        switch self {
        case .name: "name"
        case .time: "time"
        case .classname: "classname"
        case .message: "message"
        case .type: "type"
        case .file: "file"
        case .line: "line"
        case .tests: "tests"
        case .failures: "failures"
        case .errors: "errors"
        case .skipped: "skipped"
        case .status: "status"
        case .value: "value"
        case .class: "class"
        case .skips: "skips"
        case .disabled: "disabled"
        case .assertions: "assertions"
        case .hostname: "hostname"
        case .noNamespaceSchemaLocation: "noNamespaceSchemaLocation"
        case .schemaLocation: "schemaLocation"
        }
    }
}
