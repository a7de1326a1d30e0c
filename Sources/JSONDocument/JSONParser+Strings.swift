import Foundation

/// Strings: the fast path without escapes, UTF-8 checked byte by byte, and the escapes.
extension JSONParser {
    /// A string, `index` at its opening quote. Its bytes are checked as they are read, so the text is valid UTF-8.
    mutating func parseString() throws(JSONParseError) -> String {
        let quote = index
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            try skipCharacter(byte)
        }
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(into: &text)
            default:
                let from = index
                try skipCharacter(byte)
                text.append(contentsOf: bytes[from..<index])
            }
        }
        index = quote
        throw fail("the string that starts here is never closed")
    }

    /// Moves past one unescaped character of a string that starts with `byte`, refusing what JSON does not allow.
    mutating func skipCharacter(_ byte: UInt8) throws(JSONParseError) {
        if byte < 0x20 { throw fail("a line break or control character inside a string must be escaped (\\n, \\t)") }
        guard byte >= 0x80 else {
            index += 1
            return
        }
        let length = utf8SequenceLength(at: index)
        guard length > 0 else { throw fail("invalid UTF-8 inside a string; save the file as UTF-8") }
        index += length
    }

    /// The length of the well-formed UTF-8 sequence at `offset`, 0 when it is not one.
    func utf8SequenceLength(at offset: Int) -> Int {
        let lead = bytes[offset]
        let (length, minimum): (Int, UInt32) =
            lead >= 0xF0 && lead <= 0xF4 ? (4, 0x10000) : lead >= 0xE0 ? (3, 0x800) : lead >= 0xC2 ? (2, 0x80) : (0, 0)
        guard length > 0, lead < 0xF5, offset + length <= bytes.count else { return 0 }
        var scalar = UInt32(lead) & (0xFF >> (length + 1))
        for next in 1..<length {
            let byte = bytes[offset + next]
            guard byte & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return 0 }
        return length
    }

    /// An escape, `index` at its backslash.
    mutating func appendEscape(into output: inout [UInt8]) throws(JSONParseError) {
        index += 1
        guard index < bytes.count else { return }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(bytes[index])
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                bytes[index + 1] == UInt8(ascii: "u")
            {
                index += 1
                let low = try hex4()
                if (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    // Not a pair: the high half stands alone, the next escape for itself.
                    output.append(contentsOf: Array(String(Character("\u{FFFD}")).utf8))
                    code = low
                }
            }
            // A lone surrogate cannot be UTF-8; substitute U+FFFD rather than refuse the whole document.
            let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
            return
        default:
            index -= 1
            throw fail("invalid escape in a string: write \\\\ for a backslash (a regular expression's \\d is \\\\d)")
        }
        index += 1
    }

    /// Four hexadecimal digits after a `u`, `index` at the `u`; `index` ends after them.
    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 < bytes.count else { throw fail("\\u must be followed by four hexadecimal digits") }
        var value: UInt32 = 0
        for offset in 1...4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("\\u must be followed by four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 5
        return value
    }
}
