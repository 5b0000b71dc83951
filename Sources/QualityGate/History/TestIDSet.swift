import Foundation

/// The set of every test of a run, kept compactly in the record: 64-bit hashes of each test's
/// identity (suite path, classname, name, as the JUnit reader folds reruns), sorted and
/// base64-encoded (about 11 bytes per test), so that added and removed tests can be counted
/// against a baseline without storing every name.
///
/// Versioned by `encoding`; a record with an encoding this qgate does not know is read
/// without its set (added and removed are then not counted).
public struct TestIDSet: Sendable, Hashable, Codable {
    public static let encodingTag = "fnv1a64-sorted-base64/1"
    /// Runs with more tests than this keep no set (the record stays small).
    public static let maxTests = 200_000

    public var encoding: String
    public var count: Int
    public var hashes: String

    public init(hashes values: some Sequence<UInt64>) {
        let sorted = Set(values).sorted()
        var data = Data(capacity: sorted.count * 8)
        for value in sorted {
            withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
        }
        encoding = Self.encodingTag
        count = sorted.count
        hashes = data.base64EncodedString()
    }

    public init(ids: some Sequence<String>) {
        self.init(hashes: ids.map(Self.hash))
    }

    /// The hashes, or an empty set for an unknown encoding or damaged data.
    public var set: Set<UInt64> {
        guard encoding == Self.encodingTag, let data = Data(base64Encoded: hashes), data.count % 8 == 0 else { return [] }
        var result = Set<UInt64>(minimumCapacity: data.count / 8)
        data.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count, by: 8) {
                var value: UInt64 = 0
                for byte in raw[offset..<offset + 8] { value = value << 8 | UInt64(byte) }
                result.insert(value)
            }
        }
        return result
    }

    /// FNV-1a over the text's UTF-8 bytes (a stable hash, unlike `Hasher`).
    public static func hash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
