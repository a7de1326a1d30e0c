import Foundation
import Testing

/// Golden files: expected output kept in the source tree, so that every change to it shows in review. With
/// `UPDATE_GOLDEN` set in the environment the files are rewritten from the actual output instead of compared
/// (`UPDATE_GOLDEN=1 swift test --filter <Suite>`; docs/testing.md).
package enum Golden {
    package static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil }

    /// Compares `actual` with the file `name` in `directory` (or rewrites it when updating).
    package static func check(
        _ actual: String, against name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == expected, "\(name) drifted from its golden file (UPDATE_GOLDEN=1 regenerates it)",
            sourceLocation: sourceLocation)
    }
}
