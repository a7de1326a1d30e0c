import Foundation

/// How a source wants its credentials.
package enum SourceAuthStyle: String, Sendable, CaseIterable {
    case none
    /// `Authorization: Bearer` with a token the caller has (`SourceSecret.token`).
    case bearer
    /// `Authorization: Basic` with `SourceAuthentication.user` and `SourceSecret.password`.
    case basic
    /// The key (`SourceSecret.apiKey`) in the header `SourceAuthentication.apiKeyHeader`.
    case apiKey = "api-key"
    /// BambooHR: the API key as the basic-auth user name, with any password (`x`).
    case apiKeyAsUser = "api-key-as-user"
    /// A bearer token from the source's token endpoint (`TokenRequest`), kept until it expires.
    case oauth2

    /// The secrets this style needs from the caller.
    package var secrets: [SourceSecret] {
        switch self {
        case .none: []
        case .bearer: [.token]
        case .basic: [.password]
        case .apiKey, .apiKeyAsUser: [.apiKey]
        case .oauth2: [.clientSecret]
        }
    }
}

/// How a token is obtained for `SourceAuthStyle.oauth2`, as data: OAuth 2.0 client credentials (RFC 6749 §4.4),
/// Workday's refresh-token grant, or a vendor's own endpoint (Personio's `POST /v1/auth` with a JSON body and the
/// token at `data.token`).
package struct TokenRequest: Sendable, Equatable {
    /// How the fields travel.
    package enum Encoding: String, Sendable {
        /// `application/x-www-form-urlencoded` (RFC 6749).
        case form
        /// A JSON object of strings.
        case json
    }

    /// Where the client id and secret go.
    package enum ClientAuthentication: String, Sendable {
        /// `client_id` and `client_secret` fields.
        case fields
        /// `Authorization: Basic` (RFC 6749 §2.3.1).
        case basic
    }

    /// The token URL; `{base}` is the source URL's scheme, host and port; other placeholders are the preset's
    /// parameters.
    package var urlTemplate: String
    /// `grant_type`; nil sends none (Personio v1). `refresh_token` adds the `refresh_token` field
    /// (`SourceSecret.refreshToken`).
    package var grantType: String?
    package var encoding: Encoding
    package var clientAuthentication: ClientAuthentication
    /// The dotted path of the token in the answer.
    package var tokenPath: String
    /// The dotted path of its lifetime in seconds; nil or absent: kept until the source refuses it.
    package var expiresInPath: String?
    /// Extra fields, e.g. a `scope`.
    package var fields: [String: String]

    package init(
        urlTemplate: String, grantType: String? = "client_credentials", encoding: Encoding = .form,
        clientAuthentication: ClientAuthentication = .fields, tokenPath: String = "access_token",
        expiresInPath: String? = "expires_in", fields: [String: String] = [:]
    ) {
        self.urlTemplate = urlTemplate
        self.grantType = grantType
        self.encoding = encoding
        self.clientAuthentication = clientAuthentication
        self.tokenPath = tokenPath
        self.expiresInPath = expiresInPath
        self.fields = fields
    }

    /// The secrets the request needs besides the client secret.
    var extraSecrets: [SourceSecret] { grantType == "refresh_token" ? [.refreshToken] : [] }
}

/// The secrets a source may need. The caller reads them (from files that only their owner can read, or the
/// environment, as for the Entra credentials) and hands them over through `SourceSecrets`; they are never taken from
/// the command line here.
package enum SourceSecret: String, Sendable, CaseIterable {
    case password
    case token
    case apiKey = "api-key"
    case clientSecret = "client-secret"
    case refreshToken = "refresh-token"
}

/// Where the fetcher gets its secrets: asked once per fetch, for those its auth style needs.
package protocol SourceSecrets: Sendable {
    /// The secret's value; throws (any error, whose description is shown) when it cannot be read.
    func value(of secret: SourceSecret) throws -> String
}

/// Secrets from a closure (the caller's reader of files and environment).
package struct SecretsFromClosure: SourceSecrets {
    private let read: @Sendable (SourceSecret) throws -> String

    package init(_ read: @escaping @Sendable (SourceSecret) throws -> String) { self.read = read }

    package func value(of secret: SourceSecret) throws -> String { try read(secret) }
}
