/// `qgate report`: the weekly quality review of the runs in the history store.
public struct ReportCommand: Sendable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case markdown, html, json
    }

    public var location: HistoryLocation
    public var since: String
    public var until: String?
    public var branch: String?
    public var format: Format
    public var tolerancePercent: Double
    /// Write here (atomically) instead of stdout.
    public var outputPath: String?
    public var now: UTCTime

    public init(
        location: HistoryLocation, since: String = "7d", until: String? = nil, branch: String? = nil, format: Format = .markdown,
        tolerancePercent: Double = Trend.defaultTolerancePercent, outputPath: String? = nil, now: UTCTime = .now()
    ) {
        self.location = location
        self.since = since
        self.until = until
        self.branch = branch
        self.format = format
        self.tolerancePercent = tolerancePercent
        self.outputPath = outputPath
        self.now = now
    }

    public func run() -> CommandResult {
        CommandFailure.catching(report)
    }

    func report() throws(CommandFailure) -> CommandResult {
        guard tolerancePercent.isFinite, tolerancePercent >= 0 else {
            throw CommandFailure(HistoryLocation.usage("--tolerance must be a percentage of 0 or more"))
        }
        var end = now
        if let until {
            guard let parsed = TimeWindow.start(until, now: now) else {
                throw CommandFailure(HistoryLocation.usage("--until '\(until)' is not \(TimeWindow.help)"))
            }
            end = parsed
        }
        guard let start = TimeWindow.start(since, now: now) else {
            throw CommandFailure(HistoryLocation.usage("--since '\(since)' is not \(TimeWindow.help)"))
        }
        guard start <= end else {
            throw CommandFailure(HistoryLocation.usage("--since \(start) is after --until \(end)"))
        }
        let (store, settings) = try location.configured()
        let regressions = settings?.regressions
        let loaded: HistoryStore.ReviewLoad
        do {
            loaded = try store.reviewTable(
                since: start, until: end, branch: branch, lookback: (regressions ?? ReviewDetectors.defaultRegressionSettings).window)
        } catch {
            throw HistoryLocation.storeError(error)
        }
        let warnings = loaded.warnings
        let review = WeeklyReview(
            table: loaded.table, window: WeeklyReview.Window(since: start, until: end, branch: branch),
            tolerancePercent: tolerancePercent, regressionSettings: regressions, flakySettings: settings?.flaky ?? FlakySettings(),
            warnings: warnings.map { TerminalText.clean($0.description) })
        let text = switch format {
        case .markdown: ReviewMarkdown.render(review)
        case .html: ReviewHTML.render(review)
        case .json: ReviewJSON.render(review)
        }
        return try HistoryLocation.output(
            text, warnings: warnings, to: outputPath, written: "wrote the review of \(loaded.table.rows.count) run(s)")
    }
}
