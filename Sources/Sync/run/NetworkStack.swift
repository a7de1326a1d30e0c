import Configuration
import Token
import Transport

/// The real network, built once per command: libcurl (`CurlTransport`), the system clock, and the token cache (its
/// requests under the run's `--timeout`, `--max-attempts` and `--max-wait`).
package struct NetworkStack: Sendable {
    package let transport: CurlTransport
    package let time: SystemTimeSource
    package let tokens: TokenCache

    package init(settings: UploadSettings, maxConnections: Int) {
        time = SystemTimeSource()
        transport = CurlTransport(maxConnectionsPerHost: maxConnections)
        let client = TokenClient(
            credential: settings.credential, cloud: settings.cloud, transport: transport, time: time,
            retry: settings.tokenRetry)
        tokens = TokenCache(client: client, time: time)
    }
}
