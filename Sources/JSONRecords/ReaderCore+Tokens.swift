import CSV

/// Strings, numbers and literals: each scanned across chunk boundaries, its decoded text left in `token` (the
/// buffer itself when nothing had to be decoded, else `scratch`).
extension ReaderCore {
    private static let quote: UInt8 = 0x22
    private static let backslash: UInt8 = 0x5C
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Reads a string whose opening quote is at `position` (and was marked) into `token`, unescaped and checked
    /// to be UTF-8. With `store` false it is only checked (a value that is skipped), whatever its length.
    mutating func scanString(store: Bool, limit: Int) throws {
        position += 1
        scratchCount = 0
        var direct = store
        while true {
            var index = position
            let stop = end
            let bytes = buffer
            // The common case: printable ASCII up to the closing quote, eight bytes at a time while no byte of the
            // word is a quote, a backslash, a control character or non-ASCII (a borrow only ever spreads upwards
            // from a byte that is one of those, so a clean word is clean); then byte by byte to the one that is.
            while index + 8 <= stop {
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                let quotes = word ^ (Self.ones &* 0x22)
                let backslashes = word ^ (Self.ones &* 0x5C)
                let special =
                    ((quotes &- Self.ones) & ~quotes) | ((backslashes &- Self.ones) & ~backslashes)
                    | (word &- Self.ones &* 0x20) | word
                if special & Self.highBits != 0 { break }
                index += 8
            }
            while index < stop {
                let byte = bytes[index]
                if byte == Self.quote || byte == Self.backslash || byte &- 0x20 >= 0x60 { break }
                index += 1
            }
            if direct, index < stop, bytes[index] == Self.quote {
                // The whole string lies in the buffer with nothing to decode: it is read where it is, uncopied.
                let count = index - position
                if count > limit { throw tooLarge(limit: limit) }
                token = UnsafeBufferPointer(start: bytes + position, count: count)
                position = index + 1
                return
            }
            direct = false
            if store, index > position { try append(bytes + position, count: index - position, limit: limit) }
            position = index
            guard index < stop else {
                guard try refill() else { throw syntax("a string that is never closed", at: mark) }
                continue
            }
            let byte = bytes[index]
            if byte == Self.quote {
                position += 1
                token = UnsafeBufferPointer(start: scratch, count: scratchCount)
                return
            }
            if byte == Self.backslash {
                try scanEscape(store: store, limit: limit)
            } else if byte < 0x20 {
                let name = byte == 0x0A || byte == 0x0D ? "a line break" : "a control character"
                throw syntax(
                    "\(name) inside a string (a string ends on its line; write it escaped, e.g. \\n)", at: here)
            } else {
                try scanMultibyte(store: store, limit: limit)
            }
        }
    }

    /// One backslash escape, the backslash at `position`.
    private mutating func scanEscape(store: Bool, limit: Int) throws {
        let start = here
        position += 1
        guard let letter = try readByte() else { throw syntax("a string that is never closed", at: mark) }
        let simple: UInt8? =
            switch letter {
            case 0x22, 0x5C, 0x2F: letter
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            if store { try append(simple, limit: limit) }
            return
        }
        guard letter == UInt8(ascii: "u") else {
            let shown = letter >= 0x21 && letter <= 0x7E ? "\\\(Character(Unicode.Scalar(letter)))" : "a backslash"
            throw failure(
                .invalidEscape(
                    "\(shown) is not an escape JSON has (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
                at: start)
        }
        var unit = try hexUnit(start)
        if (0xDC00...0xDFFF).contains(unit) {
            throw failure(
                .invalidEscape("\\u\(Self.hex(unit)) is the second half of a surrogate pair alone"), at: start)
        }
        if (0xD800...0xDBFF).contains(unit) {
            // A high surrogate must be followed at once by `\u` and a low one: together they are one character.
            let high = unit
            guard try readByte() == Self.backslash, try readByte() == UInt8(ascii: "u") else {
                throw failure(
                    .invalidEscape("\\u\(Self.hex(high)) is the first half of a surrogate pair without its second"),
                    at: start)
            }
            let low = try hexUnit(start)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure(
                    .invalidEscape("\\u\(Self.hex(high)) is the first half of a surrogate pair without its second"),
                    at: start)
            }
            unit = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        }
        if store { try appendScalar(unit, limit: limit) }
    }

    /// The four hex digits after `\u`.
    private mutating func hexUnit(_ start: Mark) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try readByte(), let digit = Self.hexValue(byte) else {
                throw failure(.invalidEscape("\\u must be followed by four hex digits"), at: start)
            }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    private static func hex(_ unit: UInt32) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private mutating func appendScalar(_ scalar: UInt32, limit: Int) throws {
        switch scalar {
        case 0..<0x80:
            try append(UInt8(scalar), limit: limit)
        case 0x80..<0x800:
            try append(UInt8(0xC0 | (scalar >> 6)), limit: limit)
            try append(UInt8(0x80 | (scalar & 0x3F)), limit: limit)
        case 0x800..<0x10000:
            try append(UInt8(0xE0 | (scalar >> 12)), limit: limit)
            try append(UInt8(0x80 | ((scalar >> 6) & 0x3F)), limit: limit)
            try append(UInt8(0x80 | (scalar & 0x3F)), limit: limit)
        default:
            try append(UInt8(0xF0 | (scalar >> 18)), limit: limit)
            try append(UInt8(0x80 | ((scalar >> 12) & 0x3F)), limit: limit)
            try append(UInt8(0x80 | ((scalar >> 6) & 0x3F)), limit: limit)
            try append(UInt8(0x80 | (scalar & 0x3F)), limit: limit)
        }
    }

    /// One UTF-8 sequence of two to four bytes, its lead byte at `position`; the rules of `String(validating:)`: no
    /// overlong forms, no surrogates, nothing above U+10FFFF.
    private mutating func scanMultibyte(store: Bool, limit: Int) throws {
        let start = here
        let lead = buffer[position]
        position += 1
        guard let (length, low, high) = UTF8Validation.sequence(lead: lead) else {
            throw failure(.invalidUTF8, at: start)
        }
        if store { try append(lead, limit: limit) }
        for index in 1..<length {
            guard let byte = try readByte(), byte >= (index == 1 ? low : 0x80), byte <= (index == 1 ? high : 0xBF)
            else { throw failure(.invalidUTF8, at: start) }
            if store { try append(byte, limit: limit) }
        }
        lineExtra += length - 1
    }

    /// Reads a number starting at `position` into `scratch` and checks its syntax.
    mutating func scanNumber() throws {
        scratchCount = 0
        let limit = options.limits.maxFieldBytes
        while true {
            var index = position
            let stop = end
            while index < stop {
                let byte = buffer[index]
                // Digits, `-`, `+`, `.`, `e`, `E`: whatever could belong to a number; the syntax is checked after.
                guard
                    (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2B || byte == 0x2E
                        || byte | 0x20 == 0x65
                else { break }
                index += 1
            }
            if index > position { try append(buffer + position, count: index - position, limit: limit) }
            position = index
            if index < stop { break }
            guard try refill() else { break }
        }
        token = UnsafeBufferPointer(start: scratch, count: scratchCount)
        if let reason = Self.numberProblem(token) {
            throw failure(.invalidNumber(text: tokenString, reason: reason), at: mark)
        }
    }

    /// Why `text` is not a JSON number (RFC 8259 §6), or nil when it is one.
    static func numberProblem(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        let count = text.count
        func digit(_ at: Int) -> Bool { at < count && text[at] >= 0x30 && text[at] <= 0x39 }
        if index < count, text[index] == 0x2B { return "cannot start with +" }
        if index < count, text[index] == 0x2D { index += 1 }
        guard digit(index) else { return "has no digits before its end or its decimal point" }
        if text[index] == 0x30, digit(index + 1) {
            return "has a leading zero, which JSON numbers cannot have (an ID like this must be a string: \"…\")"
        }
        while digit(index) { index += 1 }
        if index < count, text[index] == 0x2E {
            index += 1
            guard digit(index) else { return "needs a digit after its decimal point" }
            while digit(index) { index += 1 }
        }
        if index < count, text[index] | 0x20 == 0x65 {
            index += 1
            if index < count, text[index] == 0x2B || text[index] == 0x2D { index += 1 }
            guard digit(index) else { return "needs digits in its exponent" }
            while digit(index) { index += 1 }
        }
        return index == count ? nil : "is not a number"
    }

    /// `true`, `false` or `null`, its first byte at `position`; the value.
    mutating func scanLiteral() throws -> JSONValue {
        let first = buffer[position]
        let (word, value): (StaticString, JSONValue) =
            switch first {
            case UInt8(ascii: "t"): ("true", .bool(true))
            case UInt8(ascii: "f"): ("false", .bool(false))
            default: ("null", .null)
            }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard try readByte() == byte else {
                throw syntax(
                    "expected \(word), found something else (JSON literals are true, false and null)", at: mark)
            }
        }
        return value
    }
}
