import Foundation

/// The signed JWT a certificate credential posts as `client_assertion` (private_key_jwt; docs/service.md, "Tokens").
///
/// Header `alg` RS256, `typ` JWT, `x5t` and `x5t#S256` (base64url SHA-1 and SHA-256 thumbprints of the certificate's
/// DER), and `x5c` (the certificate, then its chain, standard base64 DER) when the chain is sent. Claims `aud` = the
/// token endpoint the assertion is posted to, `iss` = `sub` = the client id, a fresh `jti`, and `nbf` = `iat` = now,
/// `exp` = now + 10 minutes. A new one is signed for every request, so none is ever reused.
enum ClientAssertion {
    static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// Entra asks for `exp` within 5 to 10 minutes of `nbf`.
    static let lifetime = 600

    struct Header: Encodable, Equatable {
        var alg = "RS256"
        var typ = "JWT"
        var x5t: String
        var x5tS256: String
        var x5c: [String]?

        private enum CodingKeys: String, CodingKey {
            case alg, typ, x5t, x5c
            case x5tS256 = "x5t#S256"
        }
    }

    struct Claims: Encodable, Equatable {
        var aud: String
        var iss: String
        var sub: String
        var jti: String
        var nbf: Int
        var iat: Int
        var exp: Int
    }

    static func header(for certificate: ClientCertificate) -> Header {
        let leaf = certificate.certificate
        let chain =
            certificate.sendsChain ? ([leaf] + certificate.chain).map { Data($0.der).base64EncodedString() } : nil
        return Header(x5t: leaf.x5t, x5tS256: leaf.x5tS256, x5c: chain)
    }

    static func claims(clientID: String, audience: String, now: Date, id: UUID) -> Claims {
        let issued = Int(now.timeIntervalSince1970.rounded(.down))
        return Claims(
            aud: audience, iss: clientID, sub: clientID, jti: id.uuidString.lowercased(), nbf: issued, iat: issued,
            exp: issued + lifetime)
    }

    /// `base64url(header).base64url(claims).base64url(RS256 signature)`.
    static func sign(
        _ certificate: ClientCertificate, clientID: String, audience: String, now: Date, id: UUID = UUID()
    ) throws(CertificateError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header: Data
        let claims: Data
        do {
            header = try encoder.encode(Self.header(for: certificate))
            claims = try encoder.encode(Self.claims(clientID: clientID, audience: audience, now: now, id: id))
        } catch {
            throw .signingFailed(reason: "the assertion could not be encoded (\(error))")
        }
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims)
        let signature = try certificate.key.signRS256(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
