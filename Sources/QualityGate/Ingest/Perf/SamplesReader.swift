import Foundation

/// Reads raw samples — qgate's plain samples CSV/NDJSON, or vegeta's `encode --to json` —
/// and computes every statistic itself (see `LatencyDistribution` for the percentile method).
///
/// Plain samples (schemas/perf-samples.schema.json): an endpoint (`endpoint`, or `name`,
/// `label`, `path`, `url`), an optional `method`, a latency with its unit (`latency` + `unit`,
/// or a column named `latency_ms`, `latency_us`, `latency_ns`, `latency_s`), an optional
/// `status`, and an optional `error`/`success` flag (else status ≥ 400 or 0 is an error).
struct SamplesReader {
    let format: PerfSourceFormat

    var formatName: String {
        switch format {
        case .vegetaResults: "vegeta results NDJSON"
        case .samplesCSV: "samples CSV"
        case .k6CSV: "k6 CSV output"
        default: "samples NDJSON"
        }
    }

    static let endpointKeys = ["endpoint", "name", "label", "path", "url"]
    static let unitSuffixes = ["ms", "us", "ns", "s"]

    struct Sample {
        var method: String?
        var endpoint: String
        var milliseconds: Double
        var status: Int?
        var error: Bool
    }

    enum RowError: Error {
        /// A row of another kind that this reader passes over (k6 CSV: metrics other than http_req_duration).
        case skip
        case bad(String)
        case fatal(String)
    }

    func read(path: String, detectedBy: String) throws(InputError) -> PerfResult {
        var table = SeriesTable()
        var bad = BadRows()
        var rows = 0
        var header: CSVHeader?
        var fields = CSVFields()
        let name = formatName
        try LineStream(path: path, format: name).forEachLine { (line) throws(InputError) in
            if line.isEmpty { return }
            let sample: Sample
            do throws(RowError) {
                if format == .samplesCSV || format == .k6CSV {
                    guard let columns = header else {
                        header = try CSVHeader(line, k6: format == .k6CSV)
                        return
                    }
                    fields.split(line.bytes, separator: 0x2C)
                    sample = try columns.sample(line.bytes, fields.ranges)
                } else {
                    sample = try jsonSample(line)
                }
            } catch {
                switch error {
                case .skip:
                    return
                case .bad(let reason):
                    bad.add(line: line.number, reason)
                    return
                case .fatal(let reason):
                    throw .invalid(file: path, line: line.number, column: 0, format: name, reason: reason)
                }
            }
            var key = Array((sample.method ?? "").utf8)
            key.append(0)
            key += sample.endpoint.utf8
            let index = key.withUnsafeBufferPointer { buffer in
                table.index(of: buffer) { SampleSeries(method: sample.method, name: sample.endpoint) }
            }
            table.record(index, milliseconds: sample.milliseconds, error: sample.error, status: sample.status, start: nil)
            rows += 1
        }
        try bad.check(file: path, format: name, rows: rows)
        guard rows > 0 else {
            if header == nil && bad.count == 0 { throw .empty(file: path) }
            throw .invalid(file: path, line: 0, column: 0, format: name, reason: "no samples")
        }
        return PerfResult(
            path: path, format: format, detectedBy: detectedBy, series: table.result(), percentiles: table.method,
            badRows: bad.count, rows: rows, warnings: bad.warnings(rows: rows))
    }

    func jsonSample(_ line: ByteLine) throws(RowError) -> Sample {
        let data = Data(UnsafeBufferPointer(start: line.bytes.baseAddress, count: line.count))
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .bad("not a JSON object")
        }
        if format == .vegetaResults {
            guard let latency = PerfJSON.number(object["latency"]), let url = object["url"] as? String else {
                throw .bad("no latency or url")
            }
            let status = PerfJSON.number(object["code"]).map { Int($0) }
            let error = !((object["error"] as? String) ?? "").isEmpty || status.map { $0 == 0 || $0 >= 400 } ?? false
            return Sample(method: (object["method"] as? String)?.uppercased(), endpoint: url, milliseconds: latency / 1_000_000, status: status, error: error)
        }
        guard let endpoint = Self.endpointKeys.lazy.compactMap({ object[$0] as? String }).first else {
            throw .bad("no endpoint (one of \(Self.endpointKeys.joined(separator: ", ")))")
        }
        var milliseconds: Double?
        if let latency = object["latency"] {
            guard let value = PerfJSON.number(latency) else { throw .bad("latency is not a number") }
            guard let unit = object["unit"] as? String else {
                throw .fatal("'latency' needs a 'unit' (ms, us, ns, s), or name the field latency_ms")
            }
            guard let (canonical, converted) = PerfUnit.canonical(value, from: unit), canonical == .milliseconds else {
                throw .fatal("unknown latency unit '\(unit)' (use ms, us, ns or s)")
            }
            milliseconds = converted
        } else {
            for suffix in Self.unitSuffixes {
                if let raw = object["latency_" + suffix] {
                    guard let value = PerfJSON.number(raw) else { throw .bad("latency_\(suffix) is not a number") }
                    milliseconds = PerfUnit.canonical(value, from: suffix)!.1
                    break
                }
            }
        }
        guard let milliseconds else { throw .bad("no latency (latency + unit, or latency_ms/us/ns/s)") }
        guard milliseconds >= 0 else { throw .bad("negative latency") }
        let status = PerfJSON.number(object["status"]).map { Int($0) }
        var error = status.map { $0 == 0 || $0 >= 400 } ?? false
        if let flag = PerfJSON.bool(object["error"]) { error = flag }
        if let text = object["error"] as? String { error = !text.isEmpty }
        if let flag = PerfJSON.bool(object["success"]) { error = !flag }
        return Sample(method: (object["method"] as? String)?.uppercased(), endpoint: endpoint, milliseconds: milliseconds, status: status, error: error)
    }

    /// Column positions of a samples CSV, from its header.
    struct CSVHeader {
        var endpoint: Int
        var method: Int?
        var latency: Int
        /// Unit from the column name (`latency_ms`), or nil when a `unit` column gives it per row.
        var fixedUnit: String?
        var unit: Int?
        var status: Int?
        var error: Int?
        var success: Int?
        /// k6 CSV: the metric column; only `http_req_duration` rows are samples.
        var metric: Int?

        init(_ line: ByteLine, k6: Bool) throws(RowError) {
            let names = line.text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks.lowercased() }
            func find(_ name: String) -> Int? { names.firstIndex(of: name) }
            if k6 {
                // k6 writes times in ms; a request failed when its response was not the expected one.
                guard let metric = find("metric_name"), let value = find("metric_value"), let name = find("name") ?? find("url") else {
                    throw .fatal("the header lacks metric_name, metric_value or name")
                }
                self.metric = metric
                endpoint = name
                latency = value
                fixedUnit = "ms"
                method = find("method")
                status = find("status")
                success = find("expected_response")
                return
            }
            guard let endpoint = SamplesReader.endpointKeys.lazy.compactMap(find).first else {
                throw .fatal("the header lacks an endpoint column (one of \(SamplesReader.endpointKeys.joined(separator: ", ")))")
            }
            self.endpoint = endpoint
            method = find("method")
            status = find("status") ?? find("status_code") ?? find("code")
            error = find("error")
            success = find("success")
            if let latency = find("latency") {
                guard let unit = find("unit") else {
                    throw .fatal("the header has 'latency' but no 'unit' column: add one, or name the column latency_ms")
                }
                self.latency = latency
                self.unit = unit
            } else if let (index, suffix) = SamplesReader.unitSuffixes.lazy.compactMap({ suffix in find("latency_" + suffix).map { ($0, suffix) } }).first {
                latency = index
                fixedUnit = suffix
            } else if let other = names.firstIndex(where: { $0.hasPrefix("latency_") }) {
                throw .fatal("unknown latency unit in column '\(names[other])' (use latency_ms, latency_us, latency_ns or latency_s)")
            } else {
                throw .fatal("the header lacks a latency column (latency + unit, or latency_ms/us/ns/s)")
            }
        }

        func sample(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>]) throws(RowError) -> Sample {
            let needed = [endpoint, method ?? 0, latency, unit ?? 0, status ?? 0, error ?? 0, success ?? 0, metric ?? 0].max()! + 1
            guard ranges.count >= needed else { throw .bad("\(ranges.count) fields, expected at least \(needed)") }
            if let metric, CSVFields.text(bytes, ranges[metric]) != "http_req_duration" { throw .skip }
            guard let value = CSVFields.number(bytes, ranges[latency]) else {
                throw .bad("latency '\(CSVFields.text(bytes, ranges[latency]).prefix(40))' is not a number")
            }
            let unitName = fixedUnit ?? unit.map { CSVFields.text(bytes, ranges[$0]) } ?? "ms"
            guard let (canonical, milliseconds) = PerfUnit.canonical(value, from: unitName), canonical == .milliseconds else {
                throw .fatal("unknown latency unit '\(unitName)' (use ms, us, ns or s)")
            }
            guard milliseconds >= 0 else { throw .bad("negative latency") }
            let status = self.status.flatMap { ranges[$0].isEmpty ? nil : CSVFields.integer(bytes, ranges[$0]) ?? 0 }
            var isError = status.map { $0 == 0 || $0 >= 400 } ?? false
            if let error {
                let text = CSVFields.text(bytes, ranges[error]).lowercased()
                if !text.isEmpty { isError = !(text == "false" || text == "0") }
            }
            if let success {
                let text = CSVFields.text(bytes, ranges[success]).lowercased()
                if !text.isEmpty { isError = text == "false" || text == "0" }
            }
            let method = self.method.map { CSVFields.text(bytes, ranges[$0]).uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
            return Sample(method: method, endpoint: CSVFields.text(bytes, ranges[endpoint]), milliseconds: milliseconds, status: status, error: isError)
        }
    }
}
