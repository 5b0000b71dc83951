/// `qgate diff-spec BASE REVISION`: breaking changes between two spec versions.
///
/// Exit codes follow the rest of qgate: 0 nothing at or above `failOn`, 1 a change at or
/// above it (ERR by default), 3 a spec could not be loaded.
public struct DiffSpecCommand: Sendable {
    public var base: String
    public var revision: String
    public var format: OutputFormat
    public var outputPath: String?
    public var color: Bool
    /// The lowest level that fails (ERR by default: breaking changes).
    public var failOn: ChangeLevel?
    public var options: DiffOptions

    public init(
        base: String, revision: String, format: OutputFormat = .text, outputPath: String? = nil, color: Bool = false,
        failOn: ChangeLevel? = .err, options: DiffOptions = DiffOptions()
    ) {
        self.base = base
        self.revision = revision
        self.format = format
        self.outputPath = outputPath
        self.color = color
        self.failOn = failOn
        self.options = options
    }

    public func run() -> CommandResult {
        let baseSpec: APISpec, revisionSpec: APISpec
        do {
            let loaded = APISpec.load([base, revision])  // both at once
            baseSpec = try loaded[0].get()
            revisionSpec = try loaded[1].get()
        } catch {
            return CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.inputError)
        }
        let changes = SpecDiff(base: baseSpec, revision: revisionSpec, options: options).changes()
        let report = SpecDiffReport(base: baseSpec, baseName: base, revision: revisionSpec, revisionName: revision, changes: changes)
        let renderer = SpecDiffRenderer()
        let rendered: String
        switch format {
        case .text: rendered = renderer.text(report, color: color && outputPath == nil)
        case .markdown: rendered = renderer.markdown(report)
        case .json: rendered = JSONRenderer.render(report)
        }
        let failed = failOn.map { level in changes.contains { $0.level >= level } } ?? false
        var result = CommandResult(exitCode: failed ? CommandResult.Code.gateFailed : CommandResult.Code.pass)
        if let outputPath {
            do {
                try OutputFile.write(rendered, to: outputPath)
            } catch {
                return CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.usage)
            }
            result.stdout = renderer.text(report, color: color).split(separator: "\n").first.map { String($0) + "\n" } ?? ""
        } else {
            result.stdout = rendered
        }
        return result
    }
}
