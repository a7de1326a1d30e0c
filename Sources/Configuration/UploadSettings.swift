import Foundation
import Token
import Uploader

/// Everything the online part of a command needs, validated before any token is requested.
package struct UploadSettings: Sendable {
    package let endpoint: BulkUploadEndpoint
    package let cloud: CloudProfile
    package let credential: Credential
    package var upload: UploadConfiguration
    /// What the user should know before anything is sent: a credential setting that lost to another, a certificate
    /// close to its expiry. Commands print them as warnings.
    package var warnings: [String] = []

    /// The token phase under the run's own limits: `--max-attempts`, `--timeout` and `--max-wait` apply to token
    /// requests as to every other request.
    package var tokenRetry: TokenRetryPolicy {
        TokenRetryPolicy(
            maxAttempts: upload.maxAttempts, requestTimeoutSeconds: upload.requestTimeoutSeconds,
            maxWait: upload.maxWait)
    }

    /// Headroom on the pacing window (docs/benchmarks.md: arrivals at the service lag starts by a varying few ms).
    package static let windowMargin = 0.03

    /// - Parameter version: this build's version, for the User-Agent.
    package static func resolve(
        _ options: ConnectionOptions, _ limits: UploadOptions = UploadOptions(),
        environment: CredentialEnvironment, version: String
    ) throws(ConfigurationError) -> UploadSettings {
        // Every missing setting in one message: a first run should not take four tries to find them.
        let credentials = CredentialResolver(options: options, environment: environment)
        let missing = (options.endpoint == nil ? [MissingSetting.endpoint] : []) + credentials.missingSettings()
        guard missing.isEmpty, let endpointSetting = options.endpoint else {
            throw ConfigurationError(MissingSetting.message(missing))
        }
        let allowedHosts = options.allowedHosts
        let endpoint = try BulkUploadEndpoint.parse(
            endpointSetting.value, allowedHosts: allowedHosts, setting: endpointSetting.name)
        var cloud = CloudProfile.forGraphHost(endpoint.host)
        if let authority = options.authorityHost {
            // The secret or assertion goes to the authority: it passes the same kind of allow-list as the endpoint.
            let url = try BulkUploadEndpoint.parseAuthority(
                authority.value, allowedHosts: allowedHosts, setting: authority.name)
            cloud = cloud.withAuthority(url)
        }
        let resolved = try credentials.resolved()
        let credential = resolved.credential
        if HostPolicy.isLoopbackHost(endpoint.host), options.authorityHost == nil, credential.usesAuthority {
            throw ConfigurationError(
                "the endpoint is on this machine (\(endpoint.host): the local emulator?) but no authority host is set, "
                    + "so the token request would go to \(cloud.authorityHost.absoluteString): set "
                    + "AZURE_AUTHORITY_HOST "
                    + "(or --authority-host) to the emulator's address, the 'authority' line it prints at start "
                    + "(e.g. http://127.0.0.1:8080)")
        }
        var upload = UploadConfiguration(endpoint: endpoint.url)
        upload.userAgent = "provision/\(version)"
        if let rate = limits.rate { upload.rate = rate }
        // Enough in flight to fill the rate at about one second of latency, with room for the slower requests.
        upload.concurrency = max(1, Int((Double(upload.rate.count) / upload.rate.seconds * 1.5).rounded(.up)))
        upload.windowMargin = windowMargin
        // After recurring 429s halve the pace, a tenth of the rate returns per clean window: gradual, not 20 s long.
        upload.recoveryStep = max(1, upload.rate.count / 10)
        upload.concurrency = limits.concurrency ?? upload.concurrency
        upload.maxAttempts = limits.maxAttempts ?? upload.maxAttempts
        upload.maxRequests = limits.maxRequests
        upload.requestTimeoutSeconds = limits.timeoutSeconds ?? upload.requestTimeoutSeconds
        upload.bucketFullWait = limits.bucketFullWait ?? upload.bucketFullWait
        upload.bucketFullMaxWaits = limits.bucketFullRetries ?? upload.bucketFullMaxWaits
        upload.maxWait = limits.maxWait ?? upload.maxWait
        return UploadSettings(
            endpoint: endpoint, cloud: cloud, credential: credential, upload: upload, warnings: resolved.warnings)
    }
}

/// The upload's own limits as the options gave them, each already checked against its range by its declaration;
/// nil keeps the default.
package struct UploadOptions: Sendable {
    /// Most request starts in any window (`--rate`).
    package var rate: RateLimit?
    package var concurrency: Int?
    package var maxAttempts: Int?
    package var maxRequests: Int?
    package var timeoutSeconds: Int?
    package var bucketFullWait: Double?
    package var bucketFullRetries: Int?
    package var maxWait: Double?

    package init() {}
}
