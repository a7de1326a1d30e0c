import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `entra-emulator` program: parse flags, start, print the banner, serve until SIGTERM or SIGINT.
public enum EmulatorCommand {
    /// Runs the emulator and returns the exit status (0 after a signal, 64 for usage errors).
    public static func run(arguments: [String]) -> Int32 {
        let configuration: EmulatorConfiguration
        do {
            switch try EmulatorConfiguration.parse(arguments) {
            case .help:
                write(EmulatorConfiguration.helpText, to: .standardOutput)
                return 0
            case .run(let parsed):
                configuration = parsed
            }
        } catch {
            write("entra-emulator: error: \(error.localizedDescription)\n", to: .standardError)
            return 64
        }
        // Foundation may own threads that do not block signals, so a mask plus `sigwait` is unreliable; a
        // handler that calls the async-signal-safe `_exit` stops promptly whichever thread receives it.
        // Open sockets die with the process. Installing it also undoes a shell's SIG_IGN for background jobs.
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }
        // A parent may have spawned us with these signals blocked (Foundation's Process passes its mask on).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let emulator = Emulator(configuration: configuration)
        let port: Int
        do {
            port = try emulator.start()
        } catch {
            write("entra-emulator: error: \(error.localizedDescription)\n", to: .standardError)
            return 69
        }
        write(Emulator.banner(port: port, configuration: configuration), to: .standardOutput)
        while true { pause() }
    }

    /// FileHandle writes are unbuffered, so the banner is visible to a parent process at once.
    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
