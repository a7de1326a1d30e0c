import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

#if canImport(COpenSSL)
import COpenSSL

/// Verifies an RS256 JWS signature with the certificate's public key, independently of the code under test.
func verifiesRS256(_ jwt: String, certificateDER: [UInt8]) -> Bool {
    let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let signature = CertificateFixtures.base64URLDecode(parts[2]) else { return false }
    let input = Array((parts[0] + "." + parts[1]).utf8)
    let x509 = certificateDER.withUnsafeBufferPointer { buffer -> OpaquePointer? in
        var cursor = buffer.baseAddress
        return d2i_X509(nil, &cursor, buffer.count)
    }
    guard let x509 else { return false }
    defer { X509_free(x509) }
    guard let context = EVP_MD_CTX_new() else { return false }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, X509_get0_pubkey(x509)) == 1 else { return false }
    let bytes = Array(signature)
    return EVP_DigestVerify(context, bytes, bytes.count, input, input.count) == 1
}
#endif

/// The JWT a certificate credential signs: header, claims, signature, and a fresh one for every request.
@Suite struct ClientAssertionTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let audience = "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"

    static func certificate(_ name: String = "pkcs8.pem", chain: Bool = false) throws -> ClientCertificate {
        try ClientCertificate.load(
            contents: try CertificateFixtures.data(name), password: CertificateFixtures.password, sendsChain: chain,
            file: name)
    }

    /// The header and claims of `jwt` as JSON objects.
    static func decode(_ jwt: String) throws -> (header: [String: Any], claims: [String: Any]) {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        let header = try JSONSerialization.jsonObject(with: try #require(CertificateFixtures.base64URLDecode(parts[0])))
        let claims = try JSONSerialization.jsonObject(with: try #require(CertificateFixtures.base64URLDecode(parts[1])))
        return (try #require(header as? [String: Any]), try #require(claims as? [String: Any]))
    }

    @Test func headerNamesTheCertificateByBothThumbprints() throws {
        let jwt = try ClientAssertion.sign(
            try Self.certificate(), clientID: "client-1", audience: Self.audience, now: Self.now)
        let (header, _) = try Self.decode(jwt)
        #expect(header["alg"] as? String == "RS256")
        #expect(header["typ"] as? String == "JWT")
        #expect(
            header["x5t"] as? String
                == CertificateFixtures.base64URL(CertificateFixtures.bytes(hex: CertificateFixtures.sha1Hex)))
        #expect(
            header["x5t#S256"] as? String
                == CertificateFixtures.base64URL(CertificateFixtures.bytes(hex: CertificateFixtures.sha256Hex)))
        #expect(header["x5c"] == nil)
        #expect(Set(header.keys) == ["alg", "typ", "x5t", "x5t#S256"])
    }

    @Test func claimsAreTheTokenEndpointTheClientAndTenMinutes() throws {
        let id = UUID()
        let jwt = try ClientAssertion.sign(
            try Self.certificate(), clientID: "client-1", audience: Self.audience, now: Self.now, id: id)
        let (_, claims) = try Self.decode(jwt)
        #expect(claims["aud"] as? String == Self.audience)
        #expect(claims["iss"] as? String == "client-1")
        #expect(claims["sub"] as? String == "client-1")
        #expect(claims["jti"] as? String == id.uuidString.lowercased())
        #expect(claims["nbf"] as? Int == 1_750_000_000)
        #expect(claims["iat"] as? Int == 1_750_000_000)
        #expect(claims["exp"] as? Int == 1_750_000_600)
        #expect(Set(claims.keys) == ["aud", "iss", "sub", "jti", "nbf", "iat", "exp"])
    }

    @Test func theChainIsSentAsX5cLeafFirstWhenAsked() throws {
        let certificate = try Self.certificate("chain.pem", chain: true)
        let jwt = try ClientAssertion.sign(certificate, clientID: "c", audience: Self.audience, now: Self.now)
        let x5c = try #require(try Self.decode(jwt).header["x5c"] as? [String])
        let ca = try ClientCertificate.load(
            contents: try CertificateFixtures.data("chain.pem"), password: nil, sendsChain: false, file: "f"
        ).chain[0]
        #expect(x5c == [Data(certificate.certificate.der).base64EncodedString(), Data(ca.der).base64EncodedString()])
        // Standard base64 of the DER, as RFC 7515 says, not base64url.
        #expect(x5c.allSatisfy { Data(base64Encoded: $0) != nil })
    }

    #if canImport(COpenSSL)
    @Test(arguments: ["pkcs8.pem", "pkcs1.pem", "encrypted.pem", "bundle.pfx", "rsa4096.pem"])
    func theSignatureVerifiesWithTheCertificatesPublicKey(name: String) throws {
        let certificate = try Self.certificate(name)
        let jwt = try ClientAssertion.sign(certificate, clientID: "c", audience: Self.audience, now: Self.now)
        #expect(verifiesRS256(jwt, certificateDER: certificate.certificate.der))
        // A changed claim no longer verifies: the check above is not vacuous.
        let parts = jwt.split(separator: ".")
        let forged = parts[0] + "." + CertificateFixtures.base64URL(Array(#"{"aud":"x"}"#.utf8)) + "." + parts[2]
        #expect(!verifiesRS256(String(forged), certificateDER: certificate.certificate.der))
    }
    #endif

    @Test func everyTokenRequestCarriesAFreshlySignedAssertion() async throws {
        let certificate = try Self.certificate()
        // The second fetch meets a 503 first: the retry is signed afresh too.
        let server = ScriptedServer([.okToken, .json(503, "{}"), .okToken])
        let client = TokenClient(
            credential: .clientCertificate(tenantID: "tenant-1", clientID: "client-1", certificate: certificate),
            cloud: globalCloud, transport: server.transport, time: SteppingTimeSource(start: 1000),
            wallClock: { Self.now })
        _ = try await client.fetch()
        _ = try await client.fetch()
        let requests = server.log.all
        #expect(requests.count == 3)
        var identifiers: Set<String> = []
        for request in requests {
            let fields = formFields(request)
            #expect(request.url.absoluteString == Self.audience)
            #expect(fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(fields["client_id"] == "client-1")
            #expect(fields["grant_type"] == "client_credentials")
            #expect(fields["scope"] == "https://graph.microsoft.com/.default")
            #expect(fields["client_secret"] == nil)
            let assertion = try #require(fields["client_assertion"])
            let claims = try Self.decode(assertion).claims
            #expect(claims["aud"] as? String == request.url.absoluteString)
            identifiers.insert(try #require(claims["jti"] as? String))
            #if canImport(COpenSSL)
            #expect(verifiesRS256(assertion, certificateDER: certificate.certificate.der))
            #endif
        }
        #expect(identifiers.count == 3)
    }

    @Test(arguments: [
        (700027, "is not registered on the application client-1"),
        (700024, "the clock is probably wrong"),
        (50012, "audience is not the token endpoint"),
        (9_999_999, "[redacted]"),
    ])
    func certificateRefusalsNameTheCertificateAndTheFix(code: Int, advice: String) async throws {
        let certificate = try Self.certificate()
        let credential = Credential.clientCertificate(
            tenantID: "tenant-1", clientID: "client-1", certificate: certificate)
        // A hostile or buggy server echoes the request's assertion in its answer.
        let echo = ClosureTransport { request in
            let sent = formFields(request)["client_assertion"] ?? ""
            let body =
                #"{"error":"invalid_client","error_description":"AADSTS\#(code): bad \#(sent)","#
                + #""error_codes":[\#(code)]}"#
            return HTTPResponse(status: 401, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        }
        let client = TokenClient(
            credential: credential, cloud: globalCloud, transport: echo, time: SteppingTimeSource(),
            wallClock: { Self.now })
        let error = try #require(await tokenError { _ = try await client.fetch() })
        let message = error.localizedDescription
        #expect(message.contains("AADSTS\(code)"))
        #expect(message.contains(advice), "\(message)")
        #expect(error.isAuthenticationFailure)
        if code == 700027 { #expect(message.contains(CertificateFixtures.sha1Hex)) }
        #expect(!message.contains("eyJ"), "\(message)")
    }
}
