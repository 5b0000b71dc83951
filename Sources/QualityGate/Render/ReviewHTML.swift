/// The weekly review as one self-contained HTML file: inline CSS and an inline SVG chart per
/// KPI, no scripts and no external assets, so it opens offline and can be archived as is.
/// Every text from the records is escaped.
public enum ReviewHTML {
    static let chartWidth = 480.0
    static let chartHeight = 120.0
    static let pad = 8.0
    /// More points than this get markers only where they matter (see `chart`).
    static let maxMarkers = 240

    public static func render(_ review: WeeklyReview) -> String {
        let title = "Quality review \(review.window.since.day) → \(review.window.until.day)"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:0 0 1.5em}
            th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
            td.n{text-align:right}
            .kpi{display:inline-block;margin:0 1em 1em 0;vertical-align:top}
            svg.chart{background:#fafafa;border:1px solid #ddd}
            .ON_TRACK{color:#1a7f37}.AT_RISK{color:#9a6700}.OFF_TRACK{color:#cf222e}.NEUTRAL{color:#666}
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p>\(escape(ReviewText.summary(review, branch: { $0 }, commit: { $0 })))</p>

            """
        html += "<h2>KPI trends</h2>\n"
        if review.kpis.isEmpty { html += "<p>No KPI results in this window.</p>\n" }
        for kpi in review.kpis {
            html += "<div class=\"kpi\"><h3>\(escape(kpi.id))</h3>\n"
            html += "<p>Latest \(escape(ReviewText.value(kpi.points.last?.value, unit: kpi.unit))) "
            html += "<span class=\"\(kpi.latestStatus.rawValue)\">\(kpi.latestStatus.rawValue)</span> · "
            html += "\(escape(ReviewText.direction(kpi.trend))) \(escape(ReviewText.changePercent(kpi.trend)))</p>\n"
            html += chart(kpi) + "</div>\n"
        }
        html += section(
            "Budgets at risk (headroom under \(NumberFormat.plain(WeeklyReview.budgetRiskPercent)) %)",
            ["Budget", "Value", "Headroom", "Status", "Commit"],
            review.budgetsAtRisk.map {
                [$0.id, ReviewText.value($0.value, unit: $0.unit), NumberFormat.rounded($0.margin) + " %", $0.status.rawValue,
                 ReviewText.commit($0.commit) ?? "-"]
            }, empty: "No budget is within \(NumberFormat.plain(WeeklyReview.budgetRiskPercent)) % of its limit.")
        html += "<h2>Regressions</h2>\n"
        if let note = review.regressions.note { html += "<p><em>\(escape(note))</em></p>\n" }
        if review.regressions.available || !review.regressions.items.isEmpty {
            html += table(
                ["Series", "Commits", "Since", "Before", "After", "Change"],
                review.regressions.items.map {
                    [$0.series, "\(ReviewText.commit($0.fromCommit) ?? "?")…\(ReviewText.commit($0.toCommit) ?? "?")", $0.since.day,
                     NumberFormat.rounded($0.before), NumberFormat.rounded($0.after), ReviewText.percent($0.changePercent)]
                }, empty: "No regressions.")
        }
        html += section(
            "Top flaky tests", ["Test", "Evidence", "Last seen"],
            review.flakyTests.map { [$0.id, ReviewText.evidence($0), $0.lastSeen.day] }, empty: "No flaky tests recorded.")
        html += section(
            "Slowest tests", ["Test", "Slowest", "Latest", "Runs"],
            review.slowestTests.map {
                [$0.id, NumberFormat.rounded($0.maxSeconds) + " s", NumberFormat.rounded($0.latestSeconds) + " s", String($0.runs)]
            }, empty: "No test timings recorded.")
        html += section(
            "Coverage movement", ["Series", "First", "Last", "Change"],
            review.coverage.map { [$0.series, NumberFormat.rounded($0.first), NumberFormat.rounded($0.last), ReviewText.signed($0.change)] },
            empty: "No coverage metrics recorded.")
        html += section(
            "Spec drift", ["Recorded (UTC)", "Series", "From", "To", "Commit"],
            review.specDrift.map {
                [$0.recordedAt.description, $0.series, $0.from.map { NumberFormat.rounded($0) } ?? "-",
                 $0.to.map { NumberFormat.rounded($0) } ?? "-", ReviewText.commit($0.commit) ?? "-"]
            }, empty: "No OpenAPI metric changed.")
        if !review.warnings.isEmpty {
            html += "<h2>Warnings</h2>\n<ul>\n" + review.warnings.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        return html + "</body>\n</html>\n"
    }

    /// A line chart of the KPI's values over time: one `circle.point` per measured run (its
    /// `<title>` gives time, value and status), joined by a polyline; runs without a value are left out.
    static func chart(_ kpi: WeeklyReview.KPITrend) -> String {
        let points = kpi.points.compactMap { point in point.value.flatMap { $0.isFinite ? (point, $0) : nil } }
        let label = "\(kpi.id) over time"
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(chartWidth))\" height=\"\(Int(chartHeight))\" "
        svg += "viewBox=\"0 0 \(Int(chartWidth)) \(Int(chartHeight))\" role=\"img\" aria-label=\"\(escape(label))\" data-kpi=\"\(escape(kpi.id))\">\n"
        svg += "<title>\(escape(label))</title>\n"
        guard !points.isEmpty else {
            return svg + "<text x=\"\(Int(chartWidth / 2))\" y=\"\(Int(chartHeight / 2))\" text-anchor=\"middle\">no data</text>\n</svg>\n"
        }
        let times = points.map { Double($0.0.recordedAt.milliseconds) }
        let values = points.map(\.1)
        let (t0, t1) = (times.min()!, times.max()!)
        let (v0, v1) = (values.min()!, values.max()!)
        func x(_ t: Double) -> Double { t1 > t0 ? pad + (t - t0) / (t1 - t0) * (chartWidth - 2 * pad) : chartWidth / 2 }
        func y(_ v: Double) -> Double { v1 > v0 ? chartHeight - pad - (v - v0) / (v1 - v0) * (chartHeight - 2 * pad) : chartHeight / 2 }
        let coordinates = zip(times, values).map { (x($0), y($1)) }
        svg += "<text x=\"2\" y=\"12\" font-size=\"10\">\(escape(NumberFormat.rounded(v1)))</text>"
        svg += "<text x=\"2\" y=\"\(Int(chartHeight) - 2)\" font-size=\"10\">\(escape(NumberFormat.rounded(v0)))</text>\n"
        svg += "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\""
        svg += coordinates.map { "\(coordinate($0.0)),\(coordinate($0.1))" }.joined(separator: " ") + "\"/>\n"
        // One marker per run while they can be told apart (2 px apart on a 480 px chart); past
        // that, markers only on the runs that were not on track and on the latest run.
        let marked = points.count <= maxMarkers
        var shown = 0
        for (index, ((point, value), (cx, cy))) in zip(points, coordinates).enumerated()
        where marked || point.status != .onTrack || index == points.count - 1 {
            shown += 1
            let color = point.status == .offTrack ? "#cf222e" : point.status == .atRisk ? "#9a6700" : "#1a7f37"
            let tip = "\(point.recordedAt) \(ReviewText.value(value, unit: kpi.unit)) \(point.status.rawValue)"
            svg += "<circle class=\"point\" cx=\"\(coordinate(cx))\" cy=\"\(coordinate(cy))\" r=\"3\" fill=\"\(color)\" data-value=\"\(NumberFormat.plain(value))\">"
            svg += "<title>\(escape(tip))</title></circle>\n"
        }
        if !marked {
            svg += "<text x=\"\(Int(chartWidth) - 2)\" y=\"\(Int(chartHeight) - 2)\" font-size=\"10\" text-anchor=\"end\">"
            svg += "\(points.count) runs; markers on the \(shown) not on track or latest</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func coordinate(_ value: Double) -> String { NumberFormat.rounded(value, digits: 1) }

    static func section(_ title: String, _ header: [String], _ rows: [[String]], empty: String) -> String {
        "<h2>\(escape(title))</h2>\n" + table(header, rows, empty: empty)
    }

    static func table(_ header: [String], _ rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p>\(escape(empty))</p>\n" }
        var html = "<table>\n<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }

    /// Text and attribute values: the five HTML metacharacters as entities, control characters dropped.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
