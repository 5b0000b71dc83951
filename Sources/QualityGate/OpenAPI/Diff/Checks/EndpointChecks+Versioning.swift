/// The `info.version` policy (oasdiff's versioning rules): a breaking change needs a major
/// version increase (a minor one below 1.0.0). It judges the other findings, so it runs
/// after every group; it speaks only when both versions are semantic versions.
extension EndpointChecks {
    struct SemanticVersion: Sendable, Equatable {
        var major: Int
        var minor: Int
        var patch: Int

        /// `1.2.3`, `v1.2.3`, `1.2.3-rc.1+build.5`; anything looser (dates, `v1`) is not judged.
        init?(_ text: String) {
            var core = Substring(text)
            if core.hasPrefix("v") { core = core.dropFirst() }
            if let plus = core.firstIndex(of: "+") {
                let build = core[core.index(after: plus)...]
                guard Self.isIdentifierList(build, numeric: false) else { return nil }
                core = core[..<plus]
            }
            if let dash = core.firstIndex(of: "-") {
                let prerelease = core[core.index(after: dash)...]
                guard Self.isIdentifierList(prerelease, numeric: true) else { return nil }
                core = core[..<dash]
            }
            let parts = core.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let major = Self.number(parts[0]), let minor = Self.number(parts[1]),
                let patch = Self.number(parts[2])
            else { return nil }
            (self.major, self.minor, self.patch) = (major, minor, patch)
        }

        private static func number(_ text: Substring) -> Int? {
            guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
                text == "0" || !text.hasPrefix("0")
            else { return nil }
            return Int(text)
        }

        /// Dot-separated `[0-9A-Za-z-]+` identifiers; numeric ones without leading zeros
        /// when `numeric` (semver prerelease rule).
        private static func isIdentifierList(_ text: Substring, numeric: Bool) -> Bool {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return !parts.isEmpty && parts.allSatisfy { part in
                guard !part.isEmpty, part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                    return false
                }
                if numeric, part.allSatisfy(\.isNumber), part.count > 1, part.hasPrefix("0") { return false }
                return true
            }
        }

        func isAfter(_ other: SemanticVersion) -> Bool {
            (major, minor, patch) > (other.major, other.minor, other.patch)
        }

        /// Moved enough to carry a breaking change (below 1.0.0 the minor plays the major).
        func carriesBreakingChange(from base: SemanticVersion) -> Bool {
            if base.major == 0 && major == 0 { return minor > base.minor }
            return major > base.major
        }
    }

    /// The name that selects the info.version policy in `DiffOptions.groups` (oasdiff
    /// registers these three rules without a group).
    static let versionPolicyGroup = "APIVersionPolicy"

    static func versionPolicy(_ context: DiffContext, findings: [SpecChange]) -> [SpecChange] {
        guard let baseText = context.base.apiVersion, let revisionText = context.revision.apiVersion,
            let base = SemanticVersion(baseText), let revision = SemanticVersion(revisionText),
            findings.contains(where: { $0.level == .err })
        else { return [] }
        let baseNode = context.base.info?["version"], revisionNode = context.revision.info?["version"]
        if baseText == revisionText {
            return [context.documentChange("api-version-not-bumped",
                "a breaking change was detected but the version is still \(revisionText)", base: baseNode, revision: revisionNode)]
        }
        if !revision.isAfter(base) {
            return [context.documentChange("api-version-decreased",
                "a breaking change was detected but the version decreased from \(baseText) to \(revisionText)",
                base: baseNode, revision: revisionNode)]
        }
        if !revision.carriesBreakingChange(from: base) {
            return [context.documentChange("api-major-version-not-bumped",
                "a breaking change was detected but the major version did not increase, from \(baseText) to \(revisionText)",
                base: baseNode, revision: revisionNode)]
        }
        return []
    }
}
