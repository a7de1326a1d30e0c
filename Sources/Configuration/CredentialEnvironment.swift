/// The credential's settings that only the environment gives: the Azure SDKs' and the hosting platform's variables.
/// A secret never comes from a flag (`ps` shows it) or a config file (meant to be shared), so these have no option;
/// they are read here and nowhere else. A variable set to the empty string is kept as it is: each use decides, as the
/// Azure SDKs do, whether empty means unset.
package struct CredentialEnvironment: Sendable, Equatable {
    /// AZURE_CLIENT_SECRET.
    package var clientSecret: String?
    /// AZURE_CLIENT_CERTIFICATE_PASSWORD: the certificate file's (an encrypted key's or a PFX's) password.
    package var certificatePassword: String?
    /// AZURE_CLIENT_SEND_CERTIFICATE_CHAIN, as written (true/false, 1/0, yes/no).
    package var sendsCertificateChain: String?
    /// AZURE_FEDERATED_TOKEN_FILE (workload identity).
    package var federatedTokenFile: String?
    /// PROVISION_ACCESS_TOKEN: a ready token, for debugging.
    package var accessToken: String?
    /// IDENTITY_ENDPOINT and IDENTITY_HEADER (App Service's managed identity).
    package var identityEndpoint: String?
    package var identityHeader: String?
    /// PROVISION_IMDS_ENDPOINT: another IMDS address (tests, the emulator).
    package var imdsEndpoint: String?

    package init() {}

    /// The variables' names, as messages and `config show` name them.
    package enum Variable {
        package static let clientSecret = "AZURE_CLIENT_SECRET"
        package static let certificatePassword = "AZURE_CLIENT_CERTIFICATE_PASSWORD"
        package static let sendsCertificateChain = "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"
        package static let federatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE"
        package static let accessToken = "PROVISION_ACCESS_TOKEN"
        package static let identityEndpoint = "IDENTITY_ENDPOINT"
        package static let identityHeader = "IDENTITY_HEADER"
        package static let imdsEndpoint = "PROVISION_IMDS_ENDPOINT"
    }

    package init(_ environment: [String: String]) {
        clientSecret = environment[Variable.clientSecret]
        certificatePassword = environment[Variable.certificatePassword]
        sendsCertificateChain = environment[Variable.sendsCertificateChain]
        federatedTokenFile = environment[Variable.federatedTokenFile]
        accessToken = environment[Variable.accessToken]
        identityEndpoint = environment[Variable.identityEndpoint]
        identityHeader = environment[Variable.identityHeader]
        imdsEndpoint = environment[Variable.imdsEndpoint]
    }
}
