/// The hot-path field splitter for large raw-sample CSVs (JMeter JTL): finds the first
/// `maxFields` separators of a row eight bytes at a time (SWAR), writing field bounds into a
/// buffer allocated once — no array appends, no per-byte bounds checks.
///
/// It handles unquoted rows only and returns false at the first quoted field, so the caller
/// falls back to `CSVFields` (which knows RFC 4180 quoting) for those rare rows.
final class FieldBounds {
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        starts = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
    }

    /// Splits `bytes` into at most `maxFields` (≤ capacity) fields; false when a field is quoted.
    @inline(__always)
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, maxFields: Int) -> Bool {
        count = 0
        guard let base = bytes.baseAddress else {
            starts[0] = 0
            ends[0] = 0
            count = 1
            return true
        }
        let n = bytes.count
        let pattern = UInt64(separator) &* 0x0101_0101_0101_0101
        var start = 0
        while true {
            if start < n, base[start] == 0x22 { return false }
            var index = start
            // Eight bytes at a time: a zero byte in (word ^ pattern) marks a separator.
            while index + 8 <= n {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ pattern
                let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                if found != 0 {
                    index += found.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
            if index + 8 > n {
                while index < n, base[index] != separator { index += 1 }
            }
            starts[count] = start
            ends[count] = index
            count += 1
            if count == maxFields || index >= n { return true }
            start = index + 1
        }
    }

    @inline(__always)
    func range(_ field: Int) -> Range<Int> { starts[field]..<ends[field] }
}
