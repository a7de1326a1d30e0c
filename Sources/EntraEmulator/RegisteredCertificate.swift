import EmulatorKit
import Foundation

/// A certificate registered on the emulated app registration (`--client-certificate FILE`): the public half Entra
/// keeps of a certificate credential, found again by the thumbprints a client assertion names.
package struct RegisteredCertificate: Sendable, Equatable {
    /// The DER encoding.
    package let der: [UInt8]
    package let sha1: [UInt8]
    package let sha256: [UInt8]

    /// SHA-1 in upper-case hex, as the admin center shows it.
    package var thumbprint: String { sha1.map { String(format: "%02X", $0) }.joined() }

    /// Every `CERTIFICATE` block of a PEM file (anything else, a private key included, is ignored: only the public
    /// part is registered). Throws `EmulatorError.invalidValue` naming `option` when there is none or one is broken.
    static func load(path: String, option: String) throws -> [RegisteredCertificate] {
        let invalid = { (why: String) in
            EmulatorError.invalidValue(option: option, value: path, expected: "a PEM file of certificates (\(why))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw invalid("it cannot be read") }
        let text = String(decoding: data, as: UTF8.self)
        var certificates: [RegisteredCertificate] = []
        var body: String?
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line == "-----BEGIN CERTIFICATE-----" {
                body = ""
            } else if line == "-----END CERTIFICATE-----", let base64 = body {
                guard let der = Data(base64Encoded: base64).map(Array.init), CertificateVerifier.isCertificate(der)
                else {
                    throw invalid("certificate \(certificates.count + 1) is not a valid X.509 certificate")
                }
                certificates.append(
                    RegisteredCertificate(
                        der: der, sha1: CertificateVerifier.sha1(der), sha256: CertificateVerifier.sha256(der)))
                body = nil
            } else if body != nil {
                body! += line
            }
        }
        guard !certificates.isEmpty else { throw invalid("no BEGIN CERTIFICATE block") }
        return certificates
    }
}
