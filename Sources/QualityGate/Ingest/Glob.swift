import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expands file globs the way CI users write them: `*`, `?`, `[abc]` within one path
/// component, and `**` for any number of folders (including none).
///
/// Matches are files only, sorted, without duplicates; symbolic links to folders are not
/// followed by `**`, so a link loop cannot hang the gate.
public enum Glob {
    public static func hasMagic(_ pattern: String) -> Bool {
        pattern.contains { "*?[".contains($0) }
    }

    /// Files matching `pattern`; a relative pattern is resolved against `base`.
    public static func expand(_ pattern: String, base: String = ".") -> [String] {
        let absolute = pattern.hasPrefix("/")
        let root = absolute ? "/" : base
        let components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var results = Set<String>()
        walk(directory: root, display: absolute ? "/" : (base == "." ? "" : base), components: components[...], into: &results, base: base)
        return results.sorted()
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func kind(_ path: String) -> (exists: Bool, directory: Bool, link: Bool) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return (false, false, false) }
        let isLink = (info.st_mode & S_IFMT) == S_IFLNK
        if isLink {
            var target = stat()
            guard stat(path, &target) == 0 else { return (false, false, true) }
            return (true, (target.st_mode & S_IFMT) == S_IFDIR, true)
        }
        return (true, (info.st_mode & S_IFMT) == S_IFDIR, false)
    }

    private static func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    private static func walk(
        directory: String, display: String, components: ArraySlice<String>, into results: inout Set<String>,
        base: String
    ) {
        guard let head = components.first else {
            let info = kind(directory)
            if info.exists && !info.directory { results.insert(display) }
            return
        }
        let rest = components.dropFirst()
        if head == "**" {
            walk(directory: directory, display: display, components: rest, into: &results, base: base)
            for name in entries(directory) where !name.hasPrefix(".") {
                let path = join(directory, name)
                let info = kind(path)
                if info.directory && !info.link {
                    walk(directory: path, display: join(display, name), components: components, into: &results, base: base)
                }
            }
            return
        }
        if !hasMagic(head) {
            let path = join(directory, head)
            if kind(path).exists {
                walk(directory: path, display: join(display, head), components: rest, into: &results, base: base)
            }
            return
        }
        for name in entries(directory) where fnmatch(head, name, FNM_PERIOD) == 0 {
            walk(
                directory: join(directory, name), display: join(display, name), components: rest, into: &results, base: base)
        }
    }
}
