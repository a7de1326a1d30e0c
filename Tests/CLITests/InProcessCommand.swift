import Foundation
import Presentation
import TestSupport

@testable import ProvisionCLI

/// Runs a provision command line in this process with a console that captures what it writes.
enum InProcessCommand {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// stdout as a JSON object (`--json`).
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] }
        /// stderr as one JSON object per line (`--log-format json`).
        var events: [[String: Any]] {
            stderr.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async -> Result {
        let out = Captured()
        let err = Captured()
        let console = Console(out: { out.append($0) }, err: { err.append($0) })
        let status = await Provision.run(arguments: arguments, environment: environment, console: console)
        return Result(status: status, stdout: out.text, stderr: err.text)
    }
}
