import Graph
import Transport

/// What a reader of the provisioning logs reads them with: the network, the clock, and the logs' own limit, which every
/// reader of one command shares (the polls of `status --wait` and its heal stay together under it).
package struct LogsConnection: Sendable {
    let transport: any HTTPTransport
    let tokens: any AccessTokenProvider
    let time: any TimeSource
    let window: RequestWindow

    /// - Parameter window: the logs' limit as the command's other log readers use it; nil makes one.
    package init(
        transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        window: RequestWindow? = nil
    ) {
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.window = window ?? .provisioningLogs(time: time)
    }

    /// A client of the logs, waiting for a Retry-After of at most `maxWait`.
    func client(maxWait: Double, userAgent: String) -> ProvisioningLogClient {
        ProvisioningLogClient(
            transport: transport, tokens: tokens, time: time, window: window, maxWait: maxWait,
            requests: GraphRequest(userAgent: userAgent))
    }
}
