import Foundation

/// Takes a PKCS#8 PrivateKeyInfo (RFC 5208) apart: its algorithm and the key inside. The Security framework reads
/// PKCS#1 RSA keys but not PKCS#8, so macOS needs this; it is plain DER parsing (no cryptography), compiled and
/// tested everywhere.
enum PKCS8 {
    static let rsaEncryption = "1.2.840.113549.1.1.1"
    /// Names of the algorithms people try instead of RSA, for the message.
    static let algorithmNames = [
        "1.2.840.10045.2.1": "EC", "1.2.840.10040.4.1": "DSA", "1.3.101.112": "ED25519", "1.3.101.113": "ED448",
        "1.2.840.113549.1.1.10": "RSA-PSS",
    ]

    /// `PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm AlgorithmIdentifier, privateKey OCTET STRING, … }`:
    /// the algorithm's OID in dotted form and the contents of `privateKey` (for RSA, a PKCS#1 RSAPrivateKey).
    static func unwrap(_ der: [UInt8]) -> (algorithm: String, key: [UInt8])? {
        var outer = DERReader(der[...])
        guard let info = outer.read(tag: 0x30), outer.isAtEnd else { return nil }
        var fields = DERReader(info)
        guard fields.read(tag: 0x02) != nil, let identifier = fields.read(tag: 0x30),
            let key = fields.read(tag: 0x04)
        else { return nil }
        var algorithm = DERReader(identifier)
        guard let oid = algorithm.read(tag: 0x06), let dotted = DERReader.objectIdentifier(oid) else { return nil }
        return (dotted, Array(key))
    }
}

/// Just enough DER (X.690) for PKCS#8: definite lengths, one element at a time.
struct DERReader {
    private var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

    var isAtEnd: Bool { rest.isEmpty }

    /// The contents of the next element when its tag is `tag`; nil (consuming nothing) otherwise or when malformed.
    mutating func read(tag: UInt8) -> ArraySlice<UInt8>? {
        var cursor = rest
        guard let found = cursor.popFirst(), found == tag, let first = cursor.popFirst() else { return nil }
        var length = Int(first)
        if first & 0x80 != 0 {
            let count = Int(first & 0x7f)
            guard (1...4).contains(count), cursor.count >= count else { return nil }
            length = cursor.prefix(count).reduce(0) { $0 << 8 | Int($1) }
            cursor = cursor.dropFirst(count)
        }
        guard length <= cursor.count else { return nil }
        let contents = cursor.prefix(length)
        rest = cursor.dropFirst(length)
        return contents
    }

    /// "1.2.840.113549.1.1.1" from an OBJECT IDENTIFIER's contents.
    static func objectIdentifier(_ contents: ArraySlice<UInt8>) -> String? {
        guard let first = contents.first else { return nil }
        var parts = [Int(first) / 40, Int(first) % 40]
        var value = 0
        for byte in contents.dropFirst() {
            guard value < Int.max >> 7 else { return nil }
            value = value << 7 | Int(byte & 0x7f)
            if byte & 0x80 == 0 {
                parts.append(value)
                value = 0
            }
        }
        guard contents.last.map({ $0 & 0x80 == 0 }) == true else { return nil }
        return parts.map(String.init).joined(separator: ".")
    }
}
