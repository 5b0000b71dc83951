/// A 64-bit hash of a test's identity bytes (classname, name).
///
/// Hashing the attribute bytes directly avoids building two Strings per `<testcase>`. Bytes
/// are mixed eight at a time and the result goes through MurmurHash3's finaliser, so the key
/// is well spread, deterministic across runs (unlike `Hasher`), and at 64 bits a collision
/// among even millions of test names is vanishingly unlikely.
struct CaseIdentity {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var length: UInt64 = 0

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        state = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
        state = (state << 31) | (state >> 33)
    }

    mutating func add(byte: UInt8) {
        mix(UInt64(byte) | 0x100)
        length &+= 1
    }

    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
            mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        // The last 0-7 bytes, little-endian, as one word: from the final 8-byte window when the
        // value is that long (no copy), else copied into a zeroed word.
        var tail: UInt64 = 0
        let remaining = raw.count &- offset
        if remaining > 0 {
            if raw.count >= 8 {
                let window = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count &- 8, as: UInt64.self))
                tail = window >> UInt64(8 &* (8 &- remaining))
            } else {
                withUnsafeMutableBytes(of: &tail) { word in
                    word.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset...]))
                }
                tail = UInt64(littleEndian: tail)
            }
        }
        // The tail's length is part of the word, so "a" and "a\0" differ.
        mix(tail ^ (UInt64(raw.count & 7) << 61))
        length &+= UInt64(raw.count)
    }

    mutating func add(integer: Int) {
        mix(UInt64(bitPattern: Int64(integer)))
        length &+= 8
    }

    var value: UInt64 {
        var hash = state ^ length
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}

/// Test identities of one suite, mapped to their position in the suite's group list.
///
/// Open addressing over keys that are already well-mixed hashes: no second hashing per
/// `<testcase>`, which a `Dictionary` would do with SipHash.
struct CaseIdentityTable {
    private var keys: [UInt64] = []
    private var positions: [Int32] = []
    private var mask = 0
    private(set) var count = 0

    /// Room for `count` identities without growing.
    mutating func reserve(_ count: Int) {
        var capacity = 16
        while capacity * 3 < count * 4 + 4 { capacity *= 2 }
        guard capacity > keys.count else { return }
        resize(to: capacity)
    }

    /// The position stored for `key`, or nil after storing `position` for it.
    mutating func position(of key: UInt64, orInsert position: Int) -> Int? {
        if count * 4 >= keys.count * 3 { grow() }
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let stored = positions[slot]
            if stored < 0 {
                keys[slot] = key
                positions[slot] = Int32(truncatingIfNeeded: position)
                count += 1
                return nil
            }
            if keys[slot] == key { return Int(stored) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        resize(to: max(16, keys.count * 2))
    }

    private mutating func resize(to capacity: Int) {
        let oldKeys = keys
        let oldPositions = positions
        keys = Array(repeating: 0, count: capacity)
        positions = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        count = 0
        for (index, stored) in oldPositions.enumerated() where stored >= 0 {
            _ = position(of: oldKeys[index], orInsert: Int(stored))
        }
    }
}
