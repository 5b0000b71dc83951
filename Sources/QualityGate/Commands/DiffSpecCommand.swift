import Dispatch
import Foundation

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

    /// Runs the diff. With `standardOutput`, JSON for stdout is streamed there in chunks
    /// (and `stdout` of the result stays empty) instead of being built as one string.
    public func run(standardOutput: (([UInt8]) -> Void)? = nil) -> CommandResult {
        var phases = PhaseClock()
        let baseSpec: APISpec, revisionSpec: APISpec
        do {
            let loaded = APISpec.load([base, revision])  // both at once
            baseSpec = try loaded[0].get()
            revisionSpec = try loaded[1].get()
        } catch {
            return CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.inputError)
        }
        phases.mark("load")
        let changes = SpecDiff(base: baseSpec, revision: revisionSpec, options: options).changes()
        phases.mark("diff")
        defer { phases.mark("render") }
        let report = SpecDiffReport(base: baseSpec, baseName: base, revision: revisionSpec, revisionName: revision, changes: changes)
        let renderer = SpecDiffRenderer()
        let failed = failOn.map { level in changes.indices.contains { changes[$0].level >= level } } ?? false
        var result = CommandResult(exitCode: failed ? CommandResult.Code.gateFailed : CommandResult.Code.pass)
        if let outputPath {
            do {
                switch format {
                case .json: try OutputFile.write(to: outputPath) { report.writeJSON(to: $0) }
                case .text: try OutputFile.write(renderer.text(report, color: false), to: outputPath)
                case .markdown: try OutputFile.write(renderer.markdown(report), to: outputPath)
                }
            } catch {
                return CommandResult(stderr: ["qgate: " + error.description], exitCode: CommandResult.Code.usage)
            }
            result.stdout = renderer.text(report, color: color).split(separator: "\n").first.map { String($0) + "\n" } ?? ""
            return result
        }
        switch format {
        case .text: result.stdout = renderer.text(report, color: color)
        case .markdown: result.stdout = renderer.markdown(report)
        case .json:
            if let standardOutput {
                report.writeJSON(to: standardOutput)
            } else {
                result.stdout = report.jsonText
            }
        }
        return result
    }
}

/// `QGATE_PROFILE_PHASES=1`: wall time and peak RSS after each phase of `diff-spec`, on
/// stderr (for tuning on big specs; the benchmark itself lives in bench/).
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["QGATE_PROFILE_PHASES"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").filter { $0.hasPrefix("VmHWM:") || $0.hasPrefix("VmRSS:") }
            .joined(separator: " ")
        FileHandle.standardError.write("phase \(phase): \((now - last) / 1_000_000) ms; \(peak)\n".data(using: .utf8)!)
        last = now
        if ProcessInfo.processInfo.environment["QGATE_PROFILE_MALLOC"] != nil { qgateMallocStats() }
    }
}

@_silgen_name("malloc_stats") private func qgateMallocStats()
