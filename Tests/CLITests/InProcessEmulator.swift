import EmulatorKit
import EntraEmulator
import Foundation
import TestSupport

/// The Entra emulator serving on a free 127.0.0.1 port from this test process, on the real clock, stopped when the
/// test drops it: the same flags, endpoints and banner as `entra-emulator`, without starting a program. Its own log
/// is dropped, as `EmulatorProcess` drops the program's stderr.
final class InProcessEmulator: EmulatorHandle, @unchecked Sendable {
    // @unchecked: every field is set in init and never changes; `emulator` is only stopped in deinit.
    let endpoint: String
    let authority: String
    private let emulator: Emulator

    init(_ arguments: [String] = []) throws {
        guard case .run(let configuration) = try EmulatorConfiguration.parse(["--port", "0"] + arguments) else {
            throw EmulatorStartError(output: "--help is not an emulator to start")
        }
        emulator = Emulator(configuration: configuration, clock: SystemEmulatorClock(), log: { _ in })
        let port = try emulator.start()
        let banner = Emulator.banner(port: port, configuration: configuration)
        guard let found = Self.endpoints(inBanner: banner) else {
            emulator.stop()
            throw EmulatorStartError(output: banner)
        }
        endpoint = found.endpoint
        authority = found.authority
    }

    deinit { emulator.stop() }
}
