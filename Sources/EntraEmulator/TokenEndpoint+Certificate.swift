import EmulatorKit
import Foundation
import JSONDocument

/// The certificate credential (private_key_jwt, docs/service.md, "Tokens"): the assertion must name a certificate
/// registered on the app by its thumbprint (`x5t#S256` and/or `x5t`; `x5c[0]`, when sent, must be that certificate),
/// carry a valid RS256 or PS256 signature by that certificate's key, be addressed to this token endpoint, be issued by
/// and about the client itself, and be within its time range. Each failure answers as Entra does.
extension TokenEndpoint {
    /// How much clock skew `nbf` is allowed: five minutes, as Entra tolerates.
    static let assertionSkewSeconds = 300.0

    func checkCertificateAssertion(
        _ assertion: CertificateAssertion, request: HTTPRequestMessage, tenant: String, clientID: String, now: Double
    ) -> HTTPResponseMessage? {
        let header = assertion.header
        let registered = state.configuration.clientCertificates
        let sha256 = header["x5t#S256"]?.stringValue.flatMap { URLSafeBase64.decode($0) }
        let sha1 = header["x5t"]?.stringValue.flatMap { URLSafeBase64.decode($0) }
        let named = (sha1.map { $0.map { String(format: "%02X", $0) }.joined() } ?? "")
        let matches = registered.filter { certificate in
            (sha256 == nil || sha256 == certificate.sha256) && (sha1 == nil || sha1 == certificate.sha1)
        }
        guard let certificate = matches.first, sha256 != nil || sha1 != nil else {
            return error(
                request, 401, "invalid_client", 700027,
                "The certificate with identifier used to sign the client assertion is not registered on application. "
                    + "[Reason - The key was not found., Thumbprint of key used by client: '\(named)', Please visit "
                    + "the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id "
                    + "'\(clientID)'.]",
                now)
        }
        if let x5c = header["x5c"]?.arrayValue?.first?.stringValue,
            Data(base64Encoded: x5c).map(Array.init) != certificate.der
        {
            return error(
                request, 401, "invalid_client", 700027,
                "Client assertion failed signature validation. [Reason - The certificate in x5c is not the one the "
                    + "thumbprint names.]",
                now)
        }
        guard let name = header["alg"]?.stringValue, let algorithm = CertificateVerifier.Algorithm(rawValue: name)
        else {
            return error(
                request, 401, "invalid_client", 700027,
                "Client assertion failed signature validation. [Reason - The algorithm "
                    + "'\(header["alg"]?.stringValue ?? "")' is not supported; use RS256 or PS256.]",
                now)
        }
        guard
            CertificateVerifier.verify(
                algorithm, input: assertion.signingInput, signature: assertion.signature, certificate: certificate.der)
        else {
            return error(
                request, 401, "invalid_client", 700027,
                "Client assertion failed signature validation. [Reason - The key was found, but the signature could "
                    + "not be verified., Thumbprint of key used by client: '\(certificate.thumbprint)']",
                now)
        }
        return checkAssertionClaims(assertion.claims, request: request, tenant: tenant, clientID: clientID, now: now)
            ?? checkAssertionTimes(assertion, request: request, now: now)
    }

    /// `aud` is this token endpoint (one value), `iss` = `sub` = the client.
    private func checkAssertionClaims(
        _ claims: JSON, request: HTTPRequestMessage, tenant: String, clientID: String, now: Double
    ) -> HTTPResponseMessage? {
        let audiences =
            claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? [claims["aud"]?.stringValue].compactMap { $0 }
        if audiences.count > 1 {
            return error(
                request, 400, "invalid_client", 5_002_741,
                "Number of audience values in the provided client credential exceed maximum allowed. "
                    + "\(audiences.count) audience values provided, maximum allowed is 1.",
                now)
        }
        let expected = "\(state.baseURL)/\(tenant)/oauth2/v2.0/token".lowercased()
        guard let audience = audiences.first, audience.lowercased() == expected else {
            return error(
                request, 401, "invalid_client", 50012,
                "Client assertion audience claim does not match Realm issuer. Expected '\(expected)'.", now)
        }
        let issuer = claims["iss"]?.stringValue ?? ""
        let subject = claims["sub"]?.stringValue ?? ""
        guard issuer == subject else {
            return error(
                request, 400, "invalid_client", 50048, "Subject mismatches Issuer claim in the client assertion.", now)
        }
        guard issuer.caseInsensitiveCompare(clientID) == .orderedSame else {
            return error(
                request, 400, "invalid_client", 700021,
                "Client assertion application identifier doesn't match 'client_id' parameter.", now)
        }
        return nil
    }

    /// `exp` is required and in the future; `nbf`, when present, not more than the skew ahead.
    private func checkAssertionTimes(
        _ assertion: CertificateAssertion, request: HTTPRequestMessage, now: Double
    )
        -> HTTPResponseMessage?
    {
        guard let expires = assertion.time("exp") else {
            return error(
                request, 400, "invalid_client", 50027, "JWT token is invalid or malformed: it has no 'exp' claim.", now)
        }
        let notBefore = assertion.time("nbf") ?? now
        guard expires > now, notBefore <= now + Self.assertionSkewSeconds else {
            return error(
                request, 400, "invalid_client", 700024,
                "Client assertion is not within its valid time range. Current time: \(Timestamp.iso8601(now)), "
                    + "assertion valid from \(Timestamp.iso8601(notBefore)), expiry time of assertion "
                    + "\(Timestamp.iso8601(expires)).",
                now)
        }
        return nil
    }
}
