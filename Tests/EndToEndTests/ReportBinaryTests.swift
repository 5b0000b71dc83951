import Foundation
import Testing

/// Chromium on PATH (`chromium` or `chromium-browser`); nil skips the browser test.
enum HeadlessChromium {
    static let path: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()
}

/// `qgate report` through the built binary over a store that `qgate check --record` wrote, and
/// its HTML rendered by a real headless Chromium (Debian's `chromium` package).
@Suite("qgate report, end to end")
struct ReportBinaryTests {
    let binary = QGateBinaryTests()

    /// A store with three runs of main: pass rates 100, 50 (a failing run), 100; the slowest
    /// test gets slower each time. Returns the folder (store at `<folder>/store`).
    func recordedFolder() throws -> String {
        let folder = binary.temporaryFolder()
        binary.write(
            "inputs:\n  - path: results/*.xml\nkpis:\n  - id: pass\n    metric: tests.pass_rate\n    target: \">= 99\"\nhistory:\n  path: store\n",
            to: folder + "/qgate.yml")
        for (index, failing) in [false, true, false].enumerated() {
            binary.write(
                """
                <testsuite name="unit">
                  <testcase classname="Cart" name="adds" time="0.5"/>
                  <testcase classname="Cart" name="&lt;script&gt;removes" time="\(index + 1).5">\(failing ? "<failure message=\"no\"/>" : "")</testcase>
                </testsuite>
                """, to: folder + "/results/a.xml")
            let run = try binary.qgate(
                ["check", "--config", "qgate.yml", "--record", "--branch", "main", "--commit", "c\(index)c\(index)c\(index)"], in: folder)
            #expect(run.status == (failing ? 1 : 0), "\(run.stderr)")
        }
        return folder
    }

    @Test("markdown by default: the runs, the KPI's trend and sparkline, the slowest tests")
    func markdown() throws {
        let folder = try recordedFolder()
        let run = try binary.qgate(["report", "--since", "1d", "--branch", "main"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Branch **main** · 3 runs: 2 pass, 0 warn, 1 fail, 0 error · commits `c0c0c0`…`c2c2c2`\n"))
        #expect(run.stdout.contains("| pass | 100 % | ON_TRACK | → stable | 0 % | █▁█ | 2 ON_TRACK, 1 OFF_TRACK |\n"))
        #expect(run.stdout.contains("| Cart\\:\\:&lt;script&gt;removes | 3.5 s | 3.5 s | 3 |\n"))
        let other = try binary.qgate(["report", "--since", "1d", "--branch", "release"], in: folder)
        #expect(other.stdout.contains("Branch **release** · 0 runs"))
        let bad = try binary.qgate(["report", "--since", "yesterday"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--since 'yesterday' is not"))
        let help = try binary.qgate(["report", "--help"])
        #expect(help.stdout.contains("qgate report --since 7d --format html --output review.html"))
    }

    @Test("json and html written with --output")
    func files() throws {
        let folder = try recordedFolder()
        let json = try binary.qgate(["report", "--format", "json", "--output", "out/review.json"], in: folder)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.contains("qgate: wrote the review of 3 run(s) to out/review.json"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/out/review.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((document["runs"] as? [String: Any])?["total"] as? Int == 3)
        let html = try binary.qgate(["report", "--format", "html", "-o", "review.html"], in: folder)
        #expect(html.status == 0, "\(html.stderr)")
        let text = try String(contentsOfFile: folder + "/review.html", encoding: .utf8)
        #expect(text.contains("<circle class=\"point\""))
    }

    /// Runs Chromium headless with a time limit; returns stdout.
    func chromium(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(HeadlessChromium.path))
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + 60)
        timer.setEventHandler { if process.isRunning { process.terminate() } }
        timer.resume()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        #expect(Date() < deadline, "chromium did not finish within 60 s")
        return String(decoding: stdout, as: UTF8.self)
    }

    @Test(
        "Chromium renders the HTML: the parsed DOM has the SVG chart with a point per run, and a screenshot is drawn",
        .enabled(if: HeadlessChromium.path != nil, "Chromium is not installed (apt-get install -y chromium); browser test skipped"))
    func browser() throws {
        let folder = try recordedFolder()
        let html = try binary.qgate(["report", "--format", "html", "-o", "review.html"], in: folder)
        #expect(html.status == 0, "\(html.stderr)")
        let page = URL(fileURLWithPath: folder + "/review.html").absoluteString

        // The DOM as the browser parsed it (Chromium re-serializes it, so this is not the file).
        let dom = try chromium(["--dump-dom", page])
        let svg = try #require(try Regex(#"<svg class="chart"[^>]*data-kpi="pass"[^>]*>(.*?)</svg>"#).dotMatchesNewlines().firstMatch(in: dom))
        let chart = String(svg.output[1].substring ?? "")
        let points = chart.matches(of: try Regex(##"<circle class="point" cx="[0-9.]+" cy="[0-9.]+" r="3" fill="#[0-9a-f]{6}" data-value="([0-9.]+)">"##))
        #expect(points.map { String($0.output[1].substring ?? "") } == ["100", "50", "100"])
        #expect(chart.contains("<polyline"))
        // The untrusted test name stayed text: no script element was created from it.
        #expect(!dom.contains("<script"))
        #expect(dom.contains("Cart::&lt;script&gt;removes"))

        // A screenshot: a PNG of the requested size with more than a blank page in it.
        let shot = folder + "/review.png"
        _ = try chromium(["--screenshot=\(shot)", "--window-size=800,600", "--hide-scrollbars", page])
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let size = png.dropFirst(16).prefix(8).reduce(into: [UInt32]()) { $0.append(UInt32($1)) }
        #expect(size.count == 8)
        let width = size[0..<4].reduce(0) { $0 << 8 | $1 }
        let height = size[4..<8].reduce(0) { $0 << 8 | $1 }
        #expect(width == 800 && height == 600)
        #expect(png.count > 10_000, "a \(png.count)-byte screenshot looks blank")
    }
}
