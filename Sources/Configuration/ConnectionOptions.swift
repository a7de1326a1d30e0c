/// A setting's value and where it came from, as messages name it ("--endpoint", "PROVISION_ENDPOINT", "\"endpoint\"
/// in provision.json") and as the credential choice ranks it.
public struct NamedSetting: Sendable, Equatable {
    /// Where a value came from, in the order a flag beats the environment, which beats the config file.
    public enum Origin: Int, Sendable {
        case configFile = 1
        case environment = 2
        case flag = 3
    }

    public let value: String
    /// How a message names the setting that gave the value.
    public let name: String
    public let origin: Origin

    public init(_ value: String, name: String, origin: Origin = .flag) {
        self.value = value
        self.name = name
        self.origin = origin
    }
}

/// Where to send and how to sign in, as the options gave it: typed values the front end resolves from flags, the
/// environment and the config file (CommandReference declares each option once). Nothing here knows a command-line
/// name; the credential's environment-only variables are `CredentialEnvironment`.
public struct ConnectionOptions: Sendable {
    public var endpoint: NamedSetting?
    public var tenantID: String?
    public var clientID: String?
    public var clientSecretFile: String?
    public var clientCertificate: NamedSetting?
    /// `--client-secret` was given: refused, since `ps` shows it.
    public var clientSecretOnCommandLine = false
    public var managedIdentity = false
    public var authorityHost: NamedSetting?
    /// Hosts `--allow-host` adds to the endpoint's, the authority's and the managed-identity endpoint's allow-lists.
    public var allowedHosts: [String] = []

    public init() {}
}
