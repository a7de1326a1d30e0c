import Foundation
import Token

/// Chooses the credential from what is configured (docs/service.md, "Tokens" and "Managed identity"): a pre-issued
/// token (debugging), the app's own credential (a client secret or a certificate), a federated token file, or a
/// managed identity. Secrets come from the environment or a file, never from a flag: a command-line value is visible
/// to every user through `ps`.
package struct CredentialResolver {
    package let options: ConnectionOptions
    package let environment: CredentialEnvironment
    /// Certificates are checked against this clock (expired, not yet valid, expiring soon).
    package var now = Date()

    package static let imdsDefault = URL(string: "http://169.254.169.254/metadata/identity/oauth2/token")!

    /// The credential and what the user should know about it (a setting that lost to another, an expiry ahead).
    package struct Resolved {
        let credential: Credential
        let warnings: [String]
    }

    package init(options: ConnectionOptions, environment: CredentialEnvironment, now: Date = Date()) {
        self.options = options
        self.environment = environment
        self.now = now
    }

    package func resolve() throws(ConfigurationError) -> Credential { try resolved().credential }

    /// What is missing for any credential to be resolved (all of it, not just the first): no credential at all, or
    /// a client secret, certificate or federated token without its tenant or client id.
    package func missingSettings() -> [MissingSetting] {
        if !(environment.accessToken ?? "").isEmpty || options.clientSecretOnCommandLine { return [] }
        // A choice that cannot be made (both a secret and a certificate as flags) is configured, just wrongly:
        // `resolved()` says so.
        let choice = Result { () throws(ConfigurationError) in
            try ClientCredentialChoice.decide(options, environment: environment)
        }
        let chosen: Bool
        switch choice {
        case .success(let value): chosen = value != nil
        case .failure: chosen = true
        }
        let appCredential = chosen || !(environment.federatedTokenFile ?? "").isEmpty
        let managed =
            options.managedIdentity
            || (!(environment.identityEndpoint ?? "").isEmpty && !(environment.identityHeader ?? "").isEmpty)
        if managed && !appCredential { return [] }
        var missing: [MissingSetting] = appCredential ? [] : [.credential]
        if (options.tenantID ?? "").isEmpty { missing.append(.tenant) }
        if (options.clientID ?? "").isEmpty { missing.append(.client) }
        return missing
    }

    package func resolved() throws(ConfigurationError) -> Resolved {
        if options.clientSecretOnCommandLine {
            throw ConfigurationError(
                "--client-secret is refused: a secret on the command line is visible to every user through ps. Set "
                    + "AZURE_CLIENT_SECRET, or put the secret in a file readable only by you and pass "
                    + "--client-secret-file FILE"
            )
        }
        if let token = environment.accessToken, !token.isEmpty {
            return Resolved(
                credential: .preIssued(token: token.trimmingCharacters(in: .whitespacesAndNewlines)), warnings: [])
        }
        let clientID = options.clientID
        if let choice = try ClientCredentialChoice.decide(options, environment: environment) {
            let tenant = try tenant()
            let client = try required(clientID, .client)
            switch choice.credential {
            case .secret(let source):
                let secret = try clientSecret(source)
                return Resolved(
                    credential: .clientSecret(tenantID: tenant, clientID: client, secret: secret),
                    warnings: choice.warnings)
            case .certificate(let path, let setting):
                let certificate = try self.certificate(path, setting: setting)
                let warnings = choice.warnings + [certificate.expiryWarning(now: now)].compactMap { $0 }
                return Resolved(
                    credential: .clientCertificate(tenantID: tenant, clientID: client, certificate: certificate),
                    warnings: warnings)
            }
        }
        if let file = environment.federatedTokenFile, !file.isEmpty {
            return Resolved(
                credential: .federatedToken(
                    tenantID: try tenant(), clientID: try required(clientID, .client), tokenFile: file),
                warnings: [])
        }
        let allowedHosts = options.allowedHosts
        if let endpoint = environment.identityEndpoint, let header = environment.identityHeader,
            !endpoint.isEmpty, !header.isEmpty
        {
            let url = try Self.localTokenService(
                endpoint, allowedHosts: allowedHosts, setting: CredentialEnvironment.Variable.identityEndpoint)
            return Resolved(
                credential: .managedIdentityAppService(endpoint: url, identityHeader: header, clientID: clientID),
                warnings: [])
        }
        if options.managedIdentity {
            var endpoint = Self.imdsDefault
            if let override = environment.imdsEndpoint, !override.isEmpty {
                endpoint = try Self.localTokenService(
                    override, allowedHosts: allowedHosts, setting: CredentialEnvironment.Variable.imdsEndpoint)
            }
            return Resolved(credential: .managedIdentityIMDS(endpoint: endpoint, clientID: clientID), warnings: [])
        }
        throw ConfigurationError(
            "no credential is configured: set AZURE_CLIENT_SECRET (or --client-secret-file FILE), "
                + "AZURE_CLIENT_CERTIFICATE_PATH (or --client-certificate FILE), or AZURE_FEDERATED_TOKEN_FILE "
                + "(workload identity), or pass --managed-identity on an Azure host; PROVISION_ACCESS_TOKEN takes a "
                + "ready token for debugging"
        )
    }

    /// IDENTITY_ENDPOINT (App Service: e.g. http://127.0.0.1:41741/MSI/token/ on Windows,
    /// http://localhost:8081/msi/token in Functions and Container Apps, a 169.254.x.y address on Linux App Service)
    /// and the IMDS override: the identity header goes there, so the same host rule as for the endpoint and authority
    /// applies.
    package static func localTokenService(
        _ text: String, allowedHosts: [String], setting: String
    ) throws(ConfigurationError) -> URL {
        let checked = try HostPolicy.localTokenService.check(
            text, allowedHosts: allowedHosts, setting: setting,
            example: "App Service sets it to the local token service, such as http://127.0.0.1:41741/MSI/token/")
        guard let url = checked.components.url else { throw ConfigurationError("\(setting) \"\(text)\" is not a URL") }
        return url
    }

    private func clientSecret(_ source: ClientCredentialChoice.SecretSource) throws(ConfigurationError) -> String {
        switch source {
        case .environment(let secret):
            return secret
        case .file(let path):
            let data = try PrivateFile.read(path, setting: "--client-secret-file")
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw ConfigurationError("--client-secret-file \(path) is empty") }
            return secret
        }
    }

    /// Reads and checks the certificate file. A file that cannot be used is exit 78; a credential Entra would refuse
    /// (a wrong password, a key that does not match, an expired certificate, a key that is not RSA 2048-4096) is 77.
    private func certificate(_ path: String, setting: String) throws(ConfigurationError) -> ClientCertificate {
        let contents = try PrivateFile.read(path, setting: setting)
        let password = environment.certificatePassword
        let sendsChain = try Self.flag(
            environment.sendsCertificateChain, name: CredentialEnvironment.Variable.sendsCertificateChain)
        do {
            return try ClientCertificate.load(
                contents: contents, password: password, sendsChain: sendsChain, file: "\(setting) \(path)", now: now)
        } catch {
            throw ConfigurationError(
                error.localizedDescription, kind: error.isFileProblem ? .configuration : .authentication)
        }
    }

    /// The Azure SDKs' boolean variables: true/1 and false/0 (any case), unset or empty meaning false.
    package static func flag(_ value: String?, name: String) throws(ConfigurationError) -> Bool {
        switch value?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "", "false", "0", "no": return false
        case "true", "1", "yes": return true
        case let other?: throw ConfigurationError("\(name) is \"\(other)\": set it to true or false")
        }
    }

    private func tenant() throws(ConfigurationError) -> String {
        try required(options.tenantID, .tenant)
    }

    private func required(_ value: String?, _ setting: MissingSetting) throws(ConfigurationError) -> String {
        if let value, !value.isEmpty { return value }
        throw ConfigurationError(setting.notSet)
    }
}
