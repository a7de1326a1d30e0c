import Foundation
import Transport

/// Turning a final answer into a token or a `TokenError` (docs/service.md, "Tokens" and "Managed identity").
extension TokenClient {
    func interpret(_ response: HTTPResponse, from url: URL, startedAt: Double, scrubbing scrubbed: [String]) throws
        -> AccessToken
    {
        // The registry holds the long secrets; a short one (too short to remove from every message) still goes here.
        let extra = credential.secrets + scrubbed
        let status = response.status
        let body = TokenEndpointBody.decode(response.body)
        switch status {
        case 200...299:
            return try success(body, response: response, startedAt: startedAt)
        case 300...399:
            // CurlTransport refuses redirects: a token request must not wander to another host.
            throw TokenError.malformedResponse(httpStatus: status, detail: "a redirect, which is not followed")
        default:
            break
        }
        let isManagedIdentity = credential.isManagedIdentity
        if RetryPolicy.isRetryable(status: status, managedIdentity: false) {
            // Still throttled or failing after every retry: the service is unavailable rather than refusing us.
            var reason = "it answered HTTP \(status) to \(retry.maxAttempts) attempts"
            if let code = body?.aadstsCode { reason += " (AADSTS\(code))" }
            throw TokenError.unreachable(url: Self.displayURL(url), reason: reason)
        }
        if isManagedIdentity {
            throw TokenError.managedIdentity(httpStatus: status, message: managedIdentityMessage(body, response, extra))
        }
        guard let body, let code = body.aadstsCode else {
            throw TokenError.malformedResponse(
                httpStatus: status, detail: "no AADSTS error code in the body: \(snippet(response, extra))")
        }
        if case .clientCertificate(_, let clientID, let certificate) = credential,
            TokenError.certificateCodes.contains(code)
        {
            throw TokenError.certificateRejected(
                code: code, error: redact(body.error ?? "", extra: extra, limit: 100), httpStatus: status,
                clientID: clientID,
                subject: certificate.certificate.subject, thumbprint: certificate.certificate.thumbprint)
        }
        let description = redact(Self.firstLine(body.errorDescription ?? ""), extra: extra)
        throw TokenError.aadsts(
            code: code, error: redact(body.error ?? "", extra: extra, limit: 100),
            httpStatus: status, description: description)
    }

    private func success(_ body: TokenEndpointBody?, response: HTTPResponse, startedAt: Double) throws -> AccessToken {
        let status = response.status
        guard let body else {
            // The body is never quoted here: it may hold a token.
            let detail =
                response.bodyTruncated
                ? "the body is larger than \(ResponseLimits.tokenBody / 1024) KB, far more than a token"
                : "the body is not a JSON object"
            throw TokenError.malformedResponse(httpStatus: status, detail: detail)
        }
        guard let value = body.accessToken, !value.isEmpty else {
            throw TokenError.malformedResponse(httpStatus: status, detail: "the body has no access_token")
        }
        // Lifetimes count from when the request left, so that a slow answer errs on the early side. Every lifetime
        // is a server's number: clamped before any arithmetic.
        if let expiresIn = body.expiresIn {
            return AccessToken(value: value, expiresAt: startedAt + Self.lifetime(expiresIn))
        }
        // App Service gives only `expires_on`, an epoch string (docs/service.md, "Managed identity"): move it onto
        // the TimeSource's timeline.
        if let expiresOn = body.expiresOn {
            let remaining = Self.lifetime(expiresOn - wallClock().timeIntervalSince1970)
            return AccessToken(value: value, expiresAt: startedAt + remaining)
        }
        if let exp = TokenClaims.decode(value)?.expiresAt {
            return AccessToken(value: value, expiresAt: startedAt + Self.lifetime(exp.timeIntervalSince(wallClock())))
        }
        return AccessToken(value: value, expiresAt: .infinity)
    }

    /// A lifetime in seconds, from a server: within 0 s...a year whatever was sent (1e300, a date in 9999).
    static func lifetime(_ seconds: Double) -> Double {
        seconds.isNaN ? 0 : min(max(0, seconds), 366 * 86_400)
    }

    private func managedIdentityMessage(_ body: TokenEndpointBody?, _ response: HTTPResponse, _ extra: [String])
        -> String
    {
        let parts = [body?.error, body?.errorDescription, body?.message].compactMap { $0 }.filter { !$0.isEmpty }
        if parts.isEmpty { return snippet(response, extra) }
        return ServerText.clean(Self.firstLine(parts.joined(separator: ": ")), extra: extra)
    }

    /// The start of an error body (proxies answer with HTML), on one line, cleaned (`ServerText`).
    private func snippet(_ response: HTTPResponse, _ extra: [String]) -> String {
        guard !response.body.isEmpty else { return "an empty body" }
        return ServerText.clean(
            body: response.body, truncatedAt: response.bodyTruncated ? ResponseLimits.tokenBody : nil, extra: extra,
            limit: 200)
    }

    /// AADSTS descriptions continue with "\r\nTrace ID: ...\r\nCorrelation ID: ..." (docs/service.md, "Tokens").
    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.trimmingCharacters(in: .whitespaces)
    }
}

/// The fields of a token or managed-identity answer, success or error, read leniently: `expires_in` is a number from
/// the v2 endpoint but a string from managed identity (docs/service.md, "Tokens"), and a field of an unexpected type is
/// treated as absent rather than failing the whole body.
struct TokenEndpointBody: Decodable {
    var accessToken: String?
    var expiresIn: Double?
    var expiresOn: Double?
    var error: String?
    var errorDescription: String?
    var errorCodes: [Int]?
    var message: String?

    private enum Key: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case expiresOn = "expires_on"
        case error
        case errorDescription = "error_description"
        case errorCodes = "error_codes"
        case message
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        accessToken = try? container.decodeIfPresent(String.self, forKey: .accessToken)
        expiresIn = Self.number(container, .expiresIn)
        expiresOn = Self.number(container, .expiresOn)
        error = try? container.decodeIfPresent(String.self, forKey: .error)
        errorDescription = try? container.decodeIfPresent(String.self, forKey: .errorDescription)
        errorCodes = try? container.decodeIfPresent([Int].self, forKey: .errorCodes)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
    }

    /// nil when the body is not a JSON object.
    static func decode(_ data: Data) -> TokenEndpointBody? {
        try? JSONDecoder().decode(TokenEndpointBody.self, from: data)
    }

    /// `error_codes[0]`, else the number after "AADSTS" in the description (docs/service.md, "Tokens").
    var aadstsCode: Int? {
        if let first = errorCodes?.first { return first }
        guard let description = errorDescription, let match = description.firstMatch(of: /AADSTS(\d+)/) else {
            return nil
        }
        return Int(match.1)
    }

    private static func number(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Double? {
        if let value = try? container.decodeIfPresent(Double.self, forKey: key) { return value }
        if let text = try? container.decodeIfPresent(String.self, forKey: key),
            let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite
        {
            return value
        }
        return nil
    }
}
