import EmulatorKit
import Foundation

/// The `entra-emulator` program: parse flags, start, print the banner, serve until SIGTERM or SIGINT.
package enum EmulatorCommand {
    /// Runs the emulator and returns the exit status (0 after a signal, 64 for usage errors).
    package static func run(arguments: [String]) -> Int32 {
        EmulatorProgram.run(
            name: "entra-emulator", arguments: arguments, parse: EmulatorConfiguration.parse,
            helpText: EmulatorConfiguration.helpText
        ) { configuration in
            let emulator = Emulator(configuration: configuration)
            let port = try emulator.start()
            return (Emulator.banner(port: port, configuration: configuration), emulator)
        }
    }
}
