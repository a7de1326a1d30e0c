import Foundation

/// Searches output for secrets the way an attacker reading it would: as it is, percent-decoded, JSON-unescaped, and
/// every run of base64 or base64url characters decoded from each of its first four characters (any byte alignment),
/// then those decoded bytes percent-decoded and JSON-unescaped too. Written plainly and independently of the
/// redactor, as the tests' oracle.
package enum LeakChecker {
    /// The secrets (or their `probe`-long middles, which catch a partial echo) found in `output`.
    package static func leaks(of secrets: [String], in output: String, probe: Int = 12) -> [String] {
        let texts = readings(of: Array(output.utf8))
        return secrets.filter { secret in
            let bytes = Array(secret.utf8)
            let middle =
                bytes.count > probe ? Array(bytes[(bytes.count - probe) / 2..<(bytes.count + probe) / 2]) : bytes
            return texts.contains { contains($0, bytes) || contains($0, middle) }
        }
    }

    /// Every reading of `bytes` described above.
    static func readings(of bytes: [UInt8]) -> [[UInt8]] {
        var result = views(bytes)
        for run in base64Runs(bytes) {
            for offset in 0..<min(4, run.count) {
                result += views(decodeBase64(Array(run.dropFirst(offset))))
            }
        }
        return result
    }

    private static func views(_ bytes: [UInt8]) -> [[UInt8]] {
        let json = jsonUnescaped(bytes)
        return [
            bytes, percentDecoded(bytes, plus: false), percentDecoded(bytes, plus: true), json,
            percentDecoded(json, plus: false), percentDecoded(json, plus: true),
        ]
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || [0x2B, 0x2F, 0x2D, 0x5F].contains(byte)
    }

    private static func base64Runs(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var runs: [ArraySlice<UInt8>] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if isBase64(byte) {
                if start == nil { start = index }
            } else if let first = start {
                if index - first >= 8 { runs.append(bytes[first..<index]) }
                start = nil
            }
        }
        if let first = start, bytes.count - first >= 8 { runs.append(bytes[first...]) }
        return runs
    }

    private static func decodeBase64(_ characters: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in characters {
            let value: Int
            if character == 0x2D {
                value = 62
            } else if character == 0x5F {
                value = 63
            } else if let index = alphabet.firstIndex(of: character) {
                value = index
            } else {
                continue
            }
            buffer = (buffer << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        return output
    }

    private static func percentDecoded(_ bytes: [UInt8], plus: Bool) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                output.append(value)
                index += 3
            } else {
                output.append(plus && bytes[index] == 0x2B ? 0x20 : bytes[index])
                index += 1
            }
        }
        return output
    }

    private static func jsonUnescaped(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x5C, index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == 0x75, index + 5 < bytes.count,
                let value = UInt32(String(decoding: bytes[index + 2...index + 5], as: UTF8.self), radix: 16)
            {
                output += Array(String(Character(Unicode.Scalar(value) ?? "?")).utf8)
                index += 6
            } else {
                output.append(next)
                index += 2
            }
        }
        return output
    }
}
