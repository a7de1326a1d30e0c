import Foundation

/// Why a certificate credential cannot be used. Messages name the file and say what to do; they never contain the
/// key, the password or an assertion.
///
/// `file` is how the caller names the file, e.g. "AZURE_CLIENT_CERTIFICATE_PATH /etc/provision/app.pem".
package enum CertificateError: Error, Sendable, Equatable, LocalizedError {
    /// Neither a PEM file with a certificate and a key nor a PKCS#12/PFX file; `reason` says what was found.
    case malformed(file: String, reason: String)
    /// The key (or the PFX) is encrypted and no password was given.
    case passwordRequired(file: String)
    case wrongPassword(file: String)
    /// A PFX protected with an algorithm OpenSSL 3 no longer enables by default (RC2, from older Windows exports).
    case unsupportedEncryption(file: String, detail: String)
    /// No certificate in the file belongs to the private key.
    case keyMismatch(file: String, subject: String, thumbprint: String)
    /// Not an RSA key of 2048 to 4096 bits; `kind` is e.g. "EC", "DSA" or "RSA 1024-bit".
    case unsupportedKey(file: String, kind: String)
    case expired(file: String, subject: String, thumbprint: String, notAfter: Date)
    case notYetValid(file: String, subject: String, thumbprint: String, notBefore: Date)
    /// The platform library could not sign the assertion.
    case signingFailed(reason: String)

    /// RSA key sizes Entra accepts for certificate credentials (smaller keys are refused as weak).
    package static let keySizes = 2048...4096

    /// The file itself is unusable (unreadable, malformed, a password missing): a configuration problem, exit 78.
    /// Everything else is a problem of the credential in it: exit 77.
    package var isFileProblem: Bool {
        switch self {
        case .malformed, .passwordRequired, .unsupportedEncryption: true
        default: false
        }
    }

    package var errorDescription: String? {
        switch self {
        case .malformed(let file, let reason):
            return "\(file): \(reason). Give a PEM file holding the certificate and its private key (for example "
                + "cat client.crt client.key > client.pem), or a PKCS#12/PFX file and its password in "
                + "AZURE_CLIENT_CERTIFICATE_PASSWORD"
        case .passwordRequired(let file):
            return "\(file): the private key is encrypted and AZURE_CLIENT_CERTIFICATE_PASSWORD is not set: set it to "
                + "the key's password"
        case .wrongPassword(let file):
            return "\(file): AZURE_CLIENT_CERTIFICATE_PASSWORD does not decrypt it: check the password (it is the "
                + "one the key or the PFX was exported with)"
        case .unsupportedEncryption(let file, let detail):
            return "\(file): it is encrypted with an algorithm OpenSSL 3 does not enable by default (\(detail)), as "
                + "PFX files exported by older Windows versions are. Convert it once: openssl pkcs12 -legacy -in "
                + "OLD.pfx -nodes -out client.pem, then chmod 600 client.pem and use that file"
        case .keyMismatch(let file, let subject, let thumbprint):
            return "\(file): the private key does not belong to the certificate \(subject) (thumbprint "
                + "\(thumbprint)): put the certificate in the file together with the key it was issued for"
        case .unsupportedKey(let file, let kind):
            return
                "\(file): the key is \(Self.article(kind)) \(kind) key; Microsoft Entra certificate credentials need "
                + "an RSA key of 2048 to 4096 bits. Make a new certificate, e.g. openssl req -x509 -newkey rsa:2048 "
                + "-sha256 -days 365 -nodes -keyout client.key -out client.crt -subj /CN=provision, and upload "
                + "client.crt to the app registration"
        case .expired(let file, let subject, let thumbprint, let notAfter):
            return "\(file): the certificate \(subject) (thumbprint \(thumbprint)) expired on "
                + "\(Self.format(notAfter)): create a new certificate, upload it to the app registration "
                + "(Certificates & secrets > Certificates) and point provision at the new file"
        case .notYetValid(let file, let subject, let thumbprint, let notBefore):
            return "\(file): the certificate \(subject) (thumbprint \(thumbprint)) is not valid before "
                + "\(Self.format(notBefore)): check this machine's clock (timedatectl), or wait until then"
        case .signingFailed(let reason):
            return "the client assertion could not be signed with the certificate's key: \(reason)"
        }
    }

    /// ISO 8601 in UTC, e.g. 2025-03-01T00:00:00Z.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    private static func article(_ word: String) -> String {
        guard let first = word.first?.uppercased() else { return "a" }
        // "an EC", "an RSA", "an Ed25519", but "a DSA".
        return ["A", "E", "I", "O", "R", "X"].contains(first) ? "an" : "a"
    }
}
