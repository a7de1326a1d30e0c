import EmulatorKit
import Foundation

/// The `hr-emulator` program: parse flags, start, print the banner, serve until SIGTERM or SIGINT.
package enum HREmulatorCommand {
    /// Runs the emulator and returns the exit status (0 after `--help` or a signal, 64 for usage errors, 69 when
    /// it cannot listen).
    package static func run(arguments: [String]) -> Int32 {
        EmulatorProgram.run(
            name: "hr-emulator", arguments: arguments, parse: HRConfiguration.parse,
            helpText: HRConfiguration.helpText
        ) { configuration in
            let emulator = HREmulator(configuration: configuration)
            let port = try emulator.start()
            return (HREmulator.banner(port: port, configuration: configuration), emulator)
        }
    }
}
