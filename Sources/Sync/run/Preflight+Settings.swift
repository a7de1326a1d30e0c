import Preflight
import Transport

/// The pre-flight operations built from a command's resolved settings.
extension TenantCheck {
    public init(settings: UploadSettings, sent: SentAttributes?, transport: any HTTPTransport, time: any TimeSource) {
        let endpoint = settings.endpoint
        let connection = Connection(
            endpoint: endpoint.url, version: endpoint.version, jobId: endpoint.jobId, jobURL: endpoint.jobURL,
            credential: settings.credential, credentialSummary: CredentialSummary.describe(settings.credential),
            cloud: settings.cloud, tokenRetry: settings.tokenRetry, userAgent: settings.upload.userAgent,
            warnings: settings.warnings)
        self.init(connection: connection, sent: sent, transport: transport, time: time)
    }
}

extension SchemaOperations {
    /// The job's schema over `network`, each request within the run's `--timeout`.
    public init(settings: UploadSettings, network: NetworkStack, maxAttempts: Int = 3) {
        self.init(
            jobURL: settings.endpoint.jobURL, transport: network.transport, tokens: network.tokens,
            time: network.time, userAgent: settings.upload.userAgent,
            timeoutSeconds: settings.upload.requestTimeoutSeconds, maxAttempts: maxAttempts)
    }
}
