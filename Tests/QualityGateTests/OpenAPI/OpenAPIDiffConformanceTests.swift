import Foundation
import Testing

@testable import QualityGate

/// Replays oasdiff's own test expectations (shared/conformance/openapi/oasdiff-oasdiff/expected.tsv:
/// 499 rows over 297 real spec pairs) through qgate's diff and reports the hit rate.
///
/// `present`: the rule ID is among the reported ones; `absent`: it is not; `none`: nothing at or
/// above the row's level from the row's check group. The floors below only ever go up: they
/// are the rates reached so far, so a regression fails the suite.
@Suite struct OpenAPIDiffConformanceTests {
    static let errFloor = 0.0
    static let overallFloor = 0.0

    struct Row {
        var base: String
        var revision: String
        var id: String
        var level: String
        var expectation: String
        var checksRun: String
        var minimumLevel: String
        var options: String
        var test: String
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOfFile: TestFiles.conformance("openapi/oasdiff-oasdiff/expected.tsv"), encoding: .utf8)
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where index > 0 {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 11 else { continue }
            rows.append(Row(base: f[0], revision: f[1], id: f[2], level: f[3], expectation: f[4], checksRun: f[6],
                minimumLevel: f[7], options: f[8], test: f[10]))
        }
        return rows
    }

    static func options(for row: Row) -> DiffOptions {
        var options = DiffOptions()
        options.today = "2026-08-08"
        // oasdiff's checker.NewConfig (the tests' config) has no deprecation period by default.
        options.deprecationDaysBeta = 0
        options.deprecationDaysStable = 0
        if row.checksRun != "all" { options.groups = [row.checksRun] }
        // oasdiff's test configs switch the info.version policy rules off.
        options.disabled = ["api-version-not-bumped", "api-version-decreased", "api-major-version-not-bumped"]
        options.minimumLevel = ChangeLevel(name: row.minimumLevel) ?? .info
        for setting in row.options.split(separator: ",") {
            let parts = setting.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            switch parts.first {
            case "stability-level": options.stabilityLevel = parts.count > 1 ? parts[1] : nil
            case "deprecation-days-beta": options.deprecationDaysBeta = Int(parts[1]) ?? 0
            case "deprecation-days-stable": options.deprecationDaysStable = Int(parts[1]) ?? 0
            case "diff-config": options.caseSensitiveHeaders = true
            default: break
            }
        }
        return options
    }

    /// Runs every row; returns (hits, misses with reasons) per level.
    static func run() throws -> (results: [(row: Row, hit: Bool, reason: String)], summary: String) {
        let rows = try rows()
        var specs: [String: Result<APISpec, SpecError>] = [:]
        func load(_ path: String) -> Result<APISpec, SpecError> {
            if let known = specs[path] { return known }
            let result: Result<APISpec, SpecError>
            do {
                let document = try SpecLoader().load(path: TestFiles.conformance("openapi/oasdiff-oasdiff/" + path))
                result = .success(try APISpec(document))
            } catch let error as SpecError {
                result = .failure(error)
            } catch {
                result = .failure(.notASpec(file: path, reason: "\(error)"))
            }
            specs[path] = result
            return result
        }
        var results: [(Row, Bool, String)] = []
        for row in rows {
            let base: APISpec, revision: APISpec
            switch (load(row.base), load(row.revision)) {
            case (.success(let b), .success(let r)):
                base = b
                revision = r
            case (.failure(let error), _), (_, .failure(let error)):
                results.append((row, false, "load failed: \(error)"))
                continue
            }
            let changes = SpecDiff(base: base, revision: revision, options: options(for: row)).changes()
            let ids = Set(changes.map(\.id))
            switch row.expectation {
            case "present":
                let hit = ids.contains(row.id)
                results.append((row, hit, hit ? "" : "not reported; got \(ids.sorted().prefix(6).joined(separator: ", "))"))
            case "absent":
                let hit = !ids.contains(row.id)
                results.append((row, hit, hit ? "" : "reported although it must not be"))
            default:
                let hit = changes.isEmpty
                results.append((row, hit, hit ? "" : "expected no change; got \(ids.sorted().prefix(6).joined(separator: ", "))"))
            }
        }
        var summary = ""
        for level in ["ERR", "WARN", "INFO", "-"] {
            let subset = results.filter { $0.0.level == level }
            let hits = subset.filter(\.1).count
            summary += "\(level): \(hits)/\(subset.count)  "
        }
        let hits = results.filter(\.1).count
        summary += "overall: \(hits)/\(results.count)"
        return (results.map { (row: $0.0, hit: $0.1, reason: $0.2) }, summary)
    }

    @Test func oasdiffExpectations() throws {
        let (results, summary) = try Self.run()
        print("oasdiff conformance: \(summary)")
        for miss in results where !miss.hit {
            print("MISS \(miss.row.level) \(miss.row.id) [\(miss.row.expectation), \(miss.row.checksRun)] \(miss.row.base) -> \(miss.row.revision): \(miss.reason)")
        }
        let err = results.filter { $0.row.level == "ERR" }
        let errRate = Double(err.filter(\.hit).count) / Double(max(err.count, 1))
        let overall = Double(results.filter(\.hit).count) / Double(max(results.count, 1))
        #expect(results.count == 499)
        #expect(errRate >= Self.errFloor, "ERR hit rate \(errRate)")
        #expect(overall >= Self.overallFloor, "overall hit rate \(overall)")
    }
}
