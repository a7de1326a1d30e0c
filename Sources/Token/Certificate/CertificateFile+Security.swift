#if !canImport(COpenSSL) && canImport(Security)
import Foundation
import Security

// macOS: the Security framework. This project's CI is Linux; this file is not compiled there (see the report).
extension CertificateFile {
    static func certificate(der: [UInt8]) -> X509Certificate? {
        guard let certificate = SecCertificateCreateWithData(nil, Data(der) as CFData) else { return nil }
        return SecurityX509.certificate(certificate)
    }

    /// PKCS#1 and PKCS#8 keys are handed to SecKeyCreateWithData (PKCS#8 unwrapped first); an encrypted PKCS#8 key
    /// goes through SecItemImport with the password. Legacy encrypted PKCS#1 (Proc-Type) is not read here.
    static func privateKey(_ block: PEMDocument.Block, password: String?, file: String)
        throws(CertificateError) -> PrivateKey
    {
        switch block.label {
        case "RSA PRIVATE KEY" where block.headers["Proc-Type"] == nil:
            return try rsaKey(block.der, file: file, line: block.line)
        case "PRIVATE KEY":
            guard let info = PKCS8.unwrap(block.der) else {
                throw .malformed(file: file, reason: "line \(block.line): the PRIVATE KEY block is not PKCS#8")
            }
            guard info.algorithm == PKCS8.rsaEncryption else {
                let name = PKCS8.algorithmNames[info.algorithm] ?? "\(info.algorithm) (not RSA)"
                throw .unsupportedKey(file: file, kind: name)
            }
            return try rsaKey(info.key, file: file, line: block.line)
        case "ENCRYPTED PRIVATE KEY":
            guard let password else { throw .passwordRequired(file: file) }
            return try importEncrypted(block.der, password: password, file: file)
        case "EC PRIVATE KEY":
            throw .unsupportedKey(file: file, kind: "EC")
        case "DSA PRIVATE KEY":
            throw .unsupportedKey(file: file, kind: "DSA")
        default:
            throw .malformed(
                file: file,
                reason: "line \(block.line): the \(block.label) block cannot be read on macOS (an "
                    + "encrypted PKCS#1 key?); convert it with openssl pkcs8 -topk8 -in OLD -out NEW")
        }
    }

    private static func rsaKey(_ pkcs1: [UInt8], file: String, line: Int) throws(CertificateError) -> PrivateKey {
        let attributes: [CFString: Any] = [
            kSecAttrKeyType: kSecAttrKeyTypeRSA, kSecAttrKeyClass: kSecAttrKeyClassPrivate,
        ]
        guard let key = SecKeyCreateWithData(Data(pkcs1) as CFData, attributes as CFDictionary, nil) else {
            throw .malformed(file: file, reason: "line \(line): the private key cannot be read")
        }
        return PrivateKey(key)
    }

    private static func importEncrypted(_ der: [UInt8], password: String, file: String)
        throws(CertificateError) -> PrivateKey
    {
        var format = SecExternalFormat.formatWrappedPKCS8
        var type = SecExternalItemType.itemTypePrivateKey
        var parameters = SecItemImportExportKeyParameters()
        parameters.version = UInt32(SEC_KEY_IMPORT_EXPORT_PARAMS_VERSION)
        // The parameters hold the passphrase unretained: it must outlive the call.
        let passphrase = password as CFString
        var items: CFArray?
        let status = withExtendedLifetime(passphrase) { () -> OSStatus in
            parameters.passphrase = Unmanaged.passUnretained(passphrase as AnyObject)
            return SecItemImport(Data(der) as CFData, nil, &format, &type, [], &parameters, nil, &items)
        }
        guard status == errSecSuccess, let key = (items as? [Any])?.first,
            CFGetTypeID(key as CFTypeRef) == SecKeyGetTypeID()
        else {
            throw status == errSecPassphraseRequired ? .passwordRequired(file: file) : .wrongPassword(file: file)
        }
        return PrivateKey(key as! SecKey)
    }

    static func openPKCS12(
        _ bytes: [UInt8], password: String?, file: String
    ) throws(CertificateError) -> CertificateFile {
        let options = [kSecImportExportPassphrase as String: password ?? ""] as CFDictionary
        var items: CFArray?
        let status = SecPKCS12Import(Data(bytes) as CFData, options, &items)
        if status == errSecAuthFailed || status == errSecPkcs12VerifyFailure {
            throw password == nil ? .passwordRequired(file: file) : .wrongPassword(file: file)
        }
        guard status == errSecSuccess, let first = (items as? [[String: Any]])?.first,
            let identityValue = first[kSecImportItemIdentity as String]
        else {
            throw .malformed(file: file, reason: "the PKCS#12/PFX file cannot be read (OSStatus \(status))")
        }
        let identity = identityValue as! SecIdentity
        var key: SecKey?
        var leaf: SecCertificate?
        guard SecIdentityCopyPrivateKey(identity, &key) == errSecSuccess, let key,
            SecIdentityCopyCertificate(identity, &leaf) == errSecSuccess, let leaf,
            let leafCertificate = SecurityX509.certificate(leaf)
        else {
            throw .malformed(file: file, reason: "the PKCS#12/PFX file holds no usable key and certificate")
        }
        let chain = (first[kSecImportItemCertChain as String] as? [SecCertificate] ?? [])
            .compactMap(SecurityX509.certificate)
            .filter { $0.der != leafCertificate.der }
        return CertificateFile(key: PrivateKey(key), certificates: [leafCertificate] + chain)
    }
}

/// Between the Security framework's `SecCertificate` and `X509Certificate`.
enum SecurityX509 {
    static func certificate(_ certificate: SecCertificate) -> X509Certificate? {
        let der = Array(SecCertificateCopyData(certificate) as Data)
        let keys =
            [kSecOIDX509V1SubjectName, kSecOIDX509V1ValidityNotBefore, kSecOIDX509V1ValidityNotAfter] as CFArray
        guard let values = SecCertificateCopyValues(certificate, keys, nil) as? [String: [String: Any]],
            let notBefore = date(values[kSecOIDX509V1ValidityNotBefore as String]),
            let notAfter = date(values[kSecOIDX509V1ValidityNotAfter as String])
        else { return nil }
        return X509Certificate(
            der: der, subject: subject(values[kSecOIDX509V1SubjectName as String], certificate),
            notBefore: notBefore, notAfter: notAfter)
    }

    /// Validity values are CFAbsoluteTime numbers (seconds since 2001-01-01).
    private static func date(_ property: [String: Any]?) -> Date? {
        (property?[kSecPropertyKeyValue as String] as? NSNumber).map {
            Date(timeIntervalSinceReferenceDate: $0.doubleValue)
        }
    }

    /// RFC 2253 order (last RDN first) from the subject's attribute list; the summary when it cannot be read.
    private static func subject(_ property: [String: Any]?, _ certificate: SecCertificate) -> String {
        let names = [
            "2.5.4.3": "CN", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST",
        ]
        let attributes = property?[kSecPropertyKeyValue as String] as? [[String: Any]] ?? []
        let parts = attributes.compactMap { attribute -> String? in
            guard let oid = attribute[kSecPropertyKeyLabel as String] as? String,
                let value = attribute[kSecPropertyKeyValue as String] as? String
            else { return nil }
            return "\(names[oid] ?? oid)=\(value)"
        }
        if !parts.isEmpty { return parts.reversed().joined(separator: ",") }
        return (SecCertificateCopySubjectSummary(certificate) as String?).map { "CN=\($0)" } ?? "(no subject)"
    }
}
#endif
