/// Text and markdown renderings of a spec diff: breaking changes first, grouped by endpoint,
/// each with its level, rule, one-line explanation and both locations.
public struct SpecDiffRenderer: Sendable {
    /// Endpoints listed in markdown before the rest is summarised (all are in the JSON).
    public var maxListedEndpoints = 60
    /// Lowest level listed in markdown (INFO changes are counted, not listed, by default).
    public var listedLevel: ChangeLevel = .warn

    public init() {}

    public func text(_ report: SpecDiffReport, color: Bool = false) -> String {
        var lines: [String] = []
        lines.append(
            "\(report.base.spec) (\(report.base.version ?? "?")) → \(report.revision.spec) (\(report.revision.version ?? "?")): "
                + summary(report))
        for (endpoint, changes) in report.byEndpoint {
            lines.append(endpoint.isEmpty ? "document" : TerminalText.clean(endpoint))
            for change in changes {
                let level = color ? Self.colored(change.level) : change.level.rawValue
                lines.append("  \(level) \(change.id): \(TerminalText.clean(change.message))")
                if let at = locations(change) { lines.append("      \(at)") }
            }
        }
        for warning in report.warnings { lines.append(TerminalText.clean(warning.description)) }
        return lines.joined(separator: "\n") + "\n"
    }

    func summary(_ report: SpecDiffReport) -> String {
        let err = report.count(.err), warn = report.count(.warn), info = report.count(.info)
        if err + warn + info == 0 { return "no changes" }
        return "\(err) breaking, \(warn) warning\(warn == 1 ? "" : "s"), \(info) info"
    }

    func locations(_ change: SpecChange) -> String? {
        switch (change.base, change.revision) {
        case (let b?, let r?): "base \(b) → revision \(r)"
        case (let b?, nil): "base \(b)"
        case (nil, let r?): "revision \(r)"
        default: nil
        }
    }

    static func colored(_ level: ChangeLevel) -> String {
        switch level {
        case .err: "\u{1B}[31mERR\u{1B}[0m"
        case .warn: "\u{1B}[33mWARN\u{1B}[0m"
        case .info: "\u{1B}[2mINFO\u{1B}[0m"
        }
    }

    public func markdown(_ report: SpecDiffReport, heading: String = "##") -> String {
        var lines: [String] = []
        let err = report.count(.err)
        let icon = err > 0 ? "❌" : (report.count(.warn) > 0 ? "⚠️" : "✅")
        lines.append("\(heading) \(icon) API changes: \(summary(report))")
        lines.append("")
        lines.append(
            "`\(MarkdownEscaping.inline(report.base.spec, limit: 160).replacingBackticks())` (\(MarkdownEscaping.inline(report.base.version ?? "?", limit: 40))) → `\(MarkdownEscaping.inline(report.revision.spec, limit: 160).replacingBackticks())` (\(MarkdownEscaping.inline(report.revision.version ?? "?", limit: 40))), OpenAPI \(report.base.dialect) → \(report.revision.dialect)")
        lines.append(markdownChanges(report, heading: heading + "#"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The grouped list of changes at or above `listedLevel` (shared with the verdict).
    func markdownChanges(_ report: SpecDiffReport, heading: String) -> String {
        var lines: [String] = []
        let listed = report.byEndpoint.compactMap { group -> (String, [SpecChange])? in
            let kept = group.changes.filter { $0.level >= listedLevel }
            return kept.isEmpty ? nil : (group.endpoint, kept.sorted { $0.level > $1.level })
        }.sorted { lhs, rhs in
            (lhs.1.first?.level ?? .info) > (rhs.1.first?.level ?? .info)
        }
        if listed.isEmpty {
            let info = report.count(.info)
            lines.append("")
            lines.append(info > 0 ? "No breaking change or warning; \(info) non-breaking change\(info == 1 ? "" : "s") (see --format json)." : "No change.")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append("\(heading) Breaking changes and warnings by endpoint")
        for (endpoint, changes) in listed.prefix(maxListedEndpoints) {
            lines.append("")
            lines.append(endpoint.isEmpty ? "**Document**" : "**`\(MarkdownEscaping.inline(endpoint, limit: 200).replacingBackticks())`**")
            for change in changes {
                let badge = change.level == .err ? "🔴 ERR" : (change.level == .warn ? "🟠 WARN" : "INFO")
                var line = "- \(badge) `\(change.id)`: \(MarkdownEscaping.inline(change.message, limit: 300))"
                if let at = locations(change) { line += " <sub>\(MarkdownEscaping.inline(at, limit: 300))</sub>" }
                lines.append(line)
            }
        }
        if listed.count > maxListedEndpoints {
            lines.append("")
            lines.append("…and \(listed.count - maxListedEndpoints) more endpoints (see --format json).")
        }
        let info = report.count(.info)
        if info > 0, listedLevel > .info {
            lines.append("")
            lines.append("Plus \(info) non-breaking change\(info == 1 ? "" : "s") (INFO), listed in --format json.")
        }
        return lines.joined(separator: "\n")
    }
}
