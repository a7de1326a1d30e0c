/// A setting's value and where it came from, as messages name it ("--endpoint", "PROVISION_ENDPOINT", "\"endpoint\"
/// in provision.json") and as the credential choice ranks it.
package struct NamedSetting: Sendable, Equatable {
    /// Where a value came from, in the order a flag beats the environment, which beats the config file.
    package enum Origin: Int, Sendable {
        case configFile = 1
        case environment = 2
        case flag = 3
    }

    package let value: String
    /// How a message names the setting that gave the value.
    package let name: String
    package let origin: Origin

    package init(_ value: String, name: String, origin: Origin = .flag) {
        self.value = value
        self.name = name
        self.origin = origin
    }
}

/// Where to send and how to sign in, as the options gave it: typed values the front end resolves from flags, the
/// environment and the config file (CommandReference declares each option once). Nothing here knows a command-line
/// name; the credential's environment-only variables are `CredentialEnvironment`.
package struct ConnectionOptions: Sendable {
    package var endpoint: NamedSetting?
    package var tenantID: String?
    package var clientID: String?
    package var clientSecretFile: String?
    package var clientCertificate: NamedSetting?
    /// `--client-secret` was given: refused, since `ps` shows it.
    package var clientSecretOnCommandLine = false
    package var managedIdentity = false
    package var authorityHost: NamedSetting?
    /// Hosts `--allow-host` adds to the endpoint's, the authority's and the managed-identity endpoint's allow-lists.
    package var allowedHosts: [String] = []

    package init() {}
}
