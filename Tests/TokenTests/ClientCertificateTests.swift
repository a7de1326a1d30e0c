import Foundation
import TestSupport
import Testing

@testable import Token

/// Opening certificate files: every form people have (PEM with a PKCS#8, PKCS#1 or encrypted PKCS#8 key, PFX, a
/// chain), every refusal with its message, and thumbprints equal to what `openssl x509 -fingerprint` says.
@Suite struct ClientCertificateTests {
    static func load(
        _ name: String, password: String? = nil, chain: Bool = false, now: Date = Date()
    ) throws -> ClientCertificate {
        try ClientCertificate.load(
            contents: try CertificateFixtures.data(name), password: password, sendsChain: chain, file: "test \(name)",
            now: now)
    }

    /// The CertificateError `name` gets, or nil (recording an issue) when it loads or fails otherwise.
    static func refusal(_ name: String, password: String? = nil, now: Date = Date()) -> CertificateError? {
        do {
            _ = try load(name, password: password, now: now)
            Issue.record("\(name) was accepted")
        } catch let error as CertificateError {
            return error
        } catch {
            Issue.record("\(name): \(error)")
        }
        return nil
    }

    @Test(
        arguments: [
            ("pkcs8.pem", nil, 0), ("pkcs1.pem", nil, 0), ("encrypted.pem", CertificateFixtures.password, 0),
            ("bundle.pfx", CertificateFixtures.password, 1), ("chain.pem", nil, 1),
        ] as [(String, String?, Int)])
    func opensEveryFormWithThumbprintsAsOpenSSLComputesThem(name: String, password: String?, chainLength: Int) throws {
        let certificate = try Self.load(name, password: password)
        #expect(certificate.certificate.thumbprint == CertificateFixtures.sha1Hex)
        #expect(certificate.certificate.sha256 == CertificateFixtures.bytes(hex: CertificateFixtures.sha256Hex))
        #expect(certificate.certificate.subject == CertificateFixtures.subject)
        #expect(certificate.certificate.notAfter == CertificateFixtures.notAfter)
        #expect(certificate.chain.count == chainLength)
        #expect(certificate.chain.allSatisfy { $0.subject.contains("provision test CA") })
    }

    @Test func headerThumbprintsAreBase64URLOfTheDigests() throws {
        let leaf = try Self.load("pkcs8.pem").certificate
        #expect(leaf.x5t == CertificateFixtures.base64URL(CertificateFixtures.bytes(hex: CertificateFixtures.sha1Hex)))
        #expect(
            leaf.x5tS256 == CertificateFixtures.base64URL(CertificateFixtures.bytes(hex: CertificateFixtures.sha256Hex))
        )
        #expect(!leaf.x5t.contains("=") && !leaf.x5t.contains("+") && !leaf.x5t.contains("/"))
    }

    @Test func theKeysOwnCertificateIsChosenWhereverItStands() throws {
        // chain.pem: leaf, key, CA. A file with the CA first must pick the same certificate.
        let reordered = try CertificateFixtures.text("ca.pem") + CertificateFixtures.text("pkcs8.pem")
        let certificate = try ClientCertificate.load(
            contents: Data(reordered.utf8), password: nil, sendsChain: false, file: "reordered")
        #expect(certificate.certificate.thumbprint == CertificateFixtures.sha1Hex)
        #expect(certificate.chain.count == 1)
    }

    @Test func aWindowsFileWithCRLFLinesOpensToo() throws {
        let crlf = try CertificateFixtures.text("pkcs8.pem").replacingOccurrences(of: "\n", with: "\r\n")
        let certificate = try ClientCertificate.load(
            contents: Data(crlf.utf8), password: nil, sendsChain: false, file: "windows.pem")
        #expect(certificate.certificate.thumbprint == CertificateFixtures.sha1Hex)
    }

    @Test func rsa4096IsTheLargestAccepted() throws {
        let certificate = try Self.load("rsa4096.pem")
        #expect(certificate.key.kind == .rsa(bits: 4096))
    }

    @Test func anEncryptedKeyWithoutPasswordIsAFileProblem() {
        for name in ["encrypted.pem", "bundle.pfx"] {
            let error = Self.refusal(name)
            #expect(error == .passwordRequired(file: "test \(name)"))
            #expect(error?.isFileProblem == true)
            #expect(error?.localizedDescription.contains("AZURE_CLIENT_CERTIFICATE_PASSWORD") == true)
        }
    }

    @Test func aWrongPasswordIsRefusedAsACredentialProblem() {
        for name in ["encrypted.pem", "bundle.pfx"] {
            let error = Self.refusal(name, password: "not-the-password")
            #expect(error == .wrongPassword(file: "test \(name)"))
            #expect(error?.isFileProblem == false)
            #expect(error?.localizedDescription.contains("not-the-password") == false)
        }
    }

    /// A corrupted PFX was reported as "password required" (and, with its password, as a wrong password).
    @Test func aDamagedPFXIsReportedAsDamagedNotAsLocked() throws {
        let bytes = Array(try CertificateFixtures.data("bundle.pfx"))
        func refusal(_ bytes: [UInt8], _ password: String?) -> CertificateError? {
            do {
                _ = try ClientCertificate.load(
                    contents: Data(bytes), password: password, sendsChain: false, file: "test.pfx", now: Date())
            } catch {
                return error
            }
            return nil
        }
        // The contents are the OCTET STRING at 26 (after the outer header, the version, the data OID and [0]); its
        // SEQUENCE tag at 30 changed, they cannot be unpacked: damage, whatever the password.
        try #require(bytes[26] == 0x04 && bytes[30] == 0x30)
        var unpackable = bytes
        unpackable[30] = 0x31
        for password in [nil, CertificateFixtures.password] {
            let error = refusal(unpackable, password)
            #expect(error?.localizedDescription.contains("is damaged: its contents cannot be unpacked") == true)
            #expect(error?.isFileProblem == true)
        }
        // The MAC's 32-byte digest (before the 8-byte salt and the iteration count) changed: the password still
        // decrypts the contents, so the file is damaged; without the password only the password could tell.
        try #require(bytes[bytes.count - 48] == 0x04 && bytes[bytes.count - 47] == 0x20)
        var badMAC = bytes
        badMAC[bytes.count - 20] ^= 0xff
        let withPassword = refusal(badMAC, CertificateFixtures.password)
        #expect(
            withPassword?.localizedDescription.contains("integrity check (MAC) fails although the password decrypts")
                == true, "\(String(describing: withPassword))")
        #expect(refusal(badMAC, nil) == .passwordRequired(file: "test.pfx"))
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefused() throws {
        let error = Self.refusal("mismatch.pem")
        guard case .keyMismatch(_, let subject, let thumbprint)? = error else {
            Issue.record("expected keyMismatch, got \(String(describing: error))")
            return
        }
        #expect(subject == CertificateFixtures.subject)
        #expect(thumbprint == CertificateFixtures.sha1Hex)
        #expect(error?.localizedDescription.contains("does not belong to the certificate") == true)
    }

    @Test func expiredAndNotYetValidCertificatesAreRefusedWithTheirDates() {
        let expired = Self.refusal("expired.pem")
        guard case .expired(_, _, _, let notAfter)? = expired else {
            Issue.record("expected expired, got \(String(describing: expired))")
            return
        }
        #expect(notAfter == Date(timeIntervalSince1970: 978_307_200))  // 2001-01-01
        #expect(expired?.localizedDescription.contains("expired on 2001-01-01T00:00:00Z") == true)
        let early = Self.refusal("not-yet-valid.pem")
        guard case .notYetValid(_, _, _, let notBefore)? = early else {
            Issue.record("expected notYetValid, got \(String(describing: early))")
            return
        }
        #expect(notBefore == Date(timeIntervalSince1970: 4_070_908_800))  // 2099-01-01
        #expect(early?.localizedDescription.contains("check this machine's clock") == true)
    }

    @Test(arguments: [
        ("ec.pem", "EC"), ("dsa.pem", "DSA"), ("rsa1024.pem", "RSA 1024-bit"), ("rsa4608.pem", "RSA 4608-bit"),
    ])
    func keysOtherThanRSA2048To4096AreRefused(name: String, kind: String) {
        let error = Self.refusal(name)
        #expect(error == .unsupportedKey(file: "test \(name)", kind: kind))
        #expect(error?.localizedDescription.contains("RSA key of 2048 to 4096 bits") == true)
    }

    @Test func aLegacyRC2PFXGetsTheConversionCommand() {
        let error = Self.refusal("legacy.pfx", password: CertificateFixtures.password)
        guard case .unsupportedEncryption? = error else {
            Issue.record("expected unsupportedEncryption, got \(String(describing: error))")
            return
        }
        #expect(error?.localizedDescription.contains("openssl pkcs12 -legacy") == true)
        #expect(error?.isFileProblem == true)
    }

    @Test(arguments: [
        ("not a certificate at all\n", "neither PEM text nor a PKCS#12/PFX file"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n", "line 1: the CERTIFICATE block that starts here has no END line"),
        (
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
            "line 1: the CERTIFICATE block that starts here is not valid base64"
        ),
        (
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "line 3: END PRIVATE KEY closes the CERTIFICATE block"
        ),
    ])
    func brokenFilesAreMalformedWithTheLine(content: String, fragment: String) {
        do {
            _ = try ClientCertificate.load(contents: Data(content.utf8), password: nil, sendsChain: false, file: "f")
            Issue.record("accepted")
        } catch {
            #expect(error.isFileProblem)
            #expect(error.localizedDescription.contains(fragment), "\(error.localizedDescription)")
        }
    }

    @Test func aFileWithoutKeyOrWithoutCertificateSaysWhichIsMissing() throws {
        let onlyCertificate = try CertificateFixtures.data("leaf.pem")
        let onlyKey = try CertificateFixtures.data("leaf.key")
        let twoKeys = try CertificateFixtures.data("pkcs8.pem") + CertificateFixtures.data("other.key")
        for (data, fragment) in [
            (onlyCertificate, "holds no private key"), (onlyKey, "but no certificate"),
            (twoKeys, "holds 2 private keys"),
        ] {
            #expect {
                try ClientCertificate.load(contents: data, password: nil, sendsChain: false, file: "f")
            } throws: { error in
                (error as? CertificateError)?.isFileProblem == true
                    && error.localizedDescription.contains(fragment)
            }
        }
    }

    @Test func expiryWarningStartsThirtyDaysBefore() throws {
        let certificate = try Self.load("pkcs8.pem")
        let day = 86_400.0
        #expect(certificate.expiryWarning(now: CertificateFixtures.notAfter.addingTimeInterval(-31 * day)) == nil)
        let warning = certificate.expiryWarning(now: CertificateFixtures.notAfter.addingTimeInterval(-10 * day - 60))
        #expect(warning?.contains("expires in 10 days") == true)
        #expect(warning?.contains(CertificateFixtures.sha1Hex) == true)
        #expect(
            certificate.expiryWarning(now: CertificateFixtures.notAfter.addingTimeInterval(-3600))?.contains("today")
                == true)
    }

    @Test func printingNeverShowsTheKeyOrThePassword() throws {
        let certificate = try Self.load("encrypted.pem", password: CertificateFixtures.password)
        let credential = Credential.clientCertificate(tenantID: "t", clientID: "c", certificate: certificate)
        var dumped = ""
        dump(credential, to: &dumped)
        dump(certificate, to: &dumped)
        dump(certificate.key, to: &dumped)
        let printed = [
            String(describing: credential), String(reflecting: credential), "\(certificate)",
            String(reflecting: certificate),
            "\(certificate.key)", dumped,
        ].joined(separator: "\n")
        #expect(printed.contains(CertificateFixtures.sha1Hex))
        #expect(!printed.contains(CertificateFixtures.password))
        for line in try CertificateFixtures.keyLines("pkcs8.pem") + CertificateFixtures.keyLines("encrypted.pem") {
            #expect(!printed.contains(line))
        }
        #expect(credential.secrets == [CertificateFixtures.password])
    }
}
