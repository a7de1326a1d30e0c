import Foundation

/// The test-only keys and certificates in Tests/Fixtures/certificates (made by its make-certificates.sh with the
/// openssl command line), and what openssl itself says of the client certificate (fingerprints.txt).
package enum CertificateFixtures {
    package static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures/certificates")

    /// The password of encrypted.pem, bundle.pfx and legacy.pfx.
    package static var password: String { facts["password"]! }
    /// `openssl x509 -noout -subject -nameopt RFC2253` of leaf.pem.
    package static var subject: String { facts["subject"]! }
    /// `openssl x509 -noout -fingerprint -sha1` of leaf.pem, colons removed: the admin center's thumbprint.
    package static var sha1Hex: String { facts["sha1"]!.replacingOccurrences(of: ":", with: "") }
    package static var sha256Hex: String { facts["sha256"]!.replacingOccurrences(of: ":", with: "") }
    package static var otherSHA1Hex: String { facts["otherSha1"]!.replacingOccurrences(of: ":", with: "") }
    /// Every good certificate ends here (2124-01-01T00:00:00Z).
    package static let notAfter = Date(timeIntervalSince1970: 4_859_740_800)

    package static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    package static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    package static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    /// Copies `name` into `directory` with `mode` (git keeps no modes; provision refuses a key others can read).
    @discardableResult
    package static func install(_ name: String, in directory: URL, as target: String? = nil, mode: Int = 0o600)
        throws -> URL
    {
        let destination = directory.appendingPathComponent(target ?? name)
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.copyItem(at: url(name), to: destination)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: destination.path)
        return destination
    }

    /// The base64 lines of every private key block of `name`: what must never appear in any output.
    package static func keyLines(_ name: String) throws -> [String] {
        var inside = false
        var lines: [String] = []
        for line in try text(name).split(separator: "\n") {
            if line.hasPrefix("-----BEGIN") {
                inside = line.contains("PRIVATE KEY")
            } else if line.hasPrefix("-----END") {
                inside = false
            } else if inside, line.count > 20 {
                lines.append(String(line))
            }
        }
        return lines
    }

    /// Hex to bytes.
    package static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// base64url without padding.
    package static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    package static func base64URLDecode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    private static let facts: [String: String] = {
        let text = (try? String(contentsOf: url("fingerprints.txt"), encoding: .utf8)) ?? ""
        var facts: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            facts[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return facts
    }()
}
