import EmulatorKit
import Foundation

/// The local Entra emulator, runnable in-process: `let port = try emulator.start()`, then `emulator.stop()`.
package struct Emulator: Sendable {
    private let runtime: EmulatorRuntime

    package init(configuration: EmulatorConfiguration) {
        self.init(configuration: configuration, clock: SystemEmulatorClock())
    }

    /// Uses `clock` for every time-dependent decision (limiter, expiry, processing, log visibility), and `log` for
    /// the emulator's own log lines (stderr by default).
    package init(
        configuration: EmulatorConfiguration, clock: any EmulatorClock,
        log: @escaping @Sendable (String) -> Void = Emulator.writeToStandardError
    ) {
        runtime = EmulatorRuntime(state: EmulatorState(configuration: configuration, clock: clock, log: log))
    }

    /// One line to stderr; FileHandle writes are unbuffered and each line is one write.
    package static func writeToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    package var configuration: EmulatorConfiguration { runtime.state.configuration }

    /// Binds and starts serving; returns the port (the free one picked when the configuration says 0).
    package func start() throws -> Int { try runtime.start() }

    /// Stops accepting and closes open connections.
    package func stop() { runtime.stop() }

    /// The lines printed at start-up, each ending in a newline: where it listens, the bulkUpload endpoint and the
    /// authority host (the `endpoint ` and `authority ` lines are what scripts and tests parse), the tenant, client
    /// and secret it accepts, the roles its tokens carry and the bulkUpload limit.
    package static func banner(port: Int, configuration: EmulatorConfiguration) -> String {
        let base = "http://\(configuration.host):\(port)"
        let job = "servicePrincipals/\(configuration.servicePrincipalID)/synchronization/jobs/\(configuration.jobID)"
        let rate = configuration.rate
        let window =
            rate.windowSeconds == rate.windowSeconds.rounded()
            ? String(Int(rate.windowSeconds))
            : String(rate.windowSeconds)
        return """
            listening on \(base)
            endpoint \(base)/v1.0/\(job)/bulkUpload
            authority \(base)
            tenant-id \(configuration.tenantID)
            client-id \(configuration.clientID)
            client-secret \(configuration.clientSecret)
            roles \(configuration.roles.joined(separator: ","))
            rate \(rate.count)/\(window)s

            """
    }
}

/// Owns the server and the background processing ticker.
///
/// `@unchecked Sendable`: `server` and `ticking` are only accessed while holding `lock`.
final class EmulatorRuntime: @unchecked Sendable {
    let state: EmulatorState
    private let lock = NSLock()
    private var server: HTTPServer?
    private var ticking = false

    init(state: EmulatorState) { self.state = state }

    func start() throws -> Int {
        let state = self.state
        let router = Router(state: state)
        let server = HTTPServer(
            host: state.configuration.host, port: state.configuration.port,
            maxBodyBytes: state.configuration.maxBodyBytes,
            handler: { router.handle($0) },
            errorResponder: { status, message in
                var response = GraphResponse.error(
                    status, code: GraphResponse.code(for: status), message: message,
                    for: HTTPRequestMessage(method: "GET", target: "/"), now: state.clock.now())
                response.closeAfterSending = true
                return response
            })
        try lock.withLock {
            guard self.server == nil else { throw EmulatorError.alreadyRunning }
            self.server = server
            ticking = true
        }
        let port: Int
        do {
            port = try server.start()
        } catch {
            lock.withLock {
                self.server = nil
                ticking = false
            }
            throw error
        }
        state.baseURL = "http://\(state.configuration.host):\(port)"
        let ticker = Thread { [self] in tick() }
        ticker.name = "entra-emulator-processor"
        ticker.start()
        return port
    }

    func stop() {
        let running = lock.withLock { () -> HTTPServer? in
            ticking = false
            defer { server = nil }
            return server
        }
        running?.stop()
    }

    /// Processes due records in the background, so that work is spread out rather than done by whichever
    /// request observes it first; the result is the same either way (see `Processor.drain`).
    private func tick() {
        while lock.withLock({ ticking }) {
            Thread.sleep(forTimeInterval: 0.05)
            let now = state.clock.now()
            state.withModel { $0.drain(now: now) }
        }
    }
}
