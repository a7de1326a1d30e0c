import EmulatorKit
import Foundation
import JSONDocument

/// The local HR system emulator, runnable in-process: `let port = try emulator.start()`, then `emulator.stop()`.
package struct HREmulator: Sendable {
    let state: HRState
    private let runtime: HRRuntime

    package init(configuration: HRConfiguration) {
        self.init(configuration: configuration, clock: SystemEmulatorClock())
    }

    /// Uses `clock` for token expiry, `log` for the emulator's own lines (stderr by default) and `sleep` for slow
    /// pages (a real sleep by default); `baseURL` is where links point until `start()` knows its port.
    package init(
        configuration: HRConfiguration, clock: any EmulatorClock,
        log: @escaping @Sendable (String) -> Void = HREmulator.writeToStandardError,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
        baseURL: String = "http://127.0.0.1"
    ) {
        state = HRState(configuration: configuration, clock: clock, log: log, sleep: sleep, baseURL: baseURL)
        runtime = HRRuntime(state: state)
    }

    /// One line to stderr; FileHandle writes are unbuffered and each line is one write.
    package static func writeToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    package var configuration: HRConfiguration { state.configuration }

    /// Binds and starts serving; returns the port (the free one picked when the configuration says 0).
    package func start() throws -> Int { try runtime.start() }

    /// Stops accepting and closes open connections.
    package func stop() { runtime.stop() }

    /// Answers one request without a socket: what the server does with it (tests drive this directly).
    package func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage { HRRouter(state: state).handle(request) }

    /// The lines printed at start-up, each `name value`, for scripts and tests to parse: where it listens, each
    /// preset's URL and token URL, and the credentials it accepts.
    package static func banner(port: Int, configuration: HRConfiguration) -> String {
        let base = "http://\(configuration.host):\(port)"
        let lines = [
            ("listening on", base),
            ("workday", "\(base)/ccx/service/customreport2/emulator/ISU_provision/Provision_Workers?format=json"),
            ("workday-token-url", "\(base)/ccx/oauth2/emulator/token"),
            ("bamboohr", "\(base)/api/gateway.php/emulator/v1/employees/directory"),
            ("bamboohr-report", "\(base)/api/gateway.php/emulator/v1/reports/custom?format=JSON"),
            ("successfactors", "\(base)/odata/v2/User?$format=json"),
            ("successfactors-token-url", "\(base)/oauth/token"),
            ("personio", "\(base)/v1/company/employees"),
            ("personio-auth-url", "\(base)/v1/auth"),
            ("adp", "\(base)/hr/v2/workers"),
            ("adp-token-url", "\(base)/auth/oauth/v2/token"),
            ("generic", "\(base)/generic/workers"),
            ("token-url", "\(base)/oauth2/token"),
            ("user", configuration.user), ("password", configuration.password), ("api-key", configuration.apiKey),
            ("client-id", configuration.clientID), ("client-secret", configuration.clientSecret),
            ("refresh-token", configuration.refreshToken), ("bearer-token", configuration.bearerToken),
            ("people", String(configuration.people?.count ?? configuration.peopleCount)),
            ("page-size", String(configuration.pageSize)),
        ]
        return lines.map { "\($0.0) \($0.1)\n" }.joined()
    }
}

/// Owns the server. `@unchecked Sendable`: `server` is only accessed while holding `lock`.
final class HRRuntime: @unchecked Sendable {
    let state: HRState
    private let lock = NSLock()
    private var server: HTTPServer?

    init(state: HRState) { self.state = state }

    func start() throws -> Int {
        let router = HRRouter(state: state)
        let configuration = state.configuration
        let server = HTTPServer(
            host: configuration.host, port: configuration.port, maxBodyBytes: configuration.maxBodyBytes,
            handler: { router.handle($0) },
            errorResponder: { status, message in
                var response = HRResponse.json(status, .object(["error": "bad_request", "message": .string(message)]))
                response.closeAfterSending = true
                return response
            })
        try lock.withLock {
            guard self.server == nil else { throw EmulatorError.alreadyRunning }
            self.server = server
        }
        do {
            let port = try server.start()
            state.baseURL = "http://\(configuration.host):\(port)"
            return port
        } catch {
            lock.withLock { self.server = nil }
            throw error
        }
    }

    func stop() {
        let running = lock.withLock { () -> HTTPServer? in
            defer { server = nil }
            return server
        }
        running?.stop()
    }
}
