import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an emulator program does between its thin `main` and its library: parse the flags, start, print the banner,
/// serve until SIGTERM or SIGINT. `start` returns the banner and the running server, kept alive until then. Exit statuses: 0 after `--help` or a signal, 64 for usage errors, 69 when the
/// server cannot start.
package enum EmulatorProgram {
    package static func run<Configuration: Sendable & Equatable>(
        name: String, arguments: [String], parse: ([String]) throws -> EmulatorParseResult<Configuration>,
        helpText: String, start: (Configuration) throws -> (banner: String, server: Any)
    ) -> Int32 {
        let configuration: Configuration
        do {
            switch try parse(arguments) {
            case .help:
                write(helpText, to: .standardOutput)
                return 0
            case .run(let parsed):
                configuration = parsed
            }
        } catch {
            write("\(name): error: \(error.localizedDescription)\n", to: .standardError)
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
        let started: (banner: String, server: Any)
        do {
            started = try start(configuration)
        } catch {
            write("\(name): error: \(error.localizedDescription)\n", to: .standardError)
            return 69
        }
        write(started.banner, to: .standardOutput)
        // The server lives as long as this frame, which only a signal ends.
        return withExtendedLifetime(started.server) { () -> Int32 in
            while true { pause() }
        }
    }

    /// FileHandle writes are unbuffered, so the banner is visible to a parent process at once.
    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
