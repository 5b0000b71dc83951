import Foundation

/// Maps the file paths a coverage report writes to repository-relative paths.
///
/// Reports name files every way there is: relative to the build directory, absolute on the CI
/// machine that wrote them, with Windows separators, relative to a Cobertura `<source>`, or
/// with `..` segments. Tried in order, the first hit wins:
/// 1. the first `before::after` rule whose `before` prefixes the path rewrites it;
/// 2. the path as a tracked repository-relative file (`exact`);
/// 3. an absolute path inside the repository root (`absolute`);
/// 4. each report source root joined with the path (`source-root`);
/// 5. the longest unique run of trailing whole components shared with one tracked file, where
///    either side is wholly contained in the other, as Codecov does (`suffix`); a tie is
///    unmatched and lists the candidates;
/// 6. steps 2 to 5 ignoring letter case, accepted only for a single candidate.
///
/// Without a tracked-file list (not a git checkout) paths are mapped lexically relative to the
/// root and marked `lexical`, since nothing can confirm them.
public struct PathMapper: Sendable {
    /// The repository root as given.
    public let root: String
    public let rules: [PathRewriteRule]
    /// Whether a tracked-file list backs the mapping.
    public var hasFileList: Bool { files != nil }

    private let roots: [NormalizedPath]
    private let normalizedRules: [(rule: PathRewriteRule, before: NormalizedPath, after: [String], afterAbsolute: Bool)]
    private let files: Set<String>?
    private let fileComponents: [[String]]
    private let byName: [String: [Int]]
    private let byLowerName: [String: [Int]]
    private let byLowerPath: [String: [String]]

    /// - Parameters:
    ///   - root: the repository root; relative roots are taken from the current directory.
    ///   - trackedFiles: repository-relative tracked files (`git ls-files`), nil when unknown.
    ///   - rules: `before::after` rewrites, tried in order.
    public init(root: String, trackedFiles: [String]?, rules: [PathRewriteRule] = []) {
        self.root = root
        self.rules = rules
        var absoluteRoot = root.replacingOccurrences(of: "\\", with: "/")
        let isWindowsAbsolute = absoluteRoot.count > 1 && Array(absoluteRoot.prefix(2))[1] == ":"
        if !absoluteRoot.hasPrefix("/"), !isWindowsAbsolute {
            absoluteRoot = FileManager.default.currentDirectoryPath + "/" + absoluteRoot
        }
        var roots: [NormalizedPath] = []
        for candidate in [absoluteRoot, URL(fileURLWithPath: absoluteRoot).resolvingSymlinksInPath().path] {
            if case .success(let path) = NormalizedPath.parse(candidate), !roots.contains(path) { roots.append(path) }
        }
        self.roots = roots
        normalizedRules = rules.compactMap { rule in
            guard case .success(let before) = NormalizedPath.parse(rule.before) else { return nil }
            let after = NormalizedPath.parse(rule.after)
            switch after {
            case .success(let path): return (rule, before, path.components, path.isAbsolute)
            case .failure: return (rule, before, [], false)
            }
        }
        if let trackedFiles {
            let unique = Set(trackedFiles)
            let list = unique.sorted()
            files = unique
            fileComponents = list.map { $0.split(separator: "/").map(String.init) }
            var byName: [String: [Int]] = [:]
            var byLowerName: [String: [Int]] = [:]
            var byLowerPath: [String: [String]] = [:]
            for (index, components) in fileComponents.enumerated() {
                guard let name = components.last else { continue }
                byName[name, default: []].append(index)
                byLowerName[name.lowercased(), default: []].append(index)
                byLowerPath[list[index].lowercased(), default: []].append(list[index])
            }
            self.byName = byName
            self.byLowerName = byLowerName
            self.byLowerPath = byLowerPath
        } else {
            files = nil
            fileComponents = []
            byName = [:]
            byLowerName = [:]
            byLowerPath = [:]
        }
    }

    /// A mapper backed by `git ls-files` of `repository`.
    public static func forRepository(_ repository: GitRepository, rules: [PathRewriteRule] = []) throws(GitError)
        -> PathMapper
    {
        PathMapper(root: repository.root, trackedFiles: try repository.trackedFiles(), rules: rules)
    }

    /// Maps one report path; `sourceRoots` are the report's own roots (Cobertura `<source>`).
    public func map(_ reportPath: String, sourceRoots: [String] = []) -> PathMapping {
        var mapping = PathMapping(reportPath: reportPath)
        var path: NormalizedPath
        switch NormalizedPath.parse(reportPath) {
        case .success(let parsed):
            path = parsed
        case .failure(let problem):
            // `../src/a.c` may still be fine below a source root.
            if let match = matchUnderSourceRoots(reportPath, sourceRoots) {
                mapping.repositoryPath = match
                mapping.method = .sourceRoot
            } else {
                mapping.reason = problem.reason
            }
            return mapping
        }
        if let (rule, rewritten) = rewrite(path) {
            mapping.rule = rule
            path = rewritten
            if let relative = relativeToRoot(path), files?.contains(relative) ?? true {
                mapping.repositoryPath = relative
                mapping.method = .rule
                return mapping
            }
        }
        guard files != nil else { return lexical(path, sourceRoots, mapping) }

        if !path.isAbsolute, files?.contains(path.joined) == true {
            mapping.repositoryPath = path.joined
            mapping.method = .exact
            return mapping
        }
        if path.isAbsolute, let relative = relativeToRoot(path), files?.contains(relative) == true {
            mapping.repositoryPath = relative
            mapping.method = .absolute
            return mapping
        }
        if !path.isAbsolute, let match = matchUnderSourceRoots(path.joined, sourceRoots) {
            mapping.repositoryPath = match
            mapping.method = .sourceRoot
            return mapping
        }
        let suffix = suffixMatch(path.components, ignoringCase: false)
        if suffix.count == 1, let only = suffix.first {
            mapping.repositoryPath = only
            mapping.method = .suffix
            return mapping
        }
        if suffix.count > 1 {
            mapping.reason = "ambiguous: \(suffix.count) tracked files end with '\(path.components.suffix(1).joined())' equally well"
            mapping.candidates = Array(suffix.prefix(10))
            return mapping
        }
        if let match = caseInsensitiveMatch(path) {
            mapping.repositoryPath = match
            mapping.method = .caseInsensitive
            return mapping
        }
        let whereItIs =
            path.isAbsolute && relativeToRoot(path) == nil ? "outside the repository root \(root) and " : ""
        mapping.reason = "\(whereItIs)no tracked file matches it or ends with its name"
        return mapping
    }

    /// Maps every file of a report and merges files that land on the same repository path.
    ///
    /// - Returns: the mapped files keyed by repository path (in first-seen order), and one
    ///   mapping per distinct report path; unmatched files are left out of `files`.
    public func map(_ coverage: [FileCoverage], sourceRoots: [String] = []) -> (
        files: [FileCoverage], mappings: [PathMapping]
    ) {
        var renamed: [FileCoverage] = []
        var mappings: [PathMapping] = []
        var seen: [String: PathMapping] = [:]
        for file in coverage {
            let mapping: PathMapping
            if let known = seen[file.path] {
                mapping = known
            } else {
                mapping = map(file.path, sourceRoots: sourceRoots)
                seen[file.path] = mapping
                mappings.append(mapping)
            }
            guard let target = mapping.repositoryPath else { continue }
            var moved = file
            moved.path = target
            renamed.append(moved)
        }
        return (FileCoverage.mergedByPath(renamed), mappings)
    }

    // MARK: - Steps

    private func rewrite(_ path: NormalizedPath) -> (PathRewriteRule, NormalizedPath)? {
        for entry in normalizedRules {
            guard let rest = path.relative(to: entry.before) else { continue }
            let components = entry.after + rest
            guard !components.isEmpty else { continue }
            return (entry.rule, NormalizedPath(components: components, isAbsolute: entry.afterAbsolute))
        }
        return nil
    }

    /// Repository-relative form: relative paths as they are, absolute ones when under the root.
    private func relativeToRoot(_ path: NormalizedPath) -> String? {
        guard path.isAbsolute else { return path.joined }
        for root in roots {
            if let rest = path.relative(to: root), !rest.isEmpty { return rest.joined(separator: "/") }
        }
        return nil
    }

    private func matchUnderSourceRoots(_ path: String, _ sourceRoots: [String]) -> String? {
        for sourceRoot in sourceRoots where !sourceRoot.isEmpty {
            guard case .success(var joined) = NormalizedPath.parse(sourceRoot + "/" + path) else { continue }
            if let (_, rewritten) = rewrite(joined) { joined = rewritten }
            guard let relative = relativeToRoot(joined) else { continue }
            if let files {
                if files.contains(relative) { return relative }
            } else if let root = roots.first,
                FileManager.default.fileExists(atPath: root.joined + "/" + relative)
            {
                return relative
            }
        }
        return nil
    }

    /// Tracked files sharing the longest run of trailing components with `components`, where
    /// one side is wholly a suffix of the other (so `lib/a.c` never matches `other/a.c`).
    private func suffixMatch(_ components: [String], ignoringCase: Bool) -> [String] {
        guard let name = components.last else { return [] }
        let wanted = ignoringCase ? components.map { $0.lowercased() } : components
        let candidates = (ignoringCase ? byLowerName[name.lowercased()] : byName[name]) ?? []
        var best = 0
        var matches: [String] = []
        for index in candidates {
            let file = fileComponents[index]
            var common = 0
            while common < file.count, common < wanted.count {
                let left = file[file.count - 1 - common]
                let right = wanted[wanted.count - 1 - common]
                guard (ignoringCase ? left.lowercased() : left) == right else { break }
                common += 1
            }
            guard common == file.count || common == wanted.count else { continue }
            if common > best {
                best = common
                matches = [file.joined(separator: "/")]
            } else if common == best {
                matches.append(file.joined(separator: "/"))
            }
        }
        return matches.sorted()
    }

    private func caseInsensitiveMatch(_ path: NormalizedPath) -> String? {
        var keys: [String] = []
        if let relative = relativeToRoot(path) { keys.append(relative.lowercased()) }
        for key in keys {
            if let hits = byLowerPath[key], hits.count == 1 { return hits[0] }
        }
        let suffix = suffixMatch(path.components, ignoringCase: true)
        return suffix.count == 1 ? suffix[0] : nil
    }

    private func lexical(_ path: NormalizedPath, _ sourceRoots: [String], _ mapping: PathMapping) -> PathMapping {
        var mapping = mapping
        if !path.isAbsolute, let match = matchUnderSourceRoots(path.joined, sourceRoots) {
            mapping.repositoryPath = match
            mapping.method = .sourceRoot
        } else if let relative = relativeToRoot(path) {
            mapping.repositoryPath = relative
            mapping.method = mapping.rule == nil ? .lexical : .rule
        } else {
            mapping.reason = "absolute path outside the repository root \(root) (no git file list to match it against)"
        }
        return mapping
    }
}
