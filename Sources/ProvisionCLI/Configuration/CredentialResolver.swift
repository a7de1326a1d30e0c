import Foundation
import Sync
import Token

/// Chooses the credential from what is configured (contract §4): a pre-issued token (debugging), a client secret, a
/// federated token file, or a managed identity. Secrets come from the environment or a file, never from a flag: a
/// command-line value is visible to every user through `ps`.
struct CredentialResolver {
    let settings: SettingsResolver
    let environment: [String: String]

    static let imdsDefault = URL(string: "http://169.254.169.254/metadata/identity/oauth2/token")!

    func resolve() throws(ConfigurationError) -> Credential {
        let arguments = settings.arguments
        if arguments.has("client-secret") {
            throw ConfigurationError("--client-secret is refused: a secret on the command line is visible to every user through ps. Set AZURE_CLIENT_SECRET, or put the secret in a file readable only by you and pass --client-secret-file FILE")
        }
        if let token = environment["PROVISION_ACCESS_TOKEN"], !token.isEmpty {
            return .preIssued(token: token.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let clientID = arguments.value("client-id")
        if let secret = try clientSecret() {
            return .clientSecret(tenantID: try tenant(), clientID: try required(clientID, "client-id"), secret: secret)
        }
        if let file = environment["AZURE_FEDERATED_TOKEN_FILE"], !file.isEmpty {
            return .federatedToken(tenantID: try tenant(), clientID: try required(clientID, "client-id"), tokenFile: file)
        }
        if let endpoint = environment["IDENTITY_ENDPOINT"], let header = environment["IDENTITY_HEADER"], !endpoint.isEmpty, !header.isEmpty {
            guard let url = URL(string: endpoint), url.scheme != nil else {
                throw ConfigurationError("IDENTITY_ENDPOINT \"\(endpoint)\" is not a URL")
            }
            return .managedIdentityAppService(endpoint: url, identityHeader: header, clientID: clientID)
        }
        if arguments.flag("managed-identity") {
            var endpoint = Self.imdsDefault
            if let override = environment["PROVISION_IMDS_ENDPOINT"], !override.isEmpty {
                endpoint = try BulkUploadEndpoint.parseAuthority(override, setting: "PROVISION_IMDS_ENDPOINT")
            }
            return .managedIdentityIMDS(endpoint: endpoint, clientID: clientID)
        }
        throw ConfigurationError("no credential is configured: set AZURE_CLIENT_SECRET (or --client-secret-file FILE), or AZURE_FEDERATED_TOKEN_FILE (workload identity), or pass --managed-identity on an Azure host; PROVISION_ACCESS_TOKEN takes a ready token for debugging")
    }

    private func clientSecret() throws(ConfigurationError) -> String? {
        if let path = settings.arguments.value("client-secret-file") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("--client-secret-file \(path): cannot read it")
            }
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw ConfigurationError("--client-secret-file \(path) is empty") }
            return secret
        }
        if let secret = environment["AZURE_CLIENT_SECRET"], !secret.isEmpty { return secret }
        return nil
    }

    private func tenant() throws(ConfigurationError) -> String {
        try required(settings.arguments.value("tenant-id"), "tenant-id")
    }

    private func required(_ value: String?, _ option: String) throws(ConfigurationError) -> String {
        if let value, !value.isEmpty { return value }
        let variable = SettingsResolver.environmentNames[option].map { ", the environment variable \($0)," } ?? ""
        throw ConfigurationError("\(option) is not set: give --\(option)\(variable) or \"\(option)\" in the --config file")
    }
}
