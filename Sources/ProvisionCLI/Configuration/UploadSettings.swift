import Foundation
import Token
import Uploader

/// Everything the online part of a command needs, validated before any token is requested.
struct UploadSettings {
    let endpoint: BulkUploadEndpoint
    let cloud: CloudProfile
    let credential: Credential
    var upload: UploadConfiguration

    /// Headroom on the pacing window (docs/benchmarks.md: arrivals at the service lag starts by a varying few ms).
    static let windowMargin = 0.03

    static func resolve(_ settings: SettingsResolver, environment: [String: String]) throws(ConfigurationError) -> UploadSettings {
        let arguments = settings.arguments
        guard let endpointText = arguments.value("endpoint") else {
            throw ConfigurationError("the endpoint is not set: give --endpoint URL, PROVISION_ENDPOINT, or \"endpoint\" in the --config file (the bulkUpload URL on the provisioning app's overview page)")
        }
        let endpoint = try BulkUploadEndpoint.parse(endpointText, allowedHosts: arguments.all("allow-host"), setting: describe("endpoint", settings))
        var cloud = CloudProfile.forGraphHost(endpoint.host)
        if let authority = arguments.value("authority-host") {
            cloud = cloud.withAuthority(try BulkUploadEndpoint.parseAuthority(authority, setting: describe("authority-host", settings)))
        }
        let credential = try CredentialResolver(settings: settings, environment: environment).resolve()
        var upload = UploadConfiguration(endpoint: endpoint.url)
        upload.userAgent = "provision/\(BuildInfo.version)"
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
        upload.bucketFullMaxWaits = try integer("bucket-full-retries", arguments, in: 0...100) ?? upload.bucketFullMaxWaits
        if let text = arguments.value("max-wait") {
            guard let seconds = DurationParser.seconds(text) else {
                throw ConfigurationError("--max-wait \"\(text)\" is not a duration such as 600, 10m or 90s")
            }
            upload.maxWait = seconds
        }
        return UploadSettings(endpoint: endpoint, cloud: cloud, credential: credential, upload: upload)
    }

    /// `--rate`, shared with `plan`.
    static func rate(_ arguments: ParsedArguments) throws(ConfigurationError) -> RateLimit? {
        guard let text = arguments.value("rate") else { return nil }
        guard let rate = RateLimit(parsing: text) else {
            throw ConfigurationError("--rate \"\(text)\" is not N/window, e.g. 40/1s (the Graph reference) or 40/5s (the newer Entra docs)")
        }
        return rate
    }

    private static func integer(_ name: String, _ arguments: ParsedArguments, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        do {
            return try arguments.integer(name, in: range)
        } catch {
            throw ConfigurationError(error.message)
        }
    }

    /// "--endpoint" or "PROVISION_ENDPOINT" or "config file X", whichever supplied the value.
    static func describe(_ option: String, _ settings: SettingsResolver) -> String {
        switch settings.source(of: option) {
        case .environment(let name)?: name
        case .configFile(let path)?: "\"\(option)\" in \(path)"
        default: "--\(option)"
        }
    }
}
