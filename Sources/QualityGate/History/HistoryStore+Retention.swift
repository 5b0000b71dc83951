import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `prune` did.
public struct PruneReport: Sendable, Hashable, Codable {
    /// Records deleted after their days were rolled up.
    public var prunedRuns: Int
    /// Runs left as records.
    public var keptRuns: Int
    /// Branch-days written to roll-up files.
    public var rolledUpDays: Int
    /// Roll-up files written (relative to the store).
    public var rollupFiles: [String]
    public var warnings: [Diagnostic]

    enum CodingKeys: String, CodingKey {
        case warnings
        case prunedRuns = "pruned_runs"
        case keptRuns = "kept_runs"
        case rolledUpDays = "rolled_up_days"
        case rollupFiles = "rollup_files"
    }
}

extension HistoryStore {
    /// The roll-up file of a branch and month, relative to the store.
    public static func rollupPath(branch: String, month: String) -> String {
        let folder = branch.isEmpty ? "~no-branch" : SafePathComponent.make(branch)
        return "rollups/\(folder)/\(month).json"
    }

    /// Rolls up and deletes the records `policy` lets go, under the store lock.
    ///
    /// Order makes it safe to kill at any point: the roll-up files are written first (atomically;
    /// each day lists its run ids, so a day summarised again after a crash is not double-counted),
    /// then the records are deleted, then the index is rewritten. A damaged record is never
    /// deleted: it is reported and left for a person to look at, and its day is kept.
    public func prune(_ policy: RetentionPolicy, now: UTCTime = .now()) throws(HistoryError) -> PruneReport {
        try lock.withLock { () throws(HistoryError) -> PruneReport in
            let listing = try listRecordFiles()
            var scan = readRecords(listing.files)
            scan.warnings = listing.warnings + scan.warnings
            let prunable = policy.prunable(scan.entries, now: now)
            var warnings = scan.warnings

            // Group the prunable runs by (branch, day), loading their records.
            var groups: [String: [String: [HistoryRecord]]] = [:]
            var deletable: [HistoryIndexEntry] = []
            for entry in scan.entries where prunable.contains(entry.id) {
                do throws(HistoryError) {
                    let record = try load(entry)
                    groups[record.branch ?? "", default: [:]][record.recordedAt.day, default: []].append(record)
                    deletable.append(entry)
                } catch {
                    warnings.append(error.diagnostic())
                }
            }

            var written: [String] = []
            var rolledUpDays = 0
            for (branch, days) in groups.sorted(by: { $0.key < $1.key }) {
                let byMonth = Dictionary(grouping: days.keys) { String($0.prefix(7)) }
                for (month, dayKeys) in byMonth.sorted(by: { $0.key < $1.key }) {
                    let relative = Self.rollupPath(branch: branch, month: month)
                    let path = root + "/" + relative
                    var file = RollupFile(branch: branch, month: month)
                    if FileManager.default.fileExists(atPath: path) {
                        let data = try Self.readFile(path, limit: Self.maxRecordBytes)
                        file = try Self.decode(data, path: path, schema: RollupFile.schemaTag)
                    }
                    for day in dayKeys.sorted() {
                        let existing = file.days.firstIndex { $0.date == day }
                        let known = Set(existing.map { file.days[$0].runIDs } ?? [])
                        let fresh = days[day]!.filter { !known.contains($0.id) }
                        guard !fresh.isEmpty else { continue }
                        let summary = DailyRollup(date: day, records: fresh)
                        if let existing {
                            file.days[existing] = file.days[existing].merged(with: summary)
                        } else {
                            file.days.append(summary)
                        }
                        rolledUpDays += 1
                    }
                    file.days.sort { $0.date < $1.date }
                    try DurableFile.makeFolder((path as NSString).deletingLastPathComponent)
                    do {
                        try DurableFile.write(try Self.encoder(pretty: true).encode(file) + Data("\n".utf8), to: path)
                    } catch let error as HistoryError {
                        throw error
                    } catch {
                        throw .write(path: path, reason: "cannot encode the roll-up: \(error)")
                    }
                    written.append(relative)
                }
            }

            let deleted = Set(deletable.map(\.id))
            var folders: Set<String> = []
            for entry in deletable {
                let path = root + "/" + entry.file
                if unlink(path) != 0, errno != ENOENT {
                    throw .write(path: path, reason: "cannot delete the rolled-up record: " + DurableFile.errnoText())
                }
                folders.insert((path as NSString).deletingLastPathComponent)
            }
            for folder in folders.sorted() {
                try? DurableFile.syncFolder(folder)
                if let left = try? FileManager.default.contentsOfDirectory(atPath: folder), left.isEmpty { rmdir(folder) }
            }
            let kept = scan.entries.filter { !deleted.contains($0.id) }
            try writeIndex(kept)
            do throws(HistoryError) {
                try rewriteDigests(files: kept.map(\.file))
            } catch {
                warnings.append(Self.digestWarning(error))
            }
            return PruneReport(
                prunedRuns: deleted.count, keptRuns: kept.count, rolledUpDays: rolledUpDays, rollupFiles: written,
                warnings: warnings)
        }
    }

    /// Every roll-up file in the store, skipping (and warning about) damaged ones.
    public func rollups() -> (files: [RollupFile], warnings: [Diagnostic]) {
        let folder = root + "/rollups"
        guard let branches = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return ([], []) }
        var files: [RollupFile] = []
        var warnings: [Diagnostic] = []
        for branch in branches.sorted() where !branch.hasPrefix(".") {
            guard let months = try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + branch) else { continue }
            for month in months.sorted() where month.hasSuffix(".json") && !month.hasPrefix(".") {
                let path = folder + "/" + branch + "/" + month
                do {
                    let data = try Self.readFile(path, limit: Self.maxRecordBytes)
                    let file: RollupFile = try Self.decode(data, path: path, schema: RollupFile.schemaTag)
                    files.append(file)
                } catch {
                    warnings.append(error.diagnostic())
                }
            }
        }
        return (files, warnings)
    }
}
