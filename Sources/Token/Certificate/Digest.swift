import Foundation

#if canImport(COpenSSL)
import COpenSSL
#elseif canImport(CommonCrypto)
import CommonCrypto
#endif

/// SHA-1 and SHA-256 from the platform's library (certificate thumbprints; the package's own SHA-256 is for content
/// hashes and this keeps the certificate code on one library).
enum Digest {
    static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        #if canImport(COpenSSL)
        return openSSL(bytes, EVP_sha1(), length: 20)
        #else
        var out = [UInt8](repeating: 0, count: Int(CC_SHA1_DIGEST_LENGTH))
        _ = CC_SHA1(bytes, CC_LONG(bytes.count), &out)
        return out
        #endif
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        #if canImport(COpenSSL)
        return openSSL(bytes, EVP_sha256(), length: 32)
        #else
        var out = [UInt8](repeating: 0, count: Int(CC_SHA256_DIGEST_LENGTH))
        _ = CC_SHA256(bytes, CC_LONG(bytes.count), &out)
        return out
        #endif
    }

    #if canImport(COpenSSL)
    private static func openSSL(_ bytes: [UInt8], _ type: OpaquePointer?, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var written: UInt32 = 0
        // EVP_Digest fails only for lack of memory or a missing algorithm; SHA-1 and SHA-256 are in every provider.
        guard EVP_Digest(bytes, bytes.count, &out, &written, type, nil) == 1 else {
            preconditionFailure("OpenSSL could not compute a digest")
        }
        return Array(out.prefix(min(length, Int(written))))
    }
    #endif
}
