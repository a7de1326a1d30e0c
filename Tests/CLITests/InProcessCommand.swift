import CommandLineKit
import CommandReference
import Foundation
import Presentation

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

/// What a test console wrote.
final class Captured: @unchecked Sendable {
    // @unchecked: `storage` is only touched under `lock`.
    private let lock = NSLock()
    private var storage = ""

    func append(_ text: String) { lock.withLock { storage += text } }
    var text: String { lock.withLock { storage } }
}

extension InProcessCommand {
    /// What a command gets for this command line: its settings resolved from the flags, `environment` and any
    /// `--config` file, each value checked by its declaration (throws as the command line would fail).
    static func context(
        _ arguments: [String], environment: [String: String] = [:], spec: CommandSpec = UploadCommand.spec
    ) throws -> CommandContext {
        let spec = CommandCatalog.withCommonOptions(spec)
        let parsed = try Provision.parser.parse(arguments, for: spec)
        let values = try SettingsResolver.resolve(parsed, spec: spec, environment: environment)
        return CommandContext(values: values, environment: environment, console: Console(out: { _ in }, err: { _ in }))
    }
}
