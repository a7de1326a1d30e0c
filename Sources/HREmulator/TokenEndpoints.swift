import EmulatorKit
import Foundation
import JSONDocument

/// Credential checks for the data endpoints, and the token endpoints that issue bearer tokens: OAuth 2.0 client
/// credentials (ADP, Personio v2, the generic source), Workday's refresh-token grant, SuccessFactors' SAML bearer
/// grant and Personio's v1 auth endpoint. None of them logs or echoes a secret.
struct TokenEndpoints {
    let state: HRState
    private var configuration: HRConfiguration { state.configuration }

    // MARK: Checks

    func acceptsBasic(_ request: HTTPRequestMessage) -> Bool {
        Credentials(request) == .basic(user: configuration.user, password: configuration.password)
    }

    /// BambooHR: the API key is the user name; the password is not checked.
    func acceptsAPIKeyAsUser(_ request: HTTPRequestMessage) -> Bool {
        if case .basic(let user, _) = Credentials(request) { return user == configuration.apiKey }
        return false
    }

    /// An unexpired token from a token endpoint, or (unless `issuedOnly`) the static `--bearer-token`.
    func acceptsBearer(_ request: HTTPRequestMessage, issuedOnly: Bool = false) -> Bool {
        guard case .bearer(let token) = Credentials(request) else { return false }
        if !issuedOnly, token == configuration.bearerToken { return true }
        let now = state.clock.now()
        return state.withModel { $0.tokens.isValid(token, now: now) }
    }

    func acceptsAPIKeyHeader(_ request: HTTPRequestMessage) -> Bool {
        request.header(configuration.apiKeyHeader) == configuration.apiKey
    }

    // MARK: Endpoints

    /// `grant_type=client_credentials` with the client in the form or in a basic `Authorization` header.
    func clientCredentials(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "POST" else { return HRResponse.methodNotAllowed(request, allowed: "POST") }
        let form = request.form
        guard form["grant_type"] == "client_credentials" else {
            return HRResponse.oauthError(400, "unsupported_grant_type", "Use grant_type=client_credentials.")
        }
        guard client(of: request, form: form) else { return refuseClient() }
        return issue(extra: ["scope": "api"])
    }

    /// Workday: `grant_type=refresh_token` with the refresh token, the client as in `clientCredentials`.
    func workdayRefresh(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "POST" else { return HRResponse.methodNotAllowed(request, allowed: "POST") }
        let form = request.form
        guard form["grant_type"] == "refresh_token" else {
            return HRResponse.oauthError(400, "unsupported_grant_type", "Use grant_type=refresh_token.")
        }
        guard client(of: request, form: form) else { return refuseClient() }
        guard form["refresh_token"] == configuration.refreshToken else {
            withModel { $0.stats.authFailures += 1 }
            return HRResponse.oauthError(400, "invalid_grant", "The refresh token is invalid or revoked.")
        }
        return issue(extra: [:])
    }

    /// SuccessFactors: the SAML 2.0 bearer grant. The assertion's signature is not checked (it needs the
    /// customer's X.509 certificate); only that there is one, for the registered client and a company.
    func successFactors(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "POST" else { return HRResponse.methodNotAllowed(request, allowed: "POST") }
        let form = request.form
        guard form["grant_type"] == "urn:ietf:params:oauth:grant-type:saml2-bearer" else {
            return HRResponse.oauthError(
                400, "unsupported_grant_type", "Use grant_type=urn:ietf:params:oauth:grant-type:saml2-bearer.")
        }
        guard form["client_id"] == configuration.clientID, !(form["company_id"] ?? "").isEmpty,
            !(form["assertion"] ?? "").isEmpty
        else { return refuseClient() }
        return issue(extra: [:])
    }

    /// Personio v1: `POST /v1/auth` with `client_id` and `client_secret` in the query, a form or a JSON body;
    /// answers `{"success": true, "data": {"token": …}}`.
    func personio(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "POST" else { return HRResponse.methodNotAllowed(request, allowed: "POST") }
        var given = request.query.merging(request.form) { query, _ in query }
        if let json = try? JSON.parse(request.body) {
            for key in ["client_id", "client_secret"] { given[key] = json[key]?.stringValue ?? given[key] }
        }
        guard given["client_id"] == configuration.clientID, given["client_secret"] == configuration.clientSecret
        else {
            withModel { $0.stats.authFailures += 1 }
            return PersonioPreset.error(401, "Invalid credentials: check the client id and secret.")
        }
        let token = newToken()
        return HRResponse.json(200, .object(["success": true, "data": .object(["token": .string(token)])]))
    }

    // MARK: Helpers

    private func client(of request: HTTPRequestMessage, form: [String: String]) -> Bool {
        if case .basic(let user, let password) = Credentials(request) {
            return user == configuration.clientID && password == configuration.clientSecret
        }
        return form["client_id"] == configuration.clientID && form["client_secret"] == configuration.clientSecret
    }

    private func refuseClient() -> HTTPResponseMessage {
        withModel { $0.stats.authFailures += 1 }
        return HRResponse.oauthError(401, "invalid_client", "Client authentication failed.")
    }

    private func newToken() -> String {
        let now = state.clock.now()
        return withModel { model in
            model.stats.tokensIssued += 1
            return model.tokens.issue(now: now, lifetime: configuration.tokenLifetimeSeconds)
        }
    }

    private func issue(extra: KeyValuePairs<String, JSON>) -> HTTPResponseMessage {
        var members = [
            JSONMember("access_token", .string(newToken())), JSONMember("token_type", "Bearer"),
            JSONMember("expires_in", .number(configuration.tokenLifetimeSeconds)),
        ]
        members += extra.map { JSONMember($0.key, $0.value) }
        return HRResponse.json(200, .object(members), headers: [HTTPHeader("Cache-Control", "no-store")])
    }

    private func withModel<T>(_ body: (inout HRModel) -> T) -> T { state.withModel(body) }
}
