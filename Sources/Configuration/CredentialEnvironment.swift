/// The credential's settings that only the environment gives: the Azure SDKs' and the hosting platform's variables.
/// A secret never comes from a flag (`ps` shows it) or a config file (meant to be shared), so these have no option;
/// they are read here and nowhere else. A variable set to the empty string is kept as it is: each use decides, as the
/// Azure SDKs do, whether empty means unset.
public struct CredentialEnvironment: Sendable, Equatable {
    /// AZURE_CLIENT_SECRET.
    public var clientSecret: String?
    /// AZURE_CLIENT_CERTIFICATE_PASSWORD: the certificate file's (an encrypted key's or a PFX's) password.
    public var certificatePassword: String?
    /// AZURE_CLIENT_SEND_CERTIFICATE_CHAIN, as written (true/false, 1/0, yes/no).
    public var sendsCertificateChain: String?
    /// AZURE_FEDERATED_TOKEN_FILE (workload identity).
    public var federatedTokenFile: String?
    /// PROVISION_ACCESS_TOKEN: a ready token, for debugging.
    public var accessToken: String?
    /// IDENTITY_ENDPOINT and IDENTITY_HEADER (App Service's managed identity).
    public var identityEndpoint: String?
    public var identityHeader: String?
    /// PROVISION_IMDS_ENDPOINT: another IMDS address (tests, the emulator).
    public var imdsEndpoint: String?

    public init() {}

    /// The variables' names, as messages and `config show` name them.
    public enum Variable {
        public static let clientSecret = "AZURE_CLIENT_SECRET"
        public static let certificatePassword = "AZURE_CLIENT_CERTIFICATE_PASSWORD"
        public static let sendsCertificateChain = "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"
        public static let federatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE"
        public static let accessToken = "PROVISION_ACCESS_TOKEN"
        public static let identityEndpoint = "IDENTITY_ENDPOINT"
        public static let identityHeader = "IDENTITY_HEADER"
        public static let imdsEndpoint = "PROVISION_IMDS_ENDPOINT"
    }

    public init(_ environment: [String: String]) {
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
