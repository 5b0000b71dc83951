/// One configured input: a glob of artifact files and the labels their metrics carry.
public struct InputSpec: Sendable, Hashable {
    /// Glob relative to the config file's folder (`*`, `?`, `[...]`, `**` for any depth).
    public var pattern: String
    /// Labels attached to every metric from these files, e.g. `suite: unit`.
    public var labels: [String: String]
    /// `junit` or a coverage format (`lcov`, `cobertura`...); nil means detect from content.
    public var format: String?
    /// The unit of `time` attributes, for writers that use milliseconds or nanoseconds.
    public var timeUnit: JUnitReader.TimeUnit
    /// When false, a pattern matching no file is a note instead of an input error.
    public var required: Bool
    public var line: Int?

    public init(
        pattern: String, labels: [String: String] = [:], format: String? = nil,
        timeUnit: JUnitReader.TimeUnit = .seconds, required: Bool = true, line: Int? = nil
    ) {
        self.pattern = pattern
        self.labels = labels
        self.format = format
        self.timeUnit = timeUnit
        self.required = required
        self.line = line
    }
}
