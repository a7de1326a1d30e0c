#if canImport(COpenSSL)
import COpenSSL
import Foundation

extension PrivateKey {
    var kind: Kind {
        if EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA { return .rsa(bits: Int(EVP_PKEY_get_bits(key))) }
        // RSA-PSS keys are RSA keys restricted to PSS: they cannot make the RS256 signature Entra verifies.
        if EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA_PSS { return .other("RSA-PSS") }
        guard let name = EVP_PKEY_get0_type_name(key) else { return .other("unknown") }
        return .other(String(cString: name))
    }

    /// Whether `certificateDER` holds this key's public half.
    func matches(certificateDER der: [UInt8]) -> Bool {
        guard let certificate = OpenSSLX509.parse(der: der) else { return false }
        defer { X509_free(certificate) }
        guard let publicKey = X509_get0_pubkey(certificate) else { return false }
        return EVP_PKEY_eq(publicKey, key) == 1
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 (JWS "RS256") over `message`.
    func signRS256(_ message: [UInt8]) throws(CertificateError) -> [UInt8] {
        ERR_clear_error()
        guard let context = EVP_MD_CTX_new() else { throw .signingFailed(reason: OpenSSLErrors.drain()) }
        defer { EVP_MD_CTX_free(context) }
        // The default padding of an RSA key is PKCS#1 v1.5, which is what RS256 is.
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            throw .signingFailed(reason: OpenSSLErrors.drain())
        }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, message, message.count) == 1, length > 0 else {
            throw .signingFailed(reason: OpenSSLErrors.drain())
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
            throw .signingFailed(reason: OpenSSLErrors.drain())
        }
        return Array(signature.prefix(length))
    }
}

/// OpenSSL's thread-local error queue, turned into text for a message.
enum OpenSSLErrors {
    /// Every queued error's reason, oldest first, joined; the queue is left empty.
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                reasons.append("error \(String(code, radix: 16))")
            }
        }
        return reasons.isEmpty ? "no detail from OpenSSL" : reasons.joined(separator: "; ")
    }
}
#endif
