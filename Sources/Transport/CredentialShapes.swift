/// Credentials recognised by their shape, whatever secrets are registered: each scan is one forward pass over the
/// bytes with no backtracking (a run is measured once and then skipped), so a hostile text costs time linear in its
/// length. Ranges are reported to `found`.
enum CredentialShapes {
    /// The token after `Bearer` (any case) and whitespace: 16 or more RFC 6750 `b64token` characters and any `=`.
    /// Short words (`Bearer realm=…` in WWW-Authenticate) stay.
    static func bearerTokens(_ bytes: [UInt8], _ found: (Range<Int>) -> Void) {
        var index = 0
        while index + 6 <= bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "b"), matchesIgnoringCase(bytes, at: index, bearer) else {
                index += 1
                continue
            }
            var start = index + 6
            let spaces = start
            while start < bytes.count, isSpace(bytes[start]) { start += 1 }
            var end = start
            while end < bytes.count, isB64Token(bytes[end]) { end += 1 }
            guard start > spaces, end - start >= 16 else {
                index = max(index + 1, start)
                continue
            }
            while end < bytes.count, bytes[end] == UInt8(ascii: "=") { end += 1 }
            found(start..<end)
            index = end
        }
    }

    /// `X-IDENTITY-HEADER:` (any case) and a value: the managed-identity header line, whoever's value it holds.
    static func identityHeaderLines(_ bytes: [UInt8], _ found: (Range<Int>) -> Void) {
        let name = identityHeader
        var index = 0
        while index + name.count < bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "x"), matchesIgnoringCase(bytes, at: index, name) else {
                index += 1
                continue
            }
            var end = index + name.count
            while end < bytes.count, isSpace(bytes[end]) { end += 1 }
            let value = end
            while end < bytes.count, bytes[end] > 0x20 { end += 1 }
            if end > value { found(index..<end) }
            index = end
        }
    }

    /// Whether `bytes` hold the start of a shape (`bearer`, `x-identity-header:` in any case, `eyJ`): one pass
    /// that spares the scans above on bytes that cannot hold one.
    static func mayHoldShape(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 3 <= bytes.count {
            switch bytes[index] | 0x20 {
            case UInt8(ascii: "b") where matchesIgnoringCase(bytes, at: index, bearer): return true
            case UInt8(ascii: "x") where matchesIgnoringCase(bytes, at: index, identityHeader): return true
            case UInt8(ascii: "e")
            where bytes[index] == UInt8(ascii: "e") && bytes[index + 1] == UInt8(ascii: "y")
                && bytes[index + 2] == UInt8(ascii: "J"):
                return true
            default: break
            }
            index += 1
        }
        return false
    }

    /// Runs of JWT segments: `eyJ` (base64url of `{"`, a JOSE header) and two or more `.segment` after it; and three
    /// or more consecutive segments of 16 or more base64url characters (an opaque token of the same shape). A chain
    /// is a maximal run of segment characters and dots.
    static func dottedTokens(_ bytes: [UInt8], _ found: (Range<Int>) -> Void) {
        var index = 0
        while index < bytes.count {
            guard isSegment(bytes[index]) || bytes[index] == UInt8(ascii: ".") else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isSegment(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            chain(bytes, index..<end, found)
            index = end
        }
    }

    private static func chain(_ bytes: [UInt8], _ chain: Range<Int>, _ found: (Range<Int>) -> Void) {
        var dots = 0
        for index in chain where bytes[index] == UInt8(ascii: ".") { dots += 1 }
        guard dots >= 2 else { return }
        // The first `eyJ` with two dots still after it: from there to the end of the chain.
        var dotsSeen = 0
        var index = chain.lowerBound
        while index + 3 <= chain.upperBound, dots - dotsSeen >= 2 {
            if bytes[index] == UInt8(ascii: ".") {
                dotsSeen += 1
            } else if bytes[index] == UInt8(ascii: "e"), bytes[index + 1] == UInt8(ascii: "y"),
                bytes[index + 2] == UInt8(ascii: "J")
            {
                found(index..<chain.upperBound)
                break
            }
            index += 1
        }
        // Groups of three or more consecutive long segments.
        var groupStart = -1
        var groupCount = 0
        var groupEnd = 0
        var segmentStart = chain.lowerBound
        for index in chain.lowerBound...chain.upperBound {
            guard index == chain.upperBound || bytes[index] == UInt8(ascii: ".") else { continue }
            if index - segmentStart >= 16 {
                if groupCount == 0 { groupStart = segmentStart }
                groupCount += 1
                groupEnd = index
            } else {
                if groupCount >= 3 { found(groupStart..<groupEnd) }
                groupCount = 0
            }
            segmentStart = index + 1
        }
        if groupCount >= 3 { found(groupStart..<groupEnd) }
    }

    /// Maximal runs of base64 or base64url characters (and their `=` padding) at least `minimumLength` long whose
    /// decoding, from any of the four character offsets, `matches`: a secret encoded together with other text sits
    /// at any byte alignment, and a run may start before the encoded text does.
    static func base64Runs(
        _ bytes: [UInt8], minimumLength: Int, matches: ([UInt8]) -> Bool, _ found: (Range<Int>) -> Void
    ) {
        var index = 0
        var decoded: [UInt8] = []
        while index < bytes.count {
            guard base64Value(bytes[index]) != nil else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, base64Value(bytes[end]) != nil { end += 1 }
            let run = index..<end
            while end < bytes.count, bytes[end] == UInt8(ascii: "=") { end += 1 }
            if run.count >= minimumLength {
                for offset in 0..<4 where run.count - offset >= minimumLength {
                    decode(bytes, (run.lowerBound + offset)..<run.upperBound, into: &decoded)
                    if matches(decoded) {
                        found(index..<end)
                        break
                    }
                }
            }
            index = end
        }
    }

    private static func decode(_ bytes: [UInt8], _ range: Range<Int>, into decoded: inout [UInt8]) {
        decoded.removeAll(keepingCapacity: true)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in range {
            accumulator = accumulator << 6 | UInt32(base64Value(bytes[index]) ?? 0)
            bits += 6
            if bits >= 8 {
                bits -= 8
                decoded.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
    }

    /// The 6-bit value of a base64 or base64url character.
    static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }

    private static let bearer = Array("bearer".utf8)
    private static let identityHeader = Array("x-identity-header:".utf8)

    private static func matchesIgnoringCase(_ bytes: [UInt8], at index: Int, _ lowercase: [UInt8]) -> Bool {
        guard index + lowercase.count <= bytes.count else { return false }
        var offset = 0
        while offset < lowercase.count {
            let byte = bytes[index + offset]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != lowercase[offset] { return false }
            offset += 1
        }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func isSegment(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    private static func isB64Token(_ byte: UInt8) -> Bool {
        isSegment(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "/")
    }
}
