import Foundation
import Presentation

@testable import ProvisionCLI

/// What a test console wrote.
final class Captured: @unchecked Sendable {
    // @unchecked: `storage` is only touched under `lock`.
    private let lock = NSLock()
    private var storage = ""

    func append(_ text: String) { lock.withLock { storage += text } }
    var text: String { lock.withLock { storage } }
}

/// `provision` run in this process (`Provision.run`) with a console that captures stdout and stderr.
enum InProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async -> Result {
        let out = Captured()
        let err = Captured()
        let console = Console(out: { out.append($0) }, err: { err.append($0) })
        let status = await Provision.run(arguments: arguments, environment: environment, console: console)
        return Result(status: status, stdout: out.text, stderr: err.text)
    }
}
