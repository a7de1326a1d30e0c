#if !canImport(COpenSSL) && canImport(Security)
import Foundation
import Security

// macOS: the Security framework. This project's CI is Linux; this file is not compiled there (see the report).
extension PrivateKey {
    var kind: Kind {
        let attributes = SecKeyCopyAttributes(key) as? [CFString: Any] ?? [:]
        let type = attributes[kSecAttrKeyType] as? String
        let bits = (attributes[kSecAttrKeySizeInBits] as? NSNumber)?.intValue ?? 0
        if type == (kSecAttrKeyTypeRSA as String) { return .rsa(bits: bits) }
        if type == (kSecAttrKeyTypeECSECPrimeRandom as String) { return .other("EC") }
        return .other(type ?? "unknown")
    }

    /// Whether the certificate `der` holds this key's public half (same external representation).
    func matches(certificateDER der: [UInt8]) -> Bool {
        guard let certificate = SecCertificateCreateWithData(nil, Data(der) as CFData),
            let certificateKey = SecCertificateCopyKey(certificate), let publicKey = SecKeyCopyPublicKey(key),
            let mine = SecKeyCopyExternalRepresentation(publicKey, nil),
            let theirs = SecKeyCopyExternalRepresentation(certificateKey, nil)
        else { return false }
        return (mine as Data) == (theirs as Data)
    }

    func signRS256(_ message: [UInt8]) throws(CertificateError) -> [UInt8] {
        var error: Unmanaged<CFError>?
        guard
            let signature = SecKeyCreateSignature(
                key, .rsaSignatureMessagePKCS1v15SHA256, Data(message) as CFData, &error)
        else {
            let reason = error.map { CFErrorCopyDescription($0.takeRetainedValue()) as String } ?? "unknown error"
            throw .signingFailed(reason: reason)
        }
        return Array(signature as Data)
    }
}
#endif
