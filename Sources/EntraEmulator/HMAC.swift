import Foundation
import Hashing

/// HMAC-SHA256 (RFC 2104) over the package's SHA-256, only to sign the emulator's own tokens (Foundation on Linux has
/// no CryptoKit and the package takes no dependencies). Hashing is shared infrastructure, not client logic.
enum HMAC {
    static func sha256(_ message: [UInt8]) -> [UInt8] {
        var hasher = Hashing.SHA256()
        hasher.update(message)
        return hasher.finalize()
    }

    static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? sha256(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sha256(block.map { $0 ^ 0x36 } + message)
        return sha256(block.map { $0 ^ 0x5c } + inner)
    }
}

/// base64url without padding (RFC 7515 §2), as used by JWTs.
enum URLSafeBase64 {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
