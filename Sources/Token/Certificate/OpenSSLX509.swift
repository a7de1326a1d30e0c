#if canImport(COpenSSL)
import COpenSSL
import Foundation

/// Between OpenSSL's `X509*` and `X509Certificate`.
enum OpenSSLX509 {
    /// An `X509*` from DER; the caller frees it with `X509_free`.
    static func parse(der: [UInt8]) -> OpaquePointer? {
        der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
    }

    /// The certificate's DER, subject and validity; nil when OpenSSL cannot encode or date it.
    static func certificate(_ x509: OpaquePointer) -> X509Certificate? {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(x509, &cursor)
        }
        guard written == length else { return nil }
        var notBefore: Int64 = 0
        var notAfter: Int64 = 0
        guard provision_asn1_time_epoch(X509_get0_notBefore(x509), &notBefore) == 1,
            provision_asn1_time_epoch(X509_get0_notAfter(x509), &notAfter) == 1
        else { return nil }
        return X509Certificate(
            der: der, subject: subject(x509), notBefore: Date(timeIntervalSince1970: Double(notBefore)),
            notAfter: Date(timeIntervalSince1970: Double(notAfter)))
    }

    /// RFC 2253, UTF-8 unescaped; "(no subject)" when it cannot be printed.
    private static func subject(_ x509: OpaquePointer) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "(no subject)" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, X509_get_subject_name(x509), 0, provision_name_flags()) >= 0 else {
            return "(no subject)"
        }
        var contents: UnsafeMutablePointer<CChar>?
        let length = provision_bio_contents(bio, &contents)
        guard length > 0, let contents else { return "(no subject)" }
        let bytes = UnsafeRawBufferPointer(start: contents, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }
}
#endif
