import Foundation
import Dispatch

/// Compares two versions of a spec and classifies every difference with oasdiff's rules.
public struct SpecDiff: Sendable {
    public let base: APISpec
    public let revision: APISpec
    public let options: DiffOptions

    public init(base: APISpec, revision: APISpec, options: DiffOptions = DiffOptions()) {
        self.base = base
        self.revision = revision
        self.options = options
    }

    /// Every change, deduplicated, in a stable order (path, method, level, rule).
    public func changes() -> [SpecChange] {
        let context = DiffContext(base: base, revision: revision, options: options)
        var all: [SpecChange] = []
        // QGATE_PROFILE_GROUPS=1 prints the groups that take more than 5 ms (for tuning on big specs).
        let profiling = ProcessInfo.processInfo.environment["QGATE_PROFILE_GROUPS"] != nil
        for group in CheckRegistry.groups {
            if let wanted = options.groups, !wanted.contains(group.name), !group.runsAlways { continue }
            let start = DispatchTime.now().uptimeNanoseconds
            all.append(contentsOf: group.run(context).filter { !options.disabled.contains($0.id) })
            if profiling {
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                if ms > 5 { FileHandle.standardError.write("group \(group.name): \(Int(ms)) ms\n".data(using: .utf8)!) }
            }
        }
        // The info.version policy judges what the checks found, at every level; with a group
        // selection it runs only when named (oasdiff's single-group configs switch it off).
        if options.groups == nil || options.groups?.contains(EndpointChecks.versionPolicyGroup) == true {
            all.append(contentsOf: EndpointChecks.versionPolicy(context, findings: all))
        }
        // The level filter comes last: the version policy judges findings at every level.
        all.removeAll { options.disabled.contains($0.id) || $0.level < options.minimumLevel }
        return SpecChange.sortedUnique(all)
    }
}

/// Every check group qgate runs. Each area keeps its groups in its own file.
public enum CheckRegistry {
    public static let groups: [CheckGroup] =
        EndpointChecks.groups + ParameterChecks.groups + BodyResponseChecks.groups
        + SchemaValueChecks.groups + SchemaStructureChecks.groups

    public static var groupNames: [String] { groups.map(\.name) }
}
