import CommandLineKit

/// Where to send and how to authenticate. Secrets never come from flags or config files.
extension Options {
    package static let endpoint = Option(
        "endpoint", valueName: "url", .text, environment: "PROVISION_ENDPOINT",
        help: "The bulkUpload URL from the provisioning app's overview page (v1.0 or beta). Env: PROVISION_ENDPOINT.")
    package static let tenantID = Option(
        "tenant-id", valueName: "id", .text, environment: "AZURE_TENANT_ID",
        help: "Directory (tenant) id or domain. Env: AZURE_TENANT_ID.")
    package static let clientID = Option(
        "client-id", valueName: "id", .text, environment: "AZURE_CLIENT_ID",
        help: "Application (client) id; for a user-assigned managed identity, its client id. Env: AZURE_CLIENT_ID.")
    package static let clientSecretFile = Option(
        "client-secret-file", valueName: "file", .text, role: .input,
        help: "Read the client secret from this file (readable by its owner only, e.g. mode 0600: others are "
            + "refused). Env alternative: AZURE_CLIENT_SECRET. A secret is never accepted as a flag value.")
    package static let clientCertificate = Option(
        "client-certificate", valueName: "file", .text, environment: "AZURE_CLIENT_CERTIFICATE_PATH", role: .input,
        help: "Sign in with the app's certificate: a PEM file with the certificate and its RSA private key, or a "
            + "PKCS#12/PFX file (readable by its owner only). Env: AZURE_CLIENT_CERTIFICATE_PATH; its password "
            + "AZURE_CLIENT_CERTIFICATE_PASSWORD; AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true sends the chain (x5c).")
    /// Declared so that it is refused with a reason (a secret on the command line is visible through ps), and never
    /// taken from a config file.
    package static let clientSecret = Option(
        "client-secret", valueName: "secret", .text, inConfigFile: false, secret: true,
        help: "Refused: a secret on the command line is visible through ps. Use AZURE_CLIENT_SECRET or "
            + "--client-secret-file.")
    package static let managedIdentity = Option.flag(
        "managed-identity",
        help: "Use the Azure host's managed identity (IMDS). App Service is detected from IDENTITY_ENDPOINT and "
            + "IDENTITY_HEADER.")
    package static let authorityHost = Option(
        "authority-host", valueName: "url", .text, environment: "AZURE_AUTHORITY_HOST",
        help: "Token authority (default from the endpoint's cloud, e.g. https://login.microsoftonline.us). Env: "
            + "AZURE_AUTHORITY_HOST.")
    package static let allowHost = Option(
        "allow-host", valueName: "host", .text, repeatable: true,
        help: "Also allow this host for the endpoint, the authority or IDENTITY_ENDPOINT, besides the Microsoft Graph "
            + "and login hosts and loopback (repeatable).")

    /// Keys a config file may not hold, besides the options declared secret: the names a secret goes by.
    package static let secretConfigKeys: Set<String> = [
        "clientsecret", "secret", "access-token", "accesstoken", "password", "token", "client-certificate-password",
        "certificate-password",
    ]
}
