import Configuration
import Token
import Transport

/// The real network, built once per command: libcurl (`CurlTransport`), the system clock, and the token cache (its
/// requests under the run's `--timeout`, `--max-attempts` and `--max-wait`).
public struct NetworkStack: Sendable {
    public let transport: CurlTransport
    public let time: SystemTimeSource
    public let tokens: TokenCache

    public init(settings: UploadSettings, maxConnections: Int) {
        time = SystemTimeSource()
        transport = CurlTransport(maxConnectionsPerHost: maxConnections)
        let client = TokenClient(
            credential: settings.credential, cloud: settings.cloud, transport: transport, time: time,
            retry: settings.tokenRetry)
        tokens = TokenCache(client: client, time: time)
    }
}
