import EmulatorKit
import Foundation
import HREmulator
import TestSupport

/// The HR API emulator serving on a free 127.0.0.1 port from this test process, stopped when the test drops it: the
/// same flags and banner as `hr-emulator` (each preset's URL and token URL, the credentials it accepts).
final class InProcessHREmulator: @unchecked Sendable {
    // @unchecked: every field is set in init and never changes; `emulator` is only stopped in deinit.
    let base: String
    let banner: [String: String]
    private let emulator: HREmulator

    init(_ arguments: [String] = []) throws {
        guard case .run(let configuration) = try HRConfiguration.parse(["--port", "0"] + arguments) else {
            throw EmulatorStartError(output: "--help is not an emulator to start")
        }
        emulator = HREmulator(configuration: configuration, clock: SystemEmulatorClock(), log: { _ in })
        let port = try emulator.start()
        var banner: [String: String] = [:]
        for line in HREmulator.banner(port: port, configuration: configuration).split(separator: "\n") {
            if line.hasPrefix("listening on ") {
                banner["listening on"] = String(line.dropFirst("listening on ".count))
            } else if let space = line.firstIndex(of: " ") {
                banner[String(line[..<space])] = String(line[line.index(after: space)...])
            }
        }
        self.banner = banner
        base = banner["listening on"] ?? ""
    }

    deinit { emulator.stop() }

    /// The banner line `name` (a preset's URL, a credential).
    subscript(name: String) -> String { banner[name] ?? "missing banner line \(name)" }

    /// `host:port`, as `--allow-host` and `--next-link-host` write it.
    var hostAndPort: String { String(base.dropFirst("http://".count)) }

    /// `GET /_hr/stats`.
    func stats() throws -> [String: Int] {
        let data = try Data(contentsOf: URL(string: "\(base)/_hr/stats")!)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.intValue }
    }
}
