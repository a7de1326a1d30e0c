#if canImport(COpenSSL)
import COpenSSL
import Foundation

extension CertificateFile {
    static func certificate(der: [UInt8]) -> X509Certificate? {
        guard let x509 = OpenSSLX509.parse(der: der) else { return nil }
        defer { X509_free(x509) }
        return OpenSSLX509.certificate(x509)
    }

    /// Any PEM private key OpenSSL reads (PKCS#8, encrypted PKCS#8, PKCS#1 and its legacy encryption), never
    /// prompting: an encrypted key without a password fails.
    static func privateKey(_ block: PEMDocument.Block, password: String?, file: String)
        throws(CertificateError) -> PrivateKey
    {
        ERR_clear_error()
        let text = Array(block.text.utf8)
        let passwordBytes = Array((password ?? "").utf8)
        let (key, asked) = text.withUnsafeBufferPointer { textBuffer in
            passwordBytes.withUnsafeBufferPointer { passwordBuffer -> (OpaquePointer?, Bool) in
                guard let bio = BIO_new_mem_buf(textBuffer.baseAddress, Int32(textBuffer.count)) else {
                    return (nil, false)
                }
                defer { BIO_free(bio) }
                var request = provision_password(
                    bytes: passwordBuffer.baseAddress.map {
                        UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)
                    },
                    length: passwordBuffer.count, asked: 0)
                let key = provision_read_private_key(bio, &request)
                return (key, request.asked != 0)
            }
        }
        guard let key else {
            let detail = OpenSSLErrors.drain()
            if asked { throw password == nil ? .passwordRequired(file: file) : .wrongPassword(file: file) }
            throw .malformed(
                file: file, reason: "line \(block.line): the \(block.label) block cannot be read (\(detail))")
        }
        ERR_clear_error()
        return PrivateKey(taking: key)
    }

    /// A PKCS#12/PFX file: its MAC is checked first, so that a wrong password is told apart from a damaged file.
    static func openPKCS12(
        _ bytes: [UInt8], password: String?, file: String
    ) throws(CertificateError) -> CertificateFile {
        ERR_clear_error()
        let parsed = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let pkcs12 = parsed else {
            throw .malformed(
                file: file, reason: "it is neither PEM text nor a PKCS#12/PFX file (\(OpenSSLErrors.drain()))")
        }
        defer { PKCS12_free(pkcs12) }
        // An unprotected PFX has an empty (or absent) password; try that before asking for one.
        let candidates: [String?] = password.map { [$0] } ?? [nil, ""]
        if PKCS12_mac_present(pkcs12) == 1 {
            guard let working = candidates.first(where: { macVerifies(pkcs12, $0) }) else {
                ERR_clear_error()
                if let damage = damage(pkcs12, candidates: candidates, passwordGiven: password != nil) {
                    throw .malformed(file: file, reason: damage)
                }
                throw password == nil ? .passwordRequired(file: file) : .wrongPassword(file: file)
            }
            return try parse(pkcs12, password: working, file: file)
        }
        return try parse(pkcs12, password: password, file: file)
    }

    /// A MAC that fails every password means a wrong password or a damaged file. It is damage when the contents
    /// cannot be unpacked at all, or when the password at hand (or none) decrypts them: the file changed after it
    /// was made. Nil when only a password could tell.
    private static func damage(_ pkcs12: OpaquePointer, candidates: [String?], passwordGiven: Bool) -> String? {
        let parts = candidates.map { candidate -> Int32 in
            guard let candidate else { return provision_pkcs12_openable_parts(pkcs12, nil, 0) }
            return provision_pkcs12_openable_parts(pkcs12, candidate, Int32(candidate.utf8.count))
        }
        if parts.contains(-1) {
            return "the PKCS#12/PFX file is damaged: its contents cannot be unpacked (export it again)"
        }
        guard parts.contains(where: { $0 > 0 }) else { return nil }
        let opened = passwordGiven ? "the password decrypts its contents" : "its contents need no password"
        return "the PKCS#12/PFX file is damaged: its integrity check (MAC) fails although \(opened) (export it again)"
    }

    private static func macVerifies(_ pkcs12: OpaquePointer, _ password: String?) -> Bool {
        guard let password else { return PKCS12_verify_mac(pkcs12, nil, 0) == 1 }
        return PKCS12_verify_mac(pkcs12, password, Int32(password.utf8.count)) == 1
    }

    private static func parse(_ pkcs12: OpaquePointer, password: String?, file: String)
        throws(CertificateError) -> CertificateFile
    {
        var key: OpaquePointer?
        var leaf: OpaquePointer?
        var others: OpaquePointer?
        guard PKCS12_parse(pkcs12, password, &key, &leaf, &others) == 1 else {
            let detail = OpenSSLErrors.drain()
            if detail.contains("unsupported") { throw .unsupportedEncryption(file: file, detail: detail) }
            throw .malformed(file: file, reason: "the PKCS#12/PFX file cannot be read (\(detail))")
        }
        defer {
            if let leaf { X509_free(leaf) }
            if let others { provision_x509_stack_free(others) }
        }
        guard let key else {
            throw .malformed(file: file, reason: "the PKCS#12/PFX file holds no private key")
        }
        let privateKey = PrivateKey(taking: key)
        var certificates: [X509Certificate] = []
        if let leaf, let certificate = OpenSSLX509.certificate(leaf) { certificates.append(certificate) }
        if let others {
            for index in 0..<provision_x509_stack_count(others) {
                if let x509 = provision_x509_stack_at(others, index),
                    let certificate = OpenSSLX509.certificate(x509)
                {
                    certificates.append(certificate)
                }
            }
        }
        guard !certificates.isEmpty else {
            throw .malformed(file: file, reason: "the PKCS#12/PFX file holds a private key but no certificate")
        }
        return CertificateFile(key: privateKey, certificates: certificates)
    }
}
#endif
