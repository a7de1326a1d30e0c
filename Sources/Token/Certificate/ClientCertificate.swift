import Foundation

/// A certificate credential ready to sign client assertions: the app registration's certificate, its private key,
/// and the certificates issued above it (sent as `x5c` when asked, for subject name + issuer authentication).
///
/// `load` refuses what Entra would refuse anyway, before any request: a key that does not belong to the certificate,
/// a key other than RSA 2048–4096, a certificate outside its validity. Printing one shows the certificate, never the
/// key or the password.
package struct ClientCertificate: Sendable, CustomStringConvertible, CustomReflectable {
    /// The certificate whose key signs (the one registered on the app).
    package let certificate: X509Certificate
    /// The other certificates of the file, in file order (issuers, for `x5c`).
    package let chain: [X509Certificate]
    /// Whether the assertion carries `x5c` (AZURE_CLIENT_SEND_CERTIFICATE_CHAIN).
    package let sendsChain: Bool
    /// How the file was named by the user, for messages.
    package let file: String
    let key: PrivateKey
    /// Kept only so that it is scrubbed from anything a server echoes (`Credential.secrets`).
    let password: String?

    /// A certificate this close to its expiry gets a warning (`provision check`, `config show`).
    package static let warningDays = 30

    /// Opens `contents` (PEM or PKCS#12/PFX) and checks it against the clock `now`.
    package static func load(
        contents: Data, password: String?, sendsChain: Bool, file: String, now: Date = Date()
    ) throws(CertificateError) -> ClientCertificate {
        let opened = try CertificateFile.open(contents, password: password, file: file)
        // The certificate is the one holding the key's public half; in a PEM it need not come first.
        guard let index = opened.certificates.firstIndex(where: { opened.key.matches(certificateDER: $0.der) }) else {
            let first = opened.certificates[0]
            throw .keyMismatch(file: file, subject: first.subject, thumbprint: first.thumbprint)
        }
        switch opened.key.kind {
        case .rsa(let bits) where CertificateError.keySizes.contains(bits):
            break
        case let kind:
            throw .unsupportedKey(file: file, kind: kind.description)
        }
        let certificate = opened.certificates[index]
        var chain = opened.certificates
        chain.remove(at: index)
        if now < certificate.notBefore {
            throw .notYetValid(
                file: file, subject: certificate.subject, thumbprint: certificate.thumbprint,
                notBefore: certificate.notBefore)
        }
        if now >= certificate.notAfter {
            throw .expired(
                file: file, subject: certificate.subject, thumbprint: certificate.thumbprint,
                notAfter: certificate.notAfter)
        }
        return ClientCertificate(
            certificate: certificate, chain: chain, sendsChain: sendsChain, file: file, key: opened.key,
            password: password.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Whole days from `now` until the certificate expires (0 on its last day).
    package func daysUntilExpiry(now: Date = Date()) -> Int {
        max(0, Int(certificate.notAfter.timeIntervalSince(now) / 86_400))
    }

    /// "Expires in N days" when N is at most `warningDays`; nil otherwise.
    package func expiryWarning(now: Date = Date()) -> String? {
        let days = daysUntilExpiry(now: now)
        guard days <= Self.warningDays else { return nil }
        let when = days == 0 ? "today" : days == 1 ? "in 1 day" : "in \(days) days"
        return "the certificate \(certificate.subject) (thumbprint \(certificate.thumbprint)) expires \(when), on "
            + "\(CertificateError.format(certificate.notAfter)): create its successor now, upload it to the app "
            + "registration next to this one, and switch provision to it before then"
    }

    /// "subject S, thumbprint T, expires D (in N days)".
    package func summary(now: Date = Date()) -> String {
        "subject \(certificate.subject), thumbprint \(certificate.thumbprint), expires "
            + "\(CertificateError.format(certificate.notAfter)) (in \(daysUntilExpiry(now: now)) days)"
    }

    package var description: String {
        "certificate \(certificate.subject), thumbprint \(certificate.thumbprint), \(key.kind)"
    }

    /// No children: reflection stops here instead of reaching the key or the password.
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
