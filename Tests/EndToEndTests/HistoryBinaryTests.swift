import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `qgate check --record` and `qgate history` through the built binary: several writers at
/// once, a writer killed mid-write, damaged files, retention, export and exit codes.
@Suite("qgate history, end to end")
struct HistoryBinaryTests {
    let binary = QGateBinaryTests()

    /// A gate over one small JUnit file, with its store at `<folder>/store` (`history.path`).
    func gateFolder(failing: Bool = false) -> String {
        let folder = binary.temporaryFolder()
        binary.write(
            """
            <testsuite name="unit">
              <testcase classname="Cart" name="adds" time="0.5"/>
              <testcase classname="Cart" name="removes" time="1.5">\(failing ? "<failure message=\"no\"/>" : "")</testcase>
              <testcase classname="Cart" name="later"><skipped/></testcase>
            </testsuite>
            """, to: folder + "/results/a.xml")
        binary.write(
            "inputs:\n  - path: results/*.xml\n    labels: {suite: unit}\nkpis:\n  - id: pass\n    metric: tests.pass_rate\n    target: \">= 99\"\nhistory:\n  path: store\n",
            to: folder + "/qgate.yml")
        return folder
    }

    func listJSON(_ arguments: [String]) throws -> [String: Any] {
        let run = try binary.qgate(["history", "list", "--format", "json"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    func recordFiles(_ store: String) -> [String] {
        let runs = store + "/runs"
        let months = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return months.flatMap { month in
            ((try? FileManager.default.contentsOfDirectory(atPath: runs + "/" + month)) ?? []).map { "\(month)/\($0)" }
        }.sorted()
    }

    func launch(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: QGateBinaryTests.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("check --record: the verdict and its exit code are unchanged, the run is in the store with what it measured")
    func record() throws {
        let folder = gateFolder(failing: true)
        let plain = try binary.qgate(["check", "--config", folder + "/qgate.yml", "--format", "json"])
        let recorded = try binary.qgate(["check", "--config", folder + "/qgate.yml", "--format", "json", "--record", "--branch", "main", "--commit", "abc123"])
        #expect(recorded.status == 1)
        #expect(plain.status == 1)
        #expect(recorded.stdout == plain.stdout, "recording does not change the verdict")
        #expect(recorded.stderr.contains("qgate: recorded run "))
        #expect(recorded.stderr.contains(folder + "/./store") || recorded.stderr.contains(folder + "/store"))

        let files = recordFiles(folder + "/store")
        #expect(files.count == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/store/runs/" + files[0]))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(record["schema"] as? String == "qgate.history-record/2")
        #expect(record["branch"] as? String == "main")
        #expect(record["commit"] as? String == "abc123")
        #expect((record["verdict"] as? [String: Any])?["status"] as? String == "fail")
        let tests = try #require(record["tests"] as? [String: Any])
        #expect(tests["failing"] as? [String] == ["Cart::removes"])
        #expect(tests["skipped"] as? [String] == ["Cart::later"])
        #expect((tests["slowest"] as? [[String: Any]])?.first?["id"] as? String == "Cart::removes")
        let environment = try #require(record["environment"] as? [String: Any])
        #expect((environment["cpu_count"] as? Int ?? 0) > 0)
        #expect((environment["fingerprint"] as? String)?.count == 16)
    }

    @Test("8 check --record processes at once: every run recorded, the index consistent")
    func concurrentWriters() throws {
        let folder = gateFolder()
        let writers = 8
        let processes = try (0..<writers).map { index in
            try launch(["check", "--config", folder + "/qgate.yml", "--record", "--branch", "b\(index % 2)", "--run-id", "r\(index)"])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == Array(repeating: 0, count: writers))

        let store = folder + "/store"
        #expect(recordFiles(store).count == writers)
        let index = try String(contentsOfFile: store + "/index.jsonl", encoding: .utf8)
        let lines = index.split(separator: "\n")
        #expect(lines.count == writers)
        #expect(index.hasSuffix("\n"))
        let ids = try lines.map { line -> String in
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(entry["id"] as? String)
        }
        #expect(Set(ids).count == writers)
        #expect(Set(ids) == Set(recordFiles(store).map { String($0.split(separator: "/")[1].dropLast(5)) }))

        let listing = try listJSON(["--history", store])
        #expect(listing["source"] as? String == "index")
        #expect(listing["total"] as? Int == writers)
        let mainRuns = try listJSON(["--history", store, "--branch", "b1"])
        #expect((mainRuns["runs"] as? [Any])?.count == writers / 2)
    }

    @Test("a writer killed between writing and renaming leaves no record visible; the store stays usable")
    func killedWriter() throws {
        let folder = gateFolder()
        let store = folder + "/store"
        let first = try binary.qgate(["check", "--config", folder + "/qgate.yml", "--record", "--branch", "main"])
        #expect(first.status == 0)

        let marker = folder + "/paused"
        let writer = try launch(
            ["check", "--config", folder + "/qgate.yml", "--record", "--branch", "main"],
            environment: ["QGATE_TEST_HISTORY_PAUSE_BEFORE_RENAME": marker])
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker), waited < 200, writer.isRunning {
            usleep(50_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: marker), "the writer reached the pause")
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)

        // The synced temporary file is there, under a name no reader takes for a record.
        let files = recordFiles(store)
        #expect(files.filter { !$0.contains("/.") }.count == 1)
        #expect(files.filter { $0.contains("/.tmp-") }.count == 1)
        let listing = try listJSON(["--history", store])
        #expect(listing["total"] as? Int == 1)
        #expect(listing["source"] as? String == "index")
        #expect((listing["warnings"] as? [Any])?.isEmpty == true)

        let after = try binary.qgate(["check", "--config", folder + "/qgate.yml", "--record", "--branch", "main"])
        #expect(after.status == 0)
        let reindex = try binary.qgate(["history", "reindex", "--history", store])
        #expect(reindex.status == 0)
        #expect(reindex.stdout.hasPrefix("reindexed 2 run(s) in "))
        #expect(try listJSON(["--history", store])["total"] as? Int == 2)
    }

    @Test("a garbled record: one warning naming it, the other runs exported; reindex leaves it out")
    func garbledRecord() throws {
        let folder = gateFolder()
        let store = folder + "/store"
        for _ in 0..<3 {
            #expect(try binary.qgate(["check", "--config", folder + "/qgate.yml", "--record", "--branch", "main"]).status == 0)
        }
        let files = recordFiles(store)
        let garbled = store + "/runs/" + files[1]
        try Data("{\"schema\":\"qgate.history-record/1\",\"id\":[".utf8).write(to: URL(fileURLWithPath: garbled))

        let export = try binary.qgate(["history", "export", "--history", store, "--format", "ndjson"])
        #expect(export.status == 0)
        #expect(export.stdout.split(separator: "\n").count == 2)
        let warnings = export.stderr.split(separator: "\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("qgate: \(garbled): warning: ") == true, "\(export.stderr)")
        #expect(export.stderr.contains("damaged history file, skipped"))

        let reindex = try binary.qgate(["history", "reindex", "--history", store])
        #expect(reindex.status == 0)
        #expect(reindex.stdout.contains("reindexed 2 run(s)"))
        #expect(reindex.stdout.contains("1 damaged file(s) skipped"))
        #expect(try listJSON(["--history", store])["total"] as? Int == 2)
    }

    @Test("prune rolls planted old runs up (a hostile branch name included) and export parses back")
    func pruneAndExport() throws {
        let folder = gateFolder()
        let store = folder + "/store"
        #expect(try binary.qgate(["check", "--config", folder + "/qgate.yml", "--record", "--branch", "main"]).status == 0)
        // Two runs from last year, as if synced in from another store: a real record, re-dated.
        let original = try Data(contentsOf: URL(fileURLWithPath: store + "/runs/" + recordFiles(store)[0]))
        var planted: [String] = []
        for (time, branch) in [("20250301T080000.000Z", "../../etc"), ("20250301T090000.000Z", "../../etc")] {
            var record = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
            let id = time + "-00000000000000" + (planted.isEmpty ? "0a" : "0b")
            record["id"] = id
            record["recorded_at"] = "2025-03-01T\(time.dropFirst(9).prefix(2)):00:00.000Z"
            record["branch"] = branch
            let path = store + "/runs/2025-03/\(id).json"
            try FileManager.default.createDirectory(atPath: store + "/runs/2025-03", withIntermediateDirectories: true)
            try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: path))
            planted.append(path)
        }
        let list = try listJSON(["--history", store, "--since", "2025-01-01"])
        #expect(list["total"] as? Int == 3)
        #expect(list["source"] as? String == "index+records")
        #expect(try listJSON(["--history", store, "--since", "30d"])["runs"].map { ($0 as? [Any])?.count } == 1)

        let prune = try binary.qgate(["history", "prune", "--history", store, "--keep-days", "30", "--json"])
        #expect(prune.status == 0, "\(prune.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(prune.stdout.utf8)) as? [String: Any])
        #expect(report["pruned_runs"] as? Int == 2)
        #expect(report["kept_runs"] as? Int == 1)
        let rollupFiles = try #require(report["rollup_files"] as? [String])
        #expect(rollupFiles.count == 1)
        #expect(rollupFiles[0].hasPrefix("rollups/_._.._etc~") && rollupFiles[0].hasSuffix("/2025-03.json"), "\(rollupFiles)")
        #expect(planted.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        let rollup = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store + "/" + rollupFiles[0]))) as? [String: Any])
        #expect(rollup["branch"] as? String == "../../etc")
        let day = try #require((rollup["days"] as? [[String: Any]])?.first)
        #expect(day["runs"] as? Int == 2)
        let total = try #require((day["metrics"] as? [[String: Any]])?.first { $0["name"] as? String == "tests.total" && ($0["labels"] as? [String: String])?.isEmpty == true })
        #expect((total["n"] as? Int, total["median"] as? Double) == (2, 3))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["qgate.yml", "results", "store"])

        let metrics = try binary.qgate(["history", "export", "--history", store, "--format", "openmetrics"])
        #expect(metrics.status == 0)
        #expect(metrics.stdout.hasSuffix("\n# EOF\n"))
        #expect(metrics.stdout.contains("# TYPE qgate_tests_total gauge\nqgate_tests_total{branch=\"main\",suite=\"unit\"} 3 "))
        #expect(metrics.stdout.contains("\nqgate_tests_total{branch=\"main\"} 3 "))
        #expect(metrics.stdout.contains("\nqgate_kpi_value{branch=\"main\",kpi=\"pass\"} 100 "))
        let csv = try binary.qgate(["history", "export", "--history", store, "--format", "csv", "-o", folder + "/out/h.csv"])
        #expect(csv.status == 0)
        let rows = try String(contentsOfFile: folder + "/out/h.csv", encoding: .utf8).split(separator: "\r\n")
        #expect(rows.first == "run_id,recorded_at,branch,commit,status,metric,labels,value")
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("2") })
        #expect(rows.contains { $0.hasSuffix(",main,,pass,tests.total,{},3") })
    }

    @Test("exit codes: a store that cannot be written is exit 4 when the gate passed, the gate's 1 when it failed; usage 2")
    func exitCodes() throws {
        let folder = gateFolder()
        binary.write("not a folder", to: folder + "/blocker")
        let passed = try binary.qgate(["check", "--config", folder + "/qgate.yml", "--record", "--history", folder + "/blocker"])
        #expect(passed.status == 4)
        #expect(passed.stdout.hasPrefix("qgate: PASS"))
        #expect(passed.stderr.contains("qgate: error: this run was not recorded: \(folder)/blocker"))

        let failing = gateFolder(failing: true)
        let failed = try binary.qgate(["check", "--config", failing + "/qgate.yml", "--record", "--history", folder + "/blocker"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("this run was not recorded"))

        let badSince = try binary.qgate(["history", "list", "--history", folder + "/store", "--since", "last week"])
        #expect(badSince.status == 2)
        #expect(badSince.stderr.contains("--since 'last week' is not a span back from now"))
        let noPolicy = try binary.qgate(["history", "prune", "--history", folder + "/store"])
        #expect(noPolicy.status == 2)
        let badFormat = try binary.qgate(["history", "export", "--history", folder + "/store", "--format", "xml"])
        #expect(badFormat.status == 2)
        let storeOnFile = try binary.qgate(["history", "list", "--history", folder + "/blocker"])
        #expect(storeOnFile.status == 0, "a file with no runs/ under it is an empty store")
        let listedEmpty = try binary.qgate(["history", "list", "--config", folder + "/qgate.yml"])
        #expect(listedEmpty.status == 0)
        #expect(listedEmpty.stdout == "0 of 0 runs in \(folder)/store\n")
    }

    @Test("history show: a record by id; ids that are paths are refused before any file is read")
    func show() throws {
        let folder = gateFolder()
        let store = folder + "/store"
        #expect(try binary.qgate(["check", "--config", folder + "/qgate.yml", "--record", "--branch", "main"]).status == 0)
        let id = String(recordFiles(store)[0].split(separator: "/")[1].dropLast(5))
        let shown = try binary.qgate(["history", "show", "--history", store, id])
        #expect(shown.status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(record["id"] as? String == id)
        for bad in ["../../etc/passwd", "/etc/passwd", String(repeating: "a", count: 5_000), "20261122T010712.123Z-../../../../x"] {
            let refused = try binary.qgate(["history", "show", "--history", store, bad])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("is not a run id"))
        }
        let missing = try binary.qgate(["history", "show", "--history", store, "20000101T000000.000Z-0000000000000000"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no run 20000101T000000.000Z-0000000000000000 in"))
    }

    @Test("every history command has --help with examples")
    func help() throws {
        for command in [["history"], ["history", "list"], ["history", "show"], ["history", "prune"], ["history", "export"], ["history", "reindex"], ["history", "baseline"]] {
            let run = try binary.qgate(command + ["--help"])
            #expect(run.status == 0)
            #expect(run.stdout.contains("USAGE: qgate " + command.joined(separator: " ")), "\(command)")
        }
        #expect(try binary.qgate(["history", "export", "--help"]).stdout.contains("promtool tsdb create-blocks-from openmetrics"))
        #expect(try binary.qgate(["check", "--help"]).stdout.contains("--record"))
    }
}
