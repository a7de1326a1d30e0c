import Foundation

/// What a certificate file holds once opened: a private key and the certificates next to it.
struct CertificateFile {
    let key: PrivateKey
    /// In file order. For a PFX, the certificate PKCS#12 pairs with the key comes first.
    let certificates: [X509Certificate]

    /// Opens a PEM file (certificates and one private key, PKCS#8, PKCS#1 or encrypted PKCS#8) or a PKCS#12/PFX
    /// file. `file` names it in messages.
    static func open(_ contents: Data, password: String?, file: String) throws(CertificateError) -> CertificateFile {
        let password = password.flatMap { $0.isEmpty ? nil : $0 }
        if PEMDocument.isPEM(contents) {
            let text = String(decoding: contents, as: UTF8.self)
            let document: PEMDocument
            do {
                document = try PEMDocument.parse(text)
            } catch {
                throw .malformed(file: file, reason: "line \(error.line): \(error.message)")
            }
            return try openPEM(document, password: password, file: file)
        }
        // PKCS#12 is DER: an ASN.1 SEQUENCE.
        guard contents.first == 0x30 else {
            throw .malformed(file: file, reason: "it is neither PEM text nor a PKCS#12/PFX file")
        }
        return try openPKCS12(Array(contents), password: password, file: file)
    }

    private static func openPEM(_ document: PEMDocument, password: String?, file: String)
        throws(CertificateError) -> CertificateFile
    {
        let keys = document.blocks.filter(\.isPrivateKey)
        guard let keyBlock = keys.first else {
            throw .malformed(file: file, reason: "it holds no private key (no BEGIN PRIVATE KEY block)")
        }
        guard keys.count == 1 else {
            throw .malformed(
                file: file,
                reason: "it holds \(keys.count) private keys (lines "
                    + keys.map { String($0.line) }.joined(separator: ", ") + "); keep only the certificate's key")
        }
        var certificates: [X509Certificate] = []
        for block in document.blocks where block.label == "CERTIFICATE" {
            guard let certificate = certificate(der: block.der) else {
                throw .malformed(
                    file: file, reason: "line \(block.line): the CERTIFICATE block is not an X.509 certificate")
            }
            certificates.append(certificate)
        }
        guard !certificates.isEmpty else {
            throw .malformed(
                file: file, reason: "it holds a private key but no certificate (no BEGIN CERTIFICATE block)")
        }
        let key = try privateKey(keyBlock, password: password, file: file)
        return CertificateFile(key: key, certificates: certificates)
    }
}
