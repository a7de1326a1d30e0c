/// Strict UTF-8 validation that says where the first bad sequence starts (the standard library only says whether).
package enum UTF8Validation {
    /// Index of the lead byte of the first invalid or truncated sequence, or nil when `bytes` is valid UTF-8.
    /// Rejects overlong forms, surrogates (ED A0...BF) and code points above U+10FFFF, as `String(validating:)` does.
    static func firstInvalidIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return nil }
        var index = 0
        while index < count {
            // Fast path: eight ASCII bytes at a time.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let (length, low, high) = sequence(lead: lead) else { return index }
            guard index + length <= count else { return index }
            let second = base[index + 1]
            guard second >= low && second <= high else { return index }
            for offset in 2..<max(2, length) where base[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    /// A sequence's length and the range its second byte must be in, from its lead byte; nil for a byte that cannot
    /// lead (a continuation byte, C0, C1, F5 and above). The ranges exclude overlong forms, surrogates and code points
    /// above U+10FFFF; every later byte is a continuation byte (80...BF).
    package static func sequence(lead: UInt8) -> (length: Int, low: UInt8, high: UInt8)? {
        switch lead {
        case 0xC2...0xDF: (2, 0x80, 0xBF)
        case 0xE0: (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
        case 0xED: (3, 0x80, 0x9F)
        case 0xF0: (4, 0x90, 0xBF)
        case 0xF1...0xF3: (4, 0x80, 0xBF)
        case 0xF4: (4, 0x80, 0x8F)
        default: nil
        }
    }
}
