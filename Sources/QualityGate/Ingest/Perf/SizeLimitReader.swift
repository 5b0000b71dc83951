/// Reads size-limit `--json`: `[{name, passed, size, sizeLimit?, loading?, running?}]`, one
/// resource per entry (a bundle, a chunk).
///
/// `size` is in bytes after the compression the `.size-limit` entry asks for: brotli by
/// default, gzip with `gzip: true`, none with `brotli: false`. The output does not say which,
/// so the value is the statistic `size` and its source unit says what it means; a team whose
/// budget is "gzipped" sets `gzip: true` in size-limit. `loading` and `running` are seconds
/// from `@size-limit/time`, read as the statistics of those names in ms.
struct SizeLimitReader {
    static let formatName = "size-limit JSON"
    static let sizeUnit = "B (compressed as size-limit is configured: brotli, or gzip with gzip: true)"

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        guard let entries = try PerfJSON.load(path, format: Self.formatName) as? [Any] else {
            throw .invalid(file: path, line: 0, column: 0, format: Self.formatName, reason: "the top level is not a JSON array")
        }
        var builder = SeriesBuilder()
        for (position, raw) in entries.enumerated() {
            guard let entry = raw as? [String: Any], let name = entry["name"] as? String, !name.isEmpty else {
                throw .invalid(file: path, line: 0, column: 0, format: Self.formatName,
                    reason: "entry \(position + 1) has no name")
            }
            let index = builder.index(kind: .resource, method: nil, name: name)
            if let size = PerfJSON.number(entry["size"]) {
                builder.series[index].set(.size, size, unit: .bytes, sourceUnit: Self.sizeUnit)
            }
            if let loading = PerfJSON.number(entry["loading"]) {
                builder.series[index].set(PerfStatistic("loading"), loading, sourceUnit: "s")
            }
            if let running = PerfJSON.number(entry["running"]) {
                builder.series[index].set(PerfStatistic("running"), running, sourceUnit: "s")
            }
        }
        return PerfResult(path: path, format: .sizeLimit, detectedBy: detectedBy, series: builder.finish(),
            percentiles: "none (sizes and times as size-limit reports them)")
    }
}
