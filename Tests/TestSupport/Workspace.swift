import Foundation

/// A fresh temporary directory for one test, removed when the test drops it.
///
/// Tests hold it in a local (`let workspace = try Workspace()`); its lifetime is the test's, so no `defer` is needed.
package final class Workspace: @unchecked Sendable {
    // @unchecked: `directory` is set once in init and never changes.
    package let directory: URL

    package init(_ label: String = "provision-test") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// `name` inside the workspace (not created).
    package func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Writes `text` to `name` and returns its URL.
    @discardableResult
    package func write(_ text: String, to name: String) throws -> URL {
        let url = url(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}
