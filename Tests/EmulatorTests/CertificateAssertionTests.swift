import EmulatorKit
import Foundation
import TestSupport
import Testing

@testable import EntraEmulator

#if canImport(COpenSSL)
import COpenSSL

/// Signs test assertions with a fixture key, independently of the client's code: what a correct (or a broken)
/// client would send.
enum TestSigner {
    /// `base64url(header).base64url(claims).base64url(signature)`; PS256 when `pss`, else RS256.
    static func jwt(header: String, claims: String, keyFile: String, pss: Bool = false) throws -> String {
        let input = URLSafeBase64.encode(Array(header.utf8)) + "." + URLSafeBase64.encode(Array(claims.utf8))
        return input + "." + URLSafeBase64.encode(try sign(Array(input.utf8), keyFile: keyFile, pss: pss))
    }

    static func sign(_ message: [UInt8], keyFile: String, pss: Bool) throws -> [UInt8] {
        let pem = Array(try CertificateFixtures.data(keyFile))
        let key = try #require(
            pem.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count))
                defer { BIO_free(bio) }
                return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
            })
        defer { EVP_PKEY_free(key) }
        let context = try #require(EVP_MD_CTX_new())
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        try #require(EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, key) == 1)
        if pss {
            try #require(EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1)
            try #require(EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) == 1)
        }
        var length = 0
        try #require(EVP_DigestSign(context, nil, &length, message, message.count) == 1)
        var signature = [UInt8](repeating: 0, count: length)
        try #require(EVP_DigestSign(context, &signature, &length, message, message.count) == 1)
        return Array(signature.prefix(length))
    }
}

/// The token endpoint's check of certificate assertions: a real signature by a registered certificate's key, the
/// thumbprints, the audience, the issuer and the times, each failure with Entra's code.
@Suite struct CertificateAssertionTests {
    static let leaf = try! RegisteredCertificate.load(
        path: CertificateFixtures.url("leaf.pem").path, option: "test")[0]
    static let other = try! RegisteredCertificate.load(
        path: CertificateFixtures.url("other.pem").path, option: "test")[0]

    static let formPrefix =
        "grant_type=client_credentials&client_id=\(Harness.client)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
        + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"

    let harness: Harness

    init() throws {
        harness = try Harness { $0.clientCertificates = [Self.leaf] }
    }

    var audience: String { "http://127.0.0.1:\(harness.port)\(Harness.tokenPath)" }
    var now: Int { Int(harness.clock.now()) }

    func header(
        _ certificate: RegisteredCertificate = leaf, alg: String = "RS256", sha1: Bool = true, sha256: Bool = true,
        x5c: [UInt8]? = nil
    ) -> String {
        var fields = [#""alg":"\#(alg)""#, #""typ":"JWT""#]
        if sha1 { fields.append(#""x5t":"\#(URLSafeBase64.encode(certificate.sha1))""#) }
        if sha256 { fields.append(#""x5t#S256":"\#(URLSafeBase64.encode(certificate.sha256))""#) }
        if let x5c { fields.append(#""x5c":["\#(Data(x5c).base64EncodedString())"]"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    func claims(
        aud: String? = nil, iss: String = Harness.client, sub: String = Harness.client, nbf: Int? = nil,
        exp: Int? = nil
    ) -> String {
        let audience = aud ?? #""\#(self.audience)""#
        let start = nbf ?? now
        return
            #"{"aud":\#(audience),"iss":"\#(iss)","sub":"\#(sub)","jti":"\#(UUID().uuidString)","#
            + #""nbf":\#(start),"iat":\#(start),"exp":\#(exp ?? start + 600)}"#
    }

    /// The token endpoint's answer to `assertion`: status and AADSTS code (nil on success).
    func post(_ assertion: String) throws -> (status: Int, code: Int?, description: String) {
        let form =
            Self.formPrefix + "&client_assertion=\(assertion)"
        let response = try harness.tokenResponse(form)
        let code = response.json?["error_codes"]?.arrayValue?.first.flatMap { value -> Int? in
            if case .number(let text) = value { return Int(text) }
            return nil
        }
        return (response.status, code, response.json?["error_description"]?.stringValue ?? "")
    }

    @Test(arguments: [(true, true, false), (true, false, false), (false, true, false), (true, true, true)])
    func aCorrectlySignedAssertionGetsAToken(sha1: Bool, sha256: Bool, pss: Bool) throws {
        let jwt = try TestSigner.jwt(
            header: header(alg: pss ? "PS256" : "RS256", sha1: sha1, sha256: sha256), claims: claims(),
            keyFile: "leaf.key", pss: pss)
        let answer = try post(jwt)
        #expect(answer.status == 200, "\(answer.description)")
        #expect(try harness.stat("tokensIssued") == 1)
    }

    @Test func theChainMayBeSentWhenItsFirstCertificateIsTheRegisteredOne() throws {
        let good = try TestSigner.jwt(header: header(x5c: Self.leaf.der), claims: claims(), keyFile: "leaf.key")
        #expect(try post(good).status == 200)
        let wrong = try TestSigner.jwt(header: header(x5c: Self.other.der), claims: claims(), keyFile: "leaf.key")
        let answer = try post(wrong)
        #expect(answer.code == 700027 && answer.description.contains("x5c"))
    }

    @Test func anUnregisteredCertificateIs700027NamingItsThumbprint() throws {
        let jwt = try TestSigner.jwt(header: header(Self.other), claims: claims(), keyFile: "other.key")
        let answer = try post(jwt)
        #expect(answer.status == 401)
        #expect(answer.code == 700027)
        #expect(answer.description.contains("is not registered on application"))
        #expect(answer.description.contains(Self.other.thumbprint))
    }

    @Test func thumbprintsThatDisagreeFindNoCertificate() throws {
        let mixed =
            #"{"alg":"RS256","typ":"JWT","x5t":"\#(URLSafeBase64.encode(Self.leaf.sha1))","#
            + #""x5t#S256":"\#(URLSafeBase64.encode(Self.other.sha256))"}"#
        #expect(try post(try TestSigner.jwt(header: mixed, claims: claims(), keyFile: "leaf.key")).code == 700027)
    }

    @Test func aSignatureByAnotherKeyOrOverOtherClaimsFails() throws {
        let byOther = try TestSigner.jwt(header: header(), claims: claims(), keyFile: "other.key")
        let first = try post(byOther)
        #expect(first.code == 700027 && first.description.contains("signature could not be verified"))
        let signed = try TestSigner.jwt(header: header(), claims: claims(), keyFile: "leaf.key")
        let parts = signed.split(separator: ".")
        let changed = URLSafeBase64.encode(Array(claims(sub: "someone-else").utf8))
        #expect(try post("\(parts[0]).\(changed).\(parts[2])").code == 700027)
        let unsigned = "\(parts[0]).\(parts[1])."
        #expect(try post(unsigned).code == 700027)
    }

    @Test(arguments: ["none", "HS256", "RS512"])
    func onlyRS256AndPS256AreAccepted(alg: String) throws {
        let jwt = try TestSigner.jwt(header: header(alg: alg), claims: claims(), keyFile: "leaf.key")
        let answer = try post(jwt)
        #expect(answer.code == 700027 && answer.description.contains("'\(alg)' is not supported"))
    }

    @Test func audienceIssuerAndSubjectAreChecked() throws {
        let cases: [(String, Int)] = [
            (claims(aud: #""https://login.microsoftonline.com/\#(Harness.tenant)/oauth2/v2.0/token""#), 50012),
            (claims(aud: #"["\#(audience)","\#(audience)x"]"#), 5_002_741),
            (claims(sub: "other-app"), 50048),
            (claims(iss: "other-app", sub: "other-app"), 700021),
        ]
        for (claims, code) in cases {
            let answer = try post(try TestSigner.jwt(header: header(), claims: claims, keyFile: "leaf.key"))
            #expect(answer.code == code, "\(claims): \(answer.description)")
        }
        // An audience in a one-element array is the same audience.
        let array = try TestSigner.jwt(
            header: header(), claims: claims(aud: #"["\#(audience)"]"#), keyFile: "leaf.key")
        #expect(try post(array).status == 200)
    }

    @Test func timesOutsideTheAssertionsRangeAre700024() throws {
        let expired = claims(nbf: now - 900, exp: now - 1)
        let early = claims(nbf: now + 301, exp: now + 900)
        for claims in [expired, early] {
            let answer = try post(try TestSigner.jwt(header: header(), claims: claims, keyFile: "leaf.key"))
            #expect(answer.code == 700024, "\(answer.description)")
            #expect(answer.description.contains("not within its valid time range"))
        }
        // Five minutes of clock skew are tolerated on nbf.
        let skewed = try TestSigner.jwt(header: header(), claims: claims(nbf: now + 200), keyFile: "leaf.key")
        #expect(try post(skewed).status == 200)
    }

    @Test func withoutARegisteredCertificateEveryCertificateAssertionIs700027() throws {
        let bare = try Harness()
        let jwt = try TestSigner.jwt(
            header: header(), claims: claims().replacingOccurrences(of: "\(harness.port)", with: "\(bare.port)"),
            keyFile: "leaf.key")
        let form =
            Self.formPrefix + "&client_assertion=\(jwt)"
        #expect(try bare.tokenResponse(form).json?["error_codes"] == .array([.number("700027")]))
    }

    @Test func theOptionRegistersEveryCertificateOfAFileAndRefusesOthers() throws {
        let workspace = try Workspace()
        let both = try workspace.write(try CertificateFixtures.text("chain.pem"), to: "both.pem")
        guard
            case .run(let configuration) = try EmulatorConfiguration.parse([
                "--client-certificate", both.path, "--client-certificate",
                CertificateFixtures.url("other.pem").path,
            ])
        else {
            Issue.record("not a run configuration")
            return
        }
        #expect(configuration.clientCertificates.count == 3)
        #expect(configuration.clientCertificates[0] == Self.leaf)
        let keyOnly = try workspace.write(try CertificateFixtures.text("leaf.key"), to: "key.pem")
        #expect(throws: EmulatorError.self) {
            try EmulatorConfiguration.parse(["--client-certificate", keyOnly.path])
        }
        #expect(throws: EmulatorError.self) {
            try EmulatorConfiguration.parse(["--client-certificate", workspace.url("none").path])
        }
    }
}
#endif
