import Foundation

/// How `provision` proves who it is to Microsoft Entra (docs/service.md, "Tokens").
///
/// Printing a credential (interpolation, `dump`, a test's argument list, a struct that holds one) shows only its kind
/// and identifiers, never the secret, the identity header or the token: see `Credential+Redacted.swift`.
package enum Credential: Sendable {
    case clientSecret(tenantID: String, clientID: String, secret: String)
    /// A certificate: every token request posts a freshly signed `client_assertion` (private_key_jwt).
    case clientCertificate(tenantID: String, clientID: String, certificate: ClientCertificate)
    /// The file is re-read at EVERY token request (kubelet / CI rotate it); sent as client_assertion.
    case federatedToken(tenantID: String, clientID: String, tokenFile: String)
    /// Azure IMDS: GET {endpoint}?api-version=2018-02-01&resource=...[&client_id=...] with header `Metadata: true`.
    /// Default endpoint http://169.254.169.254/metadata/identity/oauth2/token.
    case managedIdentityIMDS(endpoint: URL, clientID: String?)
    /// App Service: GET {IDENTITY_ENDPOINT}?resource=...&api-version=2019-08-01[&client_id=...] with header
    /// `X-IDENTITY-HEADER: {IDENTITY_HEADER}`; `expires_on` arrives as an epoch STRING, no expires_in.
    case managedIdentityAppService(endpoint: URL, identityHeader: String, clientID: String?)
    /// PROVISION_ACCESS_TOKEN, for debugging: used as is; cannot be refreshed.
    case preIssued(token: String)

    /// The IMDS address every Azure VM answers on (docs/service.md, "Managed identity").
    package static let defaultIMDSEndpoint = URL(string: "http://169.254.169.254/metadata/identity/oauth2/token")!

    /// A short name for messages/reports: "client secret", "federated token", "managed identity (IMDS)", ... Never the
    /// secret.
    package var kindDescription: String {
        switch self {
        case .clientSecret: "client secret"
        case .clientCertificate: "client certificate"
        case .federatedToken: "federated token"
        case .managedIdentityIMDS: "managed identity (IMDS)"
        case .managedIdentityAppService: "managed identity (App Service)"
        case .preIssued: "pre-issued access token"
        }
    }

    /// Values that must never appear in an error message or log: they are scrubbed from anything a server echoes.
    /// The assertions a certificate or federated credential sends change with every request: each is scrubbed as
    /// the request's own secret (`TokenClient.PreparedRequest.extraSecrets`).
    var secrets: [String] {
        switch self {
        case .clientSecret(_, _, let secret): [secret]
        case .clientCertificate(_, _, let certificate): certificate.password.map { [$0] } ?? []
        case .managedIdentityAppService(_, let header, _): [header]
        case .preIssued(let token): [token]
        case .federatedToken, .managedIdentityIMDS: []
        }
    }

    /// Whether asking again can yield a different token.
    var canRefresh: Bool {
        if case .preIssued = self { return false }
        return true
    }

    /// Whether tokens come from the authority's token endpoint (client secret, certificate, federated token), so the
    /// authority host matters.
    package var usesAuthority: Bool {
        switch self {
        case .clientSecret, .clientCertificate, .federatedToken: true
        case .managedIdentityIMDS, .managedIdentityAppService, .preIssued: false
        }
    }

    var isManagedIdentity: Bool {
        switch self {
        case .managedIdentityIMDS, .managedIdentityAppService: true
        default: false
        }
    }
}
