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
    ///
    /// On a machine with two cores the groups run on two lanes (threads), each with its own
    /// `DiffContext`, so the hot memos need no lock. The stability policy runs first, alone
    /// (it hashes every operation, as it always did first); then the property walks of the
    /// changed bodies, which nearly every schema group reads, are made once, shared out over
    /// both lanes; then each lane gets a context holding those memos and runs its groups
    /// (and, once done, what is left of the other's). The results are put back in registry
    /// order before the stable sort, so the output is the same as one lane's.
    public func changes() -> [SpecChange] {
        // QGATE_PROFILE_GROUPS=1 prints the groups that take more than 1 ms (for tuning on big specs).
        let profiling = ProcessInfo.processInfo.environment["QGATE_PROFILE_GROUPS"] != nil
        let groups = CheckRegistry.groups
        let selected = groups.indices.filter { index in
            guard let wanted = options.groups else { return true }
            return wanted.contains(groups[index].name) || groups[index].runsAlways
        }
        let twoLanes = ProcessInfo.processInfo.activeProcessorCount > 1 && selected.count > 2
        let context = DiffContext(base: base, revision: revision, options: options)
        var phases = PhaseClock()
        let results = LaneResults(groupCount: groups.count)
        @Sendable func run(_ queue: LaneQueue<Int>, on context: DiffContext, lane: Int) {
            var found: [(Int, [SpecChange])] = []
            let laneStart = DispatchTime.now().uptimeNanoseconds
            while let index = queue.next(lane: lane) {
                let start = DispatchTime.now().uptimeNanoseconds
                var changes = groups[index].run(context)
                if !options.disabled.isEmpty { changes.removeAll { options.disabled.contains($0.id) } }
                found.append((index, changes))
                if profiling {
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    if ms > 1 {
                        FileHandle.standardError.write("lane \(lane) group \(groups[index].name): \(Int(ms)) ms\n".data(using: .utf8)!)
                    }
                }
            }
            results.store(found)
            if profiling {
                FileHandle.standardError.write("lane \(lane) total: \(Int(Double(DispatchTime.now().uptimeNanoseconds - laneStart) / 1e6)) ms\n".data(using: .utf8)!)
            }
        }
        if twoLanes {
            // Both sides' operations hashed at once, one side per lane: the policy compares
            // them all, and most later comparisons hit these hashes.
            let hashing = context.fork()
            DispatchQueue.concurrentPerform(iterations: 2) { lane in
                if lane == 0 { context.hashMatchedOperations(revisionSide: false) }
                else { hashing.hashMatchedOperations(revisionSide: true) }
            }
            context.adoptFingerprints(of: hashing)
            phases.mark("hashes")
            let first = Array(selected.prefix { groups[$0].runsAlways })
            run(LaneQueue([first]), on: context, lane: 0)
            // The walks, handed out one by one to both lanes (the second in a fork holding
            // the policy's content hashes); the second lane's are handed back.
            let walks = LaneQueue([context.changedBodySchemas()])
            let helper = context.fork()
            DispatchQueue.concurrentPerform(iterations: 2) { lane in
                let own = lane == 0 ? context : helper
                while let body = walks.next(lane: lane) { _ = own.modifiedProperties(body.base, body.revision) }
            }
            context.adoptPropertyWalks(of: helper)
            phases.mark("policy and walks")
            // Each lane starts with the heaviest groups of its list; one that runs out of its
            // own takes the other's last ones (the machine's two cores are rarely equally fast).
            let rest = selected.dropFirst(first.count)
            func heaviestFirst(_ indices: [Int]) -> [Int] {
                indices.filter { Self.heaviest.contains(groups[$0].name) } + indices.filter { !Self.heaviest.contains(groups[$0].name) }
            }
            let queue = LaneQueue([heaviestFirst(rest.filter { !Self.secondLane.contains(groups[$0].name) }),
                heaviestFirst(rest.filter { Self.secondLane.contains(groups[$0].name) })])
            let second = context.fork()
            DispatchQueue.concurrentPerform(iterations: 2) { lane in
                run(queue, on: lane == 0 ? context : second, lane: lane)
            }
        } else {
            run(LaneQueue([selected]), on: context, lane: 0)
        }
        phases.mark("lanes")
        var found = selected.map { results.take($0) }
        var all = SpecChange.concatenating(moving: &found)
        // The info.version policy judges what the checks found, at every level; with a group
        // selection it runs only when named (oasdiff's single-group configs switch it off).
        if options.groups == nil || options.groups?.contains(EndpointChecks.versionPolicyGroup) == true {
            all.append(contentsOf: EndpointChecks.versionPolicy(context, findings: all))
        }
        // The level filter comes last: the version policy judges findings at every level.
        if !options.disabled.isEmpty || options.minimumLevel > .info {
            all.removeAll { options.disabled.contains($0.id) || $0.level < options.minimumLevel }
        }
        phases.mark("merge")
        defer { phases.mark("sort") }
        return SpecChange.sortedUnique(consume all)
    }

    /// The groups the second lane starts with: the schema structure groups and the endpoint,
    /// parameter and body/response groups, which share no per-diff facts with the schema
    /// value groups of the first lane (the body sites, keyword index and property presence
    /// those build once for all of them). The lanes then even out by taking each other's
    /// lightest groups; splitting the value groups over both lanes built those facts twice
    /// (lanes phase ~10 % longer on the GitHub pair).
    static let secondLane: Set<String> = Set(
        (SchemaStructureChecks.groups + EndpointChecks.groups + ParameterChecks.groups + BodyResponseChecks.groups)
            .filter { !$0.runsAlways }.map(\.name))

    /// The groups a lane runs before the rest of its list: on big specs they take most of
    /// the first lane's time (they build the body facts the other value groups reuse), and
    /// the light groups at the end of each list are what the other lane takes to even out.
    static let heaviest: Set<String> = ["ResponseRequiredPropertyUpdatedCheck", "ResponseOptionalPropertyUpdatedCheck"]
}

/// Work still to do, one list per lane (or one list the lanes share): a lane takes the first
/// of its own list, and when that is empty, the last of another's. The check groups (each
/// lane starting with its own) and the body walks (one list, in order) are handed out so.
private final class LaneQueue<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var lanes: [[Element]]

    init(_ lanes: [[Element]]) {
        self.lanes = lanes.map { Array($0.reversed()) }  // popLast takes the first
    }

    func next(lane: Int) -> Element? {
        lock.lock()
        defer { lock.unlock() }
        if let own = lanes[min(lane, lanes.count - 1)].popLast() { return own }
        for other in lanes.indices where !lanes[other].isEmpty { return lanes[other].removeFirst() }
        return nil
    }
}

/// What each lane found, by group index.
private final class LaneResults: @unchecked Sendable {
    private let lock = NSLock()
    private var perGroup: [[SpecChange]]

    init(groupCount: Int) {
        perGroup = Array(repeating: [], count: groupCount)
    }

    func store(_ found: [(Int, [SpecChange])]) {
        lock.lock()
        defer { lock.unlock() }
        for (index, changes) in found { perGroup[index] = changes }
    }

    /// The changes of group `index`, handed over once (the slot is emptied, so the merged
    /// list is not held twice).
    func take(_ index: Int) -> [SpecChange] {
        var taken: [SpecChange] = []
        swap(&taken, &perGroup[index])
        return taken
    }
}

/// Every check group qgate runs. Each area keeps its groups in its own file.
public enum CheckRegistry {
    public static let groups: [CheckGroup] =
        EndpointChecks.groups + ParameterChecks.groups + BodyResponseChecks.groups
        + SchemaValueChecks.groups + SchemaStructureChecks.groups

    public static var groupNames: [String] { groups.map(\.name) }
}
