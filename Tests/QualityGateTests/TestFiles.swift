import Foundation

/// Writes small inline fixtures to a temporary folder, for tests that need a real file.
struct TestFiles {
    let folder: String

    /// A folder of the shared conformance corpus, which sits beside the repository
    /// (`<repo>/../shared/conformance/<relative>`).
    static func conformance(_ relative: String) -> String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/conformance/" + relative).path
    }

    /// The repository's root (for the example budgets and schemas it ships).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    init() {
        folder = NSTemporaryDirectory() + "qgate-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ content: String) -> String {
        let path = folder + "/" + name
        let parent = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
        return path
    }
}
