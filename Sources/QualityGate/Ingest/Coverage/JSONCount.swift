/// A hit counter as JSON writers spell it: an integer, sometimes a float (`1.0`, `1.8e+19`),
/// sometimes negative (a wrapped counter).
///
/// Decoding never fails on a number: negative values are flagged so that the reader can reject
/// them with the file and the place, and values beyond `UInt64` saturate.
struct JSONCount: Decodable, Sendable, Hashable {
    var value: UInt64
    var isNegative: Bool

    init(_ value: UInt64) {
        self.value = value
        self.isNegative = false
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let unsigned = try? container.decode(UInt64.self) {
            value = unsigned
            isNegative = false
        } else if let signed = try? container.decode(Int64.self) {
            value = 0
            isNegative = signed < 0
        } else {
            let double = try container.decode(Double.self)
            guard double.isFinite else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a hit count must be a finite number")
            }
            isNegative = double < 0
            value = double <= 0 ? 0 : (double >= 18_446_744_073_709_551_615 ? .max : UInt64(double))
        }
    }
}
