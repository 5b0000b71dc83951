/// A mistake in `qgate.yml`, with the place to fix it.
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not valid YAML or JSON.
    case syntax(file: String, line: Int, column: Int, problem: String)
    /// The file parses, but some values are wrong; all of them are listed.
    case invalid(file: String, issues: [Issue])

    /// One wrong value: where it is, which key, what is wrong and how to fix it.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        /// Dotted path of the key, e.g. `kpis[2].target`.
        public var key: String
        public var message: String

        public init(line: Int, column: Int, key: String, message: String) {
            self.line = line
            self.column = column
            self.key = key
            self.message = message
        }

        public var description: String { "\(line):\(column): \(key): \(message)" }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): error: cannot read the config: \(reason)"
        case .syntax(let file, let line, let column, let problem):
            "\(file):\(line):\(column): error: not valid YAML: \(problem)"
        case .invalid(let file, let issues):
            issues.map { "\(file):\($0.line):\($0.column): error: \($0.key): \($0.message)" }.joined(separator: "\n")
        }
    }
}
