import Foundation

#if canImport(COpenSSL)
import COpenSSL
#elseif canImport(Security)
import Security
#endif

/// A private key held by the platform's library (an OpenSSL `EVP_PKEY`, or a Security `SecKey`), used only to sign.
///
/// Printing it shows its kind, never the key: see `description` and `customMirror`.
final class PrivateKey: @unchecked Sendable, CustomStringConvertible, CustomReflectable {
    // @unchecked Sendable: the key is set once in init and never changed; signing only reads it, through a fresh
    // context per signature (EVP_MD_CTX; SecKeyCreateSignature takes no shared state). OpenSSL 3 documents such
    // read-only use of an EVP_PKEY from several threads as safe (openssl-threads(7)), and SecKey is thread-safe.

    /// "RSA" with its size, or the algorithm's name for anything else ("EC", "DSA", "ED25519").
    enum Kind: Sendable, Equatable, CustomStringConvertible {
        case rsa(bits: Int)
        case other(String)

        var description: String {
            switch self {
            case .rsa(let bits): "RSA \(bits)-bit"
            case .other(let name): name
            }
        }
    }

    #if canImport(COpenSSL)
    /// Owned: freed in deinit.
    let key: OpaquePointer

    /// Takes ownership of `key`.
    init(taking key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }
    #elseif canImport(Security)
    let key: SecKey

    init(_ key: SecKey) { self.key = key }
    #endif

    var description: String { "\(kind) private key" }

    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
