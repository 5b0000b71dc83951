/// `qgate check`: read the config, evaluate, render, and map the verdict to an exit code.
public struct CheckCommand: Sendable {
    public var configPath: String
    public var format: OutputFormat
    /// Write the rendering here instead of stdout (stdout then gets the text summary).
    public var outputPath: String?
    public var color: Bool
    /// `--base`: the ref that patch coverage is measured against.
    public var base: String?
    /// `--diff`: a unified diff file for patch coverage instead of git.
    public var diffFile: String?

    public init(
        configPath: String, format: OutputFormat = .text, outputPath: String? = nil, color: Bool = false,
        base: String? = nil, diffFile: String? = nil
    ) {
        self.base = base
        self.diffFile = diffFile
        self.configPath = configPath
        self.format = format
        self.outputPath = outputPath
        self.color = color
    }

    public func run() -> CommandResult {
        let config: GateConfig
        do {
            config = try ConfigLoader().load(path: configPath)
        } catch {
            return CommandResult(stderr: error.description.split(separator: "\n").map { "qgate: " + $0 }, exitCode: CommandResult.Code.usage)
        }
        let verdict = Gate().check(config, base: base, diffFile: diffFile)
        let rendered = Self.render(verdict, format: format, color: color && outputPath == nil)
        var result = CommandResult(exitCode: Int32(verdict.exitCode))
        if let outputPath {
            do {
                try OutputFile.write(rendered, to: outputPath)
            } catch {
                return CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.usage)
            }
            result.stdout = TextRenderer(color: color).render(verdict)
        } else {
            result.stdout = rendered
        }
        return result
    }

    public static func render(_ verdict: Verdict, format: OutputFormat, color: Bool) -> String {
        switch format {
        case .text: TextRenderer(color: color).render(verdict)
        case .markdown: MarkdownRenderer().render(verdict)
        case .json: JSONRenderer.render(verdict)
        }
    }
}
