import Foundation

/// What provision needs of an X.509 certificate, read once from its DER encoding: who it names, when it is valid,
/// and its thumbprints (over the DER, as Entra computes them).
package struct X509Certificate: Sendable, Equatable {
    /// The DER encoding (what `x5c` carries, base64).
    package let der: [UInt8]
    /// RFC 2253, e.g. "CN=provision,O=Contoso".
    package let subject: String
    package let notBefore: Date
    package let notAfter: Date
    package let sha1: [UInt8]
    package let sha256: [UInt8]

    init(der: [UInt8], subject: String, notBefore: Date, notAfter: Date) {
        self.der = der
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha1 = Digest.sha1(der)
        self.sha256 = Digest.sha256(der)
    }

    /// The SHA-1 thumbprint in upper-case hex without separators, as the Entra admin center shows it.
    package var thumbprint: String { sha1.map { String(format: "%02X", $0) }.joined() }

    /// The `x5t` header: base64url of the SHA-1 thumbprint.
    var x5t: String { Base64URL.encode(sha1) }

    /// The `x5t#S256` header: base64url of the SHA-256 thumbprint.
    var x5tS256: String { Base64URL.encode(sha256) }
}

/// base64url without padding (RFC 7515 §2), as JWTs use it.
enum Base64URL {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
