import CommandLineKit
import CommandReference
import Configuration
import Sync

/// The typed settings Configuration and Sync receive, built from this command line's option values: the one place
/// the connection and the upload's limits are read out of the options.
extension CommandContext {
    /// Where to send and how to sign in, as the options (and their environment variables and config keys) gave it.
    var connection: ConnectionOptions {
        var options = ConnectionOptions()
        options.endpoint = named(Options.endpoint)
        options.tenantID = values[Options.tenantID]
        options.clientID = values[Options.clientID]
        options.clientSecretFile = values[Options.clientSecretFile]
        options.clientCertificate = named(Options.clientCertificate)
        options.clientSecretOnCommandLine = values.has(Options.clientSecret)
        options.managedIdentity = values.flag(Options.managedIdentity)
        options.authorityHost = named(Options.authorityHost)
        options.allowedHosts = values.all(Options.allowHost)
        return options
    }

    /// The upload's pace and limits.
    var uploadLimits: UploadOptions {
        var limits = UploadOptions()
        limits.rate = values[Options.rate]
        limits.concurrency = values[Options.concurrency]
        limits.maxAttempts = values[Options.maxAttempts]
        limits.maxRequests = values[Options.maxRequests]
        limits.timeoutSeconds = values[Options.timeout]
        limits.bucketFullWait = values[Options.bucketFullWait]
        limits.bucketFullRetries = values[Options.bucketFullRetries]
        limits.maxWait = values[Options.maxWait]
        return limits
    }

    /// The online settings of this command line, for this build, checked before any token is requested.
    func uploadSettings() throws(ConfigurationError) -> UploadSettings {
        try UploadSettings.resolve(
            connection, uploadLimits, environment: CredentialEnvironment(environment), version: BuildInfo.version)
    }

    /// The option's value with how messages name where it came from.
    private func named(_ option: Option<String>) -> NamedSetting? {
        values[option].map {
            NamedSetting($0, name: values.describe(option), origin: origin(values.source(of: option)))
        }
    }

    private func origin(_ source: ValueSource?) -> NamedSetting.Origin {
        switch source {
        case .environment?: .environment
        case .configFile?: .configFile
        case .flag?, nil: .flag
        }
    }
}
