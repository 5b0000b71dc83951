import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine a run was measured on, so that durations are only compared within one runner
/// class (research: "baseline = merge-base on the same environment fingerprint").
public struct EnvironmentFingerprint: Sendable, Hashable, Codable {
    /// `linux`, `macos`, ...
    public var os: String
    /// Kernel release (`uname -r`).
    public var osVersion: String?
    /// `x86_64`, `arm64`, ...
    public var arch: String
    public var cpuCount: Int
    /// CPU model name when the system says (Linux `/proc/cpuinfo`).
    public var cpuModel: String?
    public var qgateVersion: String
    /// 16 hex digits over os, arch, CPU count and model: equal fingerprints, same runner class.
    public var fingerprint: String

    enum CodingKeys: String, CodingKey {
        case os, arch, fingerprint
        case osVersion = "os_version"
        case cpuCount = "cpu_count"
        case cpuModel = "cpu_model"
        case qgateVersion = "qgate_version"
    }

    public init(os: String, osVersion: String?, arch: String, cpuCount: Int, cpuModel: String?, qgateVersion: String) {
        self.os = os
        self.osVersion = osVersion
        self.arch = arch
        self.cpuCount = cpuCount
        self.cpuModel = cpuModel
        self.qgateVersion = qgateVersion
        var identity = CaseIdentity()
        var bytes = Array("\(os)\u{0}\(arch)\u{0}\(cpuCount)\u{0}\(cpuModel ?? "")".utf8)
        bytes.withUnsafeMutableBufferPointer { identity.add(UnsafeBufferPointer($0)) }
        let hex = String(identity.value, radix: 16)
        fingerprint = String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The machine this process runs on.
    public static func current() -> EnvironmentFingerprint {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        #if os(Linux)
            let os = "linux"
        #elseif os(macOS)
            let os = "macos"
        #else
            let os = field(names.sysname).lowercased()
        #endif
        var model: String?
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            model = String(line[line.index(after: colon)...]).trimmingWhitespace()
        }
        return EnvironmentFingerprint(
            os: os, osVersion: field(names.release), arch: field(names.machine),
            cpuCount: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, qgateVersion: QGateVersion.current)
    }
}

/// The version `qgate --version` prints, recorded with every history record.
public enum QGateVersion {
    public static let current = "0.1.0"
}
