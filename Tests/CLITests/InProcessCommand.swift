import CommandLineKit
import CommandReference
import Foundation
import Presentation
import TestSupport

@testable import ProvisionCLI

/// Runs a provision command line in this process, through `Provision.run` (what the executable calls), with a
/// console that captures what it writes and the environment a `BinaryRunner` run gets (`RunEnvironment`).
///
/// What differs from a process (docs/testing.md): the working directory is the test process's, so tests name files
/// by absolute paths; stdin is not read by any command; a signal would reach the whole test process, so the tests
/// of signals start the binary; libcurl reads its proxy variables and the spool its TMPDIR from the test process's
/// own environment, not from `environment`.
enum InProcessCommand {
    struct Result: Sendable {
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
        let runEnvironment = RunEnvironment(environment)
        let status = await Provision.run(arguments: arguments, environment: runEnvironment.values, console: console)
        withExtendedLifetime(runEnvironment) {}
        return Result(status: status, stdout: out.text, stderr: err.text)
    }
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

/// A file of the repository's `samples/` folder, by absolute path (the in-process runs share the test process's
/// working directory).
func sample(_ name: String) -> String { repositoryRoot.appendingPathComponent("samples/\(name)").path }
