import EmulatorKit
import Foundation
import JSONDocument

/// `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant with a secret, a certificate's signed client
/// assertion (`TokenEndpoint+Certificate.swift`) or a federated client assertion, answering with the bodies and status
/// codes of the real service (docs/service.md, "Tokens").
struct TokenEndpoint: Sendable {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    static let exchangeAudience = "api://AzureADTokenExchange"

    let state: EmulatorState

    func handle(_ request: HTTPRequestMessage, tenant: String) -> HTTPResponseMessage {
        let now = state.clock.now()
        state.applyLatency()
        let configuration = state.configuration
        guard request.method == "POST" else {
            return error(
                request, 400, "invalid_request", 900561,
                "The endpoint only accepts POST requests. Received a \(request.method) request.", now)
        }
        guard tenant.caseInsensitiveCompare(configuration.tenantID) == .orderedSame else {
            return error(
                request, 400, "invalid_request", 90002,
                "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into "
                    + "the correct cloud.",
                now)
        }
        var form = HTTPRequestMessage.decodeForm(Substring(decoding: request.body, as: UTF8.self))
        if let basic = Self.basicCredentials(request.header("Authorization")) {
            form["client_id"] = form["client_id"] ?? basic.id
            form["client_secret"] = form["client_secret"] ?? basic.secret
        }
        for parameter in ["grant_type", "client_id", "scope"] where (form[parameter] ?? "").isEmpty {
            return error(
                request, 400, "invalid_request", 900144,
                "The request body must contain the following parameter: '\(parameter)'.", now)
        }
        let clientID = form["client_id"]!
        guard form["grant_type"] == "client_credentials" else {
            return error(
                request, 400, "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type '\(form["grant_type"]!)'; use client_credentials.", now)
        }
        guard clientID.caseInsensitiveCompare(configuration.clientID) == .orderedSame else {
            return error(
                request, 400, "unauthorized_client", 700016,
                "Application with identifier '\(clientID)' was not found in the directory '\(tenant)'. This can happen "
                    + "if the application has not been installed by the administrator of the tenant or consented to by "
                    + "any user in the tenant. You may have sent your authentication request to the wrong tenant.",
                now)
        }
        let scopes = form["scope"]!.split(separator: " ")
        guard scopes.count == 1, scopes[0].hasSuffix("/.default"), scopes[0].count > "/.default".count else {
            return error(
                request, 400, "invalid_scope", 70011,
                "The provided request must include a 'scope' input parameter. The provided value for the input "
                    + "parameter 'scope' is not valid. The scope \(form["scope"]!) is not valid. Use a single resource "
                    + "with /.default, e.g. https://graph.microsoft.com/.default.",
                now)
        }
        if let failure = checkCredential(form, request: request, tenant: tenant, clientID: clientID, now: now) {
            return failure
        }
        let resource = String(scopes[0].dropLast("/.default".count))
        let token = issueToken(audience: resource, now: now)
        let body: JSON = .object([
            "token_type": "Bearer", "expires_in": .number(configuration.tokenLifetimeSeconds),
            "ext_expires_in": .number(configuration.tokenLifetimeSeconds), "access_token": .string(token),
        ])
        return HTTPResponseMessage(status: 200, headers: Self.noStoreHeaders(now: now), body: body.serialized)
    }

    /// Checks the secret or the assertion; nil when it is good.
    private func checkCredential(
        _ form: [String: String], request: HTTPRequestMessage, tenant: String, clientID: String, now: Double
    ) -> HTTPResponseMessage? {
        let configuration = state.configuration
        if let assertion = form["client_assertion"], !assertion.isEmpty {
            guard form["client_assertion_type"] == Self.assertionType else {
                return error(
                    request, 400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_assertion_type' = "
                        + "'\(Self.assertionType)'.",
                    now)
            }
            guard let claims = AccessTokenIssuer.unverifiedPayload(of: assertion) else {
                return error(request, 400, "invalid_client", 50027, "JWT token is invalid or malformed.", now)
            }
            // The app's own certificate names itself by thumbprint; a federated token comes from another issuer.
            if let certificate = CertificateAssertion(assertion), certificate.namesACertificate {
                return checkCertificateAssertion(
                    certificate, request: request, tenant: tenant, clientID: clientID, now: now)
            }
            let expires = claims["exp"].flatMap { value -> Double? in
                if case .number(let text) = value { return Double(text) }
                return nil
            }
            if let expires, expires <= now {
                return error(
                    request, 400, "invalid_client", 700024,
                    "Client assertion is not within its valid time range. Current time: \(Timestamp.iso8601(now)), "
                        + "expiry time of assertion \(Timestamp.iso8601(expires)).",
                    now)
            }
            let audiences =
                claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? [claims["aud"]?.stringValue].compactMap { $0 }
            let subject = claims["sub"]?.stringValue ?? ""
            guard subject == configuration.federatedSubject, audiences.contains(Self.exchangeAudience) else {
                return error(
                    request, 400, "invalid_request", 70021,
                    "No matching federated identity record found for presented assertion. Assertion Issuer: "
                        + "'\(claims["iss"]?.stringValue ?? "")'. Assertion Subject: '\(subject)'. Assertion Audience: "
                        + "'\(audiences.joined(separator: ","))'.",
                    now)
            }
            return nil
        }
        guard let secret = form["client_secret"], !secret.isEmpty else {
            return error(
                request, 401, "invalid_client", 7_000_216,
                "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
                now)
        }
        guard secret == configuration.clientSecret else {
            return error(
                request, 401, "invalid_client", 7_000_215,
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
                    + "value, not the client secret ID, for a secret added to app '\(clientID)'.",
                now)
        }
        if configuration.secretExpired {
            return error(
                request, 401, "invalid_client", 7_000_222,
                "The provided client secret keys for app '\(clientID)' are expired. Visit the Azure portal to create "
                    + "new keys for your app.",
                now)
        }
        return nil
    }

    /// Signs a token for `audience` with the configured roles and lifetime, and counts it.
    func issueToken(audience: String, now: Double) -> String {
        let configuration = state.configuration
        let issued = Int(now)
        state.withModel { $0.stats.tokensIssued += 1 }
        return state.issuer.issue(
            AccessTokenClaims(
                audience: audience, issuer: "https://sts.windows.net/\(configuration.tenantID)/",
                tenantID: configuration.tenantID,
                appID: configuration.clientID, roles: configuration.roles, issuedAt: issued, notBefore: issued,
                expires: issued + configuration.tokenLifetimeSeconds))
    }

    /// docs/service.md, "Tokens" error body: `error_description` starts `AADSTSnnnn: ` and ends with the trace lines.
    func error(
        _ request: HTTPRequestMessage, _ status: Int, _ error: String, _ code: Int, _ description: String, _ now: Double
    ) -> HTTPResponseMessage {
        let traceID = GUID.random()
        let correlationID = request.header("client-request-id") ?? GUID.random()
        let timestamp = Timestamp.tokenErrorTimestamp(now)
        let body: JSON = .object([
            "error": .string(error),
            "error_description": .string(
                "AADSTS\(code): \(description)\r\nTrace ID: \(traceID)\r\nCorrelation ID: "
                    + "\(correlationID)\r\nTimestamp: \(timestamp)"
            ),
            "error_codes": .array([.number(code)]), "timestamp": .string(timestamp), "trace_id": .string(traceID),
            "correlation_id": .string(correlationID), "error_uri": .string("\(state.baseURL)/error?code=\(code)"),
        ])
        return HTTPResponseMessage(status: status, headers: Self.noStoreHeaders(now: now), body: body.serialized)
    }

    static func noStoreHeaders(now: Double) -> [HTTPHeader] {
        [
            HTTPHeader("Content-Type", "application/json; charset=utf-8"),
            HTTPHeader("Cache-Control", "no-store, no-cache"),
            HTTPHeader("Pragma", "no-cache"), HTTPHeader("Date", Timestamp.httpDate(now)),
        ]
    }

    /// RFC 6749 §2.3.1: `Basic base64(urlencode(id):urlencode(secret))`.
    static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic ",
            let decoded = Data(base64Encoded: header.dropFirst(6).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (
            HTTPRequestMessage.decodeComponent(text[..<colon]),
            HTTPRequestMessage.decodeComponent(text[text.index(after: colon)...])
        )
    }
}
