/// A 128-bit hash of a node's value: what the diff compares to decide that two schemas (or
/// parameters, responses…) mean the same.
///
/// Every node gets one when it is made, bottom-up, from its children's: a diff asks for the
/// hash of nearly every node of both specs, and computing it then, in a per-diff memo keyed by
/// node identity, cost a tenth of a big diff (half of it in the memo's dictionary). A node with
/// a `$ref` somewhere below it cannot be hashed alone (the hash follows references), so
/// `SpecNode.isReferenceFree` says when the stored hash is the whole answer; the diff hashes
/// the rest itself with the same combining rules (`DiffContext.fingerprint`).
///
/// Only equality matters: the values never reach any output, so they may change between
/// versions. Object members are combined commutatively (key order does not matter), numbers
/// by their exact value (`1e3` = `1000`), and a `$ref` member is left out (the diff hashes
/// what it points to).
struct ContentHash: Hashable, Sendable {
    var a: UInt64
    var b: UInt64

    /// The hash of a value whose children (if any) are hashed already, whether all of them
    /// are free of references, and whether it is a Reference Object (a string `$ref` member):
    /// one pass over the children, as a node is made.
    static func of(_ value: SpecNode.Value) -> (hash: ContentHash, childrenAreReferenceFree: Bool, isReference: Bool) {
        var hasher = ContentHasher()
        switch value {
        case .null:
            hasher.mix(Tag.null)
        case .bool(let flag):
            hasher.mix(flag ? Tag.true : Tag.false)
        case .number(let text):
            hasher.mix(Tag.number)
            hasher.mixNumber(text)
        case .string(let text):
            hasher.mix(Tag.string)
            hasher.mix(text)
        case .array(let items):
            var array = ArrayHasher()
            var free = true
            // Through the buffer by index: the children are borrowed, not retained and
            // released (two atomic operations per node of the spec).
            items.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    array.add(buffer[index].contentHash)
                    free = free && buffer[index].isReferenceFree
                }
            }
            return (array.finish(), free, false)
        case .object(let members):
            var object = ObjectHasher()
            var free = true
            var isReference = false
            members.entries.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    object.add(buffer[index].key, buffer[index].node.contentHash)
                    free = free && buffer[index].node.isReferenceFree
                    if ContentHash.isReferenceKey(buffer[index].key), case .string = buffer[index].node.value {
                        isReference = true
                    }
                }
            }
            return (object.finish(), free, isReference)
        }
        return (hasher.finish(), true, false)
    }

    /// `key == "$ref"`, with the length looked at first: asked for every member of a spec,
    /// and a mismatch of two strings otherwise goes through the general comparison.
    @inline(__always)
    static func isReferenceKey(_ key: String) -> Bool {
        key.utf8.count == 4 && key == "$ref"
    }

    /// An array of values with these hashes, in order.
    static func array(_ items: some Sequence<ContentHash>) -> ContentHash {
        var array = ArrayHasher()
        for item in items { array.add(item) }
        return array.finish()
    }

    /// An object with these members (any order; a `$ref` member is skipped).
    static func object(_ members: some Sequence<(String, ContentHash)>) -> ContentHash {
        var object = ObjectHasher()
        for (key, value) in members { object.add(key, value) }
        return object.finish()
    }

    private struct ArrayHasher {
        var hasher = ContentHasher()

        init() {
            hasher.mix(Tag.array)
        }

        mutating func add(_ item: ContentHash) {
            hasher.mix(item)
        }

        mutating func finish() -> ContentHash {
            hasher.mix(Tag.arrayEnd)
            return hasher.finish()
        }
    }

    /// Members combined by a sum: the order they come in does not matter.
    private struct ObjectHasher {
        var sum = ContentHash(a: 0, b: 0)

        mutating func add(_ key: String, _ value: ContentHash) {
            guard !ContentHash.isReferenceKey(key) else { return }
            var member = ContentHasher()
            member.mix(Tag.member)
            member.mix(key)
            member.mix(value)
            let hash = member.finish()
            sum.a &+= hash.a
            sum.b &+= hash.b
        }

        func finish() -> ContentHash {
            var hasher = ContentHasher()
            hasher.mix(Tag.object)
            hasher.mix(sum)
            return hasher.finish()
        }
    }

    /// The hash standing for a reference re-entered while its target is being hashed
    /// (a recursive schema): its text, so cycles terminate.
    static func reference(_ text: String) -> ContentHash {
        var hasher = ContentHasher()
        hasher.mix(Tag.reference)
        hasher.mix(text)
        return hasher.finish()
    }
}

/// Distinct first words for each kind of value.
private enum Tag {
    static let null: UInt64 = 0x6E75_6C6C_0000_0001
    static let `true`: UInt64 = 0x7472_7565_0000_0002
    static let `false`: UInt64 = 0x6661_6C73_0000_0003
    static let number: UInt64 = 0x6E75_6D62_0000_0004
    static let string: UInt64 = 0x7374_7269_0000_0005
    static let array: UInt64 = 0x6172_7261_0000_0006
    static let arrayEnd: UInt64 = 0x6172_7265_0000_0007
    static let object: UInt64 = 0x6F62_6A65_0000_0008
    static let member: UInt64 = 0x6D65_6D62_0000_0009
    static let reference: UInt64 = 0x7265_6665_0000_000A
    static let unparsedNumber: UInt64 = 0x6E61_6E00_0000_000B
}

/// Two independent multiply-fold lanes over 64-bit words (strings are read eight bytes at a
/// time: the byte-at-a-time FNV this replaces was most of the cost of hashing a spec).
struct ContentHasher {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344

    @inline(__always)
    mutating func mix(_ word: UInt64) {
        let x = (a ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        a = x.high ^ x.low
        let y = (b ^ word ^ 0xA409_3822_299F_31D0).multipliedFullWidth(by: 0xC2B2_AE3D_27D4_EB4F)
        b = (y.high ^ y.low) &+ 0x082E_FA98_EC4E_6C89
    }

    mutating func mix(_ hash: ContentHash) {
        mix(hash.a)
        mix(hash.b)
    }

    mutating func mix(_ text: String) {
        text.withUTF8Bytes { mix(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The bytes, then their count (so that a prefix never hashes like the whole).
    mutating func mix(bytes: UnsafeRawBufferPointer) {
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            mix(tail)
        }
        mix(UInt64(count) | 0xB500_0000_0000_0000)
    }

    /// A number by its exact value: sign, significant digits and decimal exponent, the
    /// fields of `ExactNumber` (read directly for plain integers, the common case, which
    /// `ExactNumber` would allocate for); unparseable text as written.
    mutating func mixNumber(_ text: String) {
        var text = text
        let plain: Bool = text.withUTF8 { bytes in
            var start = 0
            var negative = false
            if bytes.first == UInt8(ascii: "-") {
                negative = true
                start = 1
            }
            guard start < bytes.count, bytes[start...].allSatisfy({ $0 &- 48 < 10 }) else { return false }
            var first = start
            while first < bytes.count, bytes[first] == UInt8(ascii: "0") { first += 1 }
            var end = bytes.count
            while end > first, bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
            let exponent = bytes.count - first
            mixExact(negative: negative && first < end, digits: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[first..<end])),
                exponent: first < end ? exponent : 0)
            return true
        }
        if plain { return }
        guard let exact = ExactNumber(text) else {
            mix(Tag.unparsedNumber)
            mix(text)
            return
        }
        let characters = exact.digits.map { $0 + 48 }
        characters.withUnsafeBytes { mixExact(negative: exact.negative, digits: $0, exponent: exact.exponent) }
    }

    private mutating func mixExact(negative: Bool, digits: UnsafeRawBufferPointer, exponent: Int) {
        mix(negative ? 1 : 0)
        mix(bytes: digits)
        mix(UInt64(bitPattern: Int64(exponent)))
    }

    func finish() -> ContentHash {
        ContentHash(a: a, b: b)
    }
}
