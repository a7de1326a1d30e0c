import Foundation

#if canImport(COpenSSL)
import COpenSSL
#elseif canImport(Security)
import CommonCrypto
import Security
#endif

/// The platform library's X.509 parsing, digests and RSA signature checks, for the emulator's token endpoint (the
/// emulator is independent of the client, so it does not share the client's wrappers).
enum CertificateVerifier {
    /// JWS algorithms a certificate assertion may use: RSASSA-PKCS1-v1_5 and RSASSA-PSS, both with SHA-256.
    enum Algorithm: String, Sendable {
        case rs256 = "RS256"
        case ps256 = "PS256"
    }

    #if canImport(COpenSSL)
    static func isCertificate(_ der: [UInt8]) -> Bool {
        guard let x509 = parse(der) else { return false }
        X509_free(x509)
        return true
    }

    static func sha1(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha1()) }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha256()) }

    /// Whether `signature` over `input` verifies with the public key of the certificate `der`.
    static func verify(_ algorithm: Algorithm, input: [UInt8], signature: [UInt8], certificate der: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        guard let x509 = parse(der) else { return false }
        defer { X509_free(x509) }
        guard let key = X509_get0_pubkey(x509), EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA,
            let context = EVP_MD_CTX_new()
        else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, key) == 1 else { return false }
        if algorithm == .ps256 {
            // RFC 7518 §3.5: PSS with MGF1-SHA-256 and a salt as long as the hash.
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) == 1
            else { return false }
        }
        return EVP_DigestVerify(context, signature, signature.count, input, input.count) == 1
    }

    private static func parse(_ der: [UInt8]) -> OpaquePointer? {
        der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
    }

    private static func digest(_ bytes: [UInt8], _ type: OpaquePointer?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(bytes, bytes.count, &out, &length, type, nil) == 1 else { return [] }
        return Array(out.prefix(Int(length)))
    }
    #elseif canImport(Security)
    // macOS: the Security framework. Not compiled by this project's Linux CI.
    static func isCertificate(_ der: [UInt8]) -> Bool {
        SecCertificateCreateWithData(nil, Data(der) as CFData) != nil
    }

    static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(CC_SHA1_DIGEST_LENGTH))
        _ = CC_SHA1(bytes, CC_LONG(bytes.count), &out)
        return out
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(CC_SHA256_DIGEST_LENGTH))
        _ = CC_SHA256(bytes, CC_LONG(bytes.count), &out)
        return out
    }

    static func verify(_ algorithm: Algorithm, input: [UInt8], signature: [UInt8], certificate der: [UInt8]) -> Bool {
        guard let certificate = SecCertificateCreateWithData(nil, Data(der) as CFData),
            let key = SecCertificateCopyKey(certificate)
        else { return false }
        let method: SecKeyAlgorithm =
            algorithm == .rs256 ? .rsaSignatureMessagePKCS1v15SHA256 : .rsaSignatureMessagePSSSHA256
        return SecKeyVerifySignature(key, method, Data(input) as CFData, Data(signature) as CFData, nil)
    }
    #endif
}
