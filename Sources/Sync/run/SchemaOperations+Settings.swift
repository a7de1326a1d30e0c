import Configuration
import Preflight

/// The schema operations built from a command's resolved settings.
extension SchemaOperations {
    /// The job's schema over `network`, each request within the run's `--timeout`.
    package init(settings: UploadSettings, network: NetworkStack, maxAttempts: Int = 3) {
        self.init(
            jobURL: settings.endpoint.jobURL, transport: network.transport, tokens: network.tokens,
            time: network.time, userAgent: settings.upload.userAgent,
            timeoutSeconds: settings.upload.requestTimeoutSeconds, maxAttempts: maxAttempts)
    }
}
