/// How many responses fell in one status class (`2xx`, `4xx`, `5xx`, `other` for transport errors).
public struct PerfStatusClass: Sendable, Hashable, Codable {
    public var statusClass: String
    public var count: Int

    public init(_ statusClass: String, _ count: Int) {
        self.statusClass = statusClass
        self.count = count
    }

    /// `2xx` for 200…299; `other` for 0 (transport error) and codes outside 100…599.
    public static func name(of status: Int) -> String {
        (100...599).contains(status) ? "\(status / 100)xx" : "other"
    }
}
