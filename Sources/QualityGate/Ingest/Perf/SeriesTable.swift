import Foundation

/// Series of a raw-sample file keyed by the label's bytes, so the hot loop builds no String.
///
/// Open addressing over FNV-1a hashes; a label becomes a `String` once, when first seen. It also
/// caps the exact samples held across all series (`retainedLimit`): past it every series moves to
/// its sketch, so memory stays flat however many endpoints and rows a file has.
struct SeriesTable {
    static let retainedLimit = 1_000_000

    private(set) var series: [SampleSeries] = []
    private var keys: [[UInt8]] = []
    private var slots = [Int32](repeating: -1, count: 256)
    private var hashes: [UInt64] = []
    private var retained = 0

    /// The series for `key`, created with `make` when new.
    mutating func index(of key: UnsafeBufferPointer<UInt8>, make: () -> SampleSeries) -> Int {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let found = slots[slot]
            if found < 0 { break }
            let index = Int(found)
            if hashes[index] == hash, keys[index].count == key.count,
                key.isEmpty || keys[index].withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 })
            {
                return index
            }
            slot = (slot + 1) & mask
        }
        let index = series.count
        series.append(make())
        keys.append(Array(key))
        hashes.append(hash)
        slots[slot] = Int32(index)
        if series.count * 2 > slots.count { rehash() }
        return index
    }

    /// A 64-bit hash of the key, eight bytes at a time (multiply-xorshift), then the tail.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return hash }
        var index = 0
        while index + 8 <= key.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            index += 8
        }
        while index < key.count {
            hash = (hash ^ UInt64(base[index])) &* 0x0000_0100_0000_01b3
            index += 1
        }
        return hash ^ (hash >> 32)
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    mutating func record(_ index: Int, milliseconds: Double, error: Bool, status: Int?, start: Double?) {
        retained += series[index].record(milliseconds: milliseconds, error: error, status: status, start: start)
        if retained > Self.retainedLimit {
            for other in series.indices { series[other].latency.promote() }
            retained = 0
        }
    }

    /// Adds another table's series (a later part of the same file) into this one.
    mutating func merge(_ other: SeriesTable) {
        for (offset, key) in other.keys.enumerated() {
            let incoming = other.series[offset]
            let index = key.withUnsafeBufferPointer { buffer in
                self.index(of: buffer) { SampleSeries(method: incoming.method, name: incoming.name) }
            }
            series[index].merge(incoming)
        }
        retained = series.reduce(0) { $0 + $1.latency.exact.count }
        if retained > Self.retainedLimit {
            for index in series.indices { series[index].latency.promote() }
            retained = 0
        }
    }

    /// Endpoint series in first-seen order, then the aggregate over all samples.
    func result(aggregateName: String = "(all)") -> [PerfSeries] {
        var all = SampleSeries(method: nil, name: aggregateName)
        var out: [PerfSeries] = []
        for one in series {
            all.merge(one)
            out.append(one.series(kind: .endpoint))
        }
        if !series.isEmpty { out.append(all.series(kind: .aggregate)) }
        return out
    }

    /// How percentiles were obtained, for `PerfResult.percentiles`.
    var method: String {
        let total = series.reduce(0) { $0 + $1.latency.count }
        let sketched = series.contains { !$0.latency.isExact } || total > LatencyDistribution.exactLimit
        return sketched
            ? "computed from samples; series over \(LatencyDistribution.exactLimit) samples use a sketch (\(LatencyDistribution.sketchBound)); smaller ones are \(LatencyDistribution.exactMethod)"
            : "computed from samples: \(LatencyDistribution.exactMethod)"
    }
}
