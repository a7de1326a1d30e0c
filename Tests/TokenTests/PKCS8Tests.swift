import Foundation
import TestSupport
import Testing

@testable import Token

/// The DER reading macOS relies on (its Security framework takes PKCS#1 only), checked here against openssl's own
/// PKCS#1 form of the same key.
@Suite struct PKCS8Tests {
    static func block(_ file: String, _ label: String) throws -> PEMDocument.Block {
        let document = try PEMDocument.parse(try CertificateFixtures.text(file))
        return try #require(document.blocks.first { $0.label == label })
    }

    @Test func anRSAPrivateKeyInfoHoldsThePKCS1Key() throws {
        let pkcs8 = try Self.block("pkcs8.pem", "PRIVATE KEY")
        let pkcs1 = try Self.block("pkcs1.pem", "RSA PRIVATE KEY")
        let unwrapped = try #require(PKCS8.unwrap(pkcs8.der))
        #expect(unwrapped.algorithm == PKCS8.rsaEncryption)
        #expect(unwrapped.key == pkcs1.der)
    }

    @Test(arguments: [("ec.pem", "EC"), ("dsa.pem", "DSA")])
    func otherAlgorithmsAreNamed(file: String, name: String) throws {
        let unwrapped = try #require(PKCS8.unwrap(try Self.block(file, "PRIVATE KEY").der))
        #expect(PKCS8.algorithmNames[unwrapped.algorithm] == name)
    }

    @Test func truncatedOrForeignDERIsRejected() throws {
        let der = try Self.block("pkcs8.pem", "PRIVATE KEY").der
        #expect(PKCS8.unwrap(Array(der.dropLast())) == nil)
        #expect(PKCS8.unwrap(try Self.block("leaf.pem", "CERTIFICATE").der) == nil)
        #expect(PKCS8.unwrap([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]) == nil)
        #expect(PKCS8.unwrap([]) == nil)
    }

    @Test func pemBlocksKeepTheirLinesAndHeaders() throws {
        let text =
            "Bag Attributes\n-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n"
            + "DEK-Info: AES-256-CBC,00\r\n\r\nAAAA\r\n-----END RSA PRIVATE KEY-----\r\n"
        let block = try #require(try PEMDocument.parse(text).blocks.first)
        #expect(block.line == 2)
        #expect(block.headers["Proc-Type"] == "4,ENCRYPTED")
        #expect(block.der == [0, 0, 0])
    }
}
