import Foundation
import Token
import Uploader

/// Everything the online part of a command needs, validated before any token is requested.
public struct UploadSettings: Sendable {
    public let endpoint: BulkUploadEndpoint
    public let cloud: CloudProfile
    public let credential: Credential
    public var upload: UploadConfiguration
    /// What the user should know before anything is sent: a credential setting that lost to another, a certificate
    /// close to its expiry. Commands print them as warnings.
    public var warnings: [String] = []

    /// The token phase under the run's own limits: `--max-attempts`, `--timeout` and `--max-wait` apply to token
    /// requests as to every other request.
    public var tokenRetry: TokenRetryPolicy {
        TokenRetryPolicy(
            maxAttempts: upload.maxAttempts, requestTimeoutSeconds: upload.requestTimeoutSeconds,
            maxWait: upload.maxWait)
    }

    /// Headroom on the pacing window (docs/benchmarks.md: arrivals at the service lag starts by a varying few ms).
    public static let windowMargin = 0.03

    /// - Parameter version: this build's version, for the User-Agent.
    public static func resolve(
        _ settings: any SettingValues, environment: [String: String], version: String
    ) throws(ConfigurationError) -> UploadSettings {
        let arguments = settings
        // Every missing setting in one message: a first run should not take four tries to find them.
        let missing =
            (arguments.value("endpoint") == nil ? [MissingSetting.endpoint] : [])
            + CredentialResolver(settings: settings, environment: environment).missingSettings()
        guard missing.isEmpty, let endpointText = arguments.value("endpoint") else {
            throw ConfigurationError(MissingSetting.message(missing))
        }
        let allowedHosts = arguments.all("allow-host")
        let endpoint = try BulkUploadEndpoint.parse(
            endpointText, allowedHosts: allowedHosts, setting: describe("endpoint", settings))
        var cloud = CloudProfile.forGraphHost(endpoint.host)
        if let authority = arguments.value("authority-host") {
            // The secret or assertion goes to the authority: it passes the same kind of allow-list as the endpoint.
            let url = try BulkUploadEndpoint.parseAuthority(
                authority, allowedHosts: allowedHosts, setting: describe("authority-host", settings))
            cloud = cloud.withAuthority(url)
        }
        let resolved = try CredentialResolver(settings: settings, environment: environment).resolved()
        let credential = resolved.credential
        if HostPolicy.isLoopbackHost(endpoint.host), arguments.value("authority-host") == nil, credential.usesAuthority
        {
            throw ConfigurationError(
                "the endpoint is on this machine (\(endpoint.host): the local emulator?) but no authority host is set, "
                    + "so the token request would go to \(cloud.authorityHost.absoluteString): set "
                    + "AZURE_AUTHORITY_HOST "
                    + "(or --authority-host) to the emulator's address, the 'authority' line it prints at start "
                    + "(e.g. http://127.0.0.1:8080)")
        }
        var upload = UploadConfiguration(endpoint: endpoint.url)
        upload.userAgent = "provision/\(version)"
        if let rate = try rate(arguments) { upload.rate = rate }
        // Enough in flight to fill the rate at about one second of latency, with room for the slower requests.
        upload.concurrency = max(1, Int((Double(upload.rate.count) / upload.rate.seconds * 1.5).rounded(.up)))
        upload.windowMargin = windowMargin
        // After recurring 429s halve the pace, a tenth of the rate returns per clean window: gradual, not 20 s long.
        upload.recoveryStep = max(1, upload.rate.count / 10)
        upload.concurrency = try integer("concurrency", arguments, in: 1...256) ?? upload.concurrency
        upload.maxAttempts = try integer("max-attempts", arguments, in: 1...20) ?? upload.maxAttempts
        upload.maxRequests = try integer("max-requests", arguments, in: 1...10_000_000)
        upload.requestTimeoutSeconds = try integer("timeout", arguments, in: 1...600) ?? upload.requestTimeoutSeconds
        if let text = arguments.value("bucket-full-wait") {
            guard let seconds = DurationParser.seconds(text) else {
                throw ConfigurationError("--bucket-full-wait \"\(text)\" is not a duration such as 300, 5m or 90s")
            }
            upload.bucketFullWait = seconds
        }
        upload.bucketFullMaxWaits =
            try integer("bucket-full-retries", arguments, in: 0...100) ?? upload.bucketFullMaxWaits
        if let text = arguments.value("max-wait") {
            guard let seconds = DurationParser.seconds(text) else {
                throw ConfigurationError("--max-wait \"\(text)\" is not a duration such as 600, 10m or 90s")
            }
            upload.maxWait = seconds
        }
        return UploadSettings(
            endpoint: endpoint, cloud: cloud, credential: credential, upload: upload, warnings: resolved.warnings)
    }

    /// `--rate`, shared with `plan` and checked for every command: a malformed rate, or one above the service's
    /// limit without `--allow-rate-above-limit`, is a usage error (exit 64).
    public static func rate(_ arguments: any SettingValues) throws(ConfigurationError) -> RateLimit? {
        guard let text = arguments.value("rate") else { return nil }
        guard let rate = RateLimit(parsing: text) else {
            throw ConfigurationError(
                "--rate \"\(text)\" is not N/window, e.g. 40/1s (the Graph reference) or 40/5s (the newer Entra docs)",
                status: .usage)
        }
        let limit = RateLimit.serviceLimitPerSecond
        let burst = rate.mostStartsInOneSecond
        if burst > limit, !arguments.flag("allow-rate-above-limit") {
            throw ConfigurationError(
                "--rate \(text) can start \(burst) requests in one second, but the service takes at most \(limit) a "
                    + "second (fewer with its 40-in-5-seconds limit) and answers the rest with 429: give at most "
                    + "\(limit)/1s, or --allow-rate-above-limit for a service known to allow more",
                status: .usage)
        }
        return rate
    }

    private static func integer(
        _ name: String, _ arguments: any SettingValues, in range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError(
                "--\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"",
                status: .usage)
        }
        return number
    }

    /// "--endpoint" or "PROVISION_ENDPOINT" or "config file X", whichever supplied the value.
    public static func describe(_ option: String, _ settings: any SettingValues) -> String {
        settings.describe(option)
    }
}
