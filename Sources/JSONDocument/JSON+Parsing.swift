import Foundation

/// Why a text is not JSON, and where: the first byte that is wrong, as an offset and as the line and column an
/// editor shows. The reason is said for people who write JSON by hand (a comma before '}', single quotes).
package struct JSONParseError: Error, Sendable, Equatable {
    /// Bytes from the start.
    package var offset: Int
    package var reason: String
    /// 1-based line, and 1-based column in characters.
    package var line: Int
    package var column: Int
}

extension JSON {
    /// Containers nested deeper than this are refused rather than risking the stack.
    static let maximumDepth = 64

    /// Parses a complete JSON text (RFC 8259); never traps on malformed input. A UTF-8 byte order mark is skipped.
    package static func parse<Bytes: Collection>(
        _ bytes: Bytes
    ) throws(JSONParseError) -> JSON where Bytes.Element == UInt8 {
        try parse(bytes, visitingKeys: nil)
    }

    /// Parses a complete JSON text and tells `keyLine` where each member's key is: the keys of the members around it
    /// (an array adds `[]`; empty at the top level), the key, and its 1-based line. For messages about a file people
    /// edit, which point to the line of what they are about.
    package static func parse<Bytes: Collection>(
        _ bytes: Bytes, keyLine: (_ path: [String], _ key: String, _ line: Int) -> Void
    ) throws(JSONParseError) -> JSON where Bytes.Element == UInt8 {
        try withoutActuallyEscaping(keyLine) { (visit) throws(JSONParseError) -> JSON in
            try parse(bytes, visitingKeys: visit)
        }
    }

    private static func parse<Bytes: Collection>(
        _ bytes: Bytes, visitingKeys keyLine: ((_ path: [String], _ key: String, _ line: Int) -> Void)?
    ) throws(JSONParseError) -> JSON where Bytes.Element == UInt8 {
        let array = Array(bytes)
        // Parsing over a raw buffer avoids an array retain/release per byte read.
        return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSON in
            var parser = JSONParser(bytes: buffer, keyLine: keyLine)
            return try parser.parseDocument()
        }
    }
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0
    let keyLine: ((_ path: [String], _ key: String, _ line: Int) -> Void)?
    /// With `keyLine`: the keys around the current member, and the line of `bytes[lineCountedTo]`, counted forward.
    var path: [String] = []
    var line = 1
    var lineCountedTo = 0

    init(bytes: UnsafeBufferPointer<UInt8>, keyLine: ((_ path: [String], _ key: String, _ line: Int) -> Void)?) {
        self.bytes = bytes
        self.keyLine = keyLine
    }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected \(found) after the end of the JSON value") }
        return value
    }

    /// What stands at `index`, as messages name it.
    var found: String {
        guard index < bytes.count else { return "end of the file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return byte == 0x20 ? "a space" : byte < 0x20 ? "a control character" : "a non-ASCII character"
    }

    func fail(_ reason: String) -> JSONParseError {
        let end = min(index, bytes.count)
        var line = 1
        var lineStart = 0
        for offset in 0..<end where bytes[offset] == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        let column = bytes[lineStart..<end].count { $0 & 0xC0 != 0x80 } + 1
        return JSONParseError(offset: index, reason: reason, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSON {
        guard index < bytes.count else { throw fail("the file ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseContainer(keyed: true)
        case UInt8(ascii: "["): return try parseContainer(keyed: false)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "'"): throw fail("JSON strings are in double quotes, not '")
        default: throw fail("unexpected \(found) where a value was expected")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        guard index + count <= bytes.count, (0..<count).allSatisfy({ bytes[index + $0] == expected[$0] }) else {
            throw fail("unexpected \(found) where a value was expected (text values are written in double quotes)")
        }
        index += count
    }

    /// An object (`keyed`) or an array.
    mutating func parseContainer(keyed: Bool) throws(JSONParseError) -> JSON {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSON.maximumDepth else { throw fail("nested more than \(JSON.maximumDepth) levels deep") }
        let close = keyed ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let closing = keyed ? "'}'" : "']'"
        var members: [JSONMember] = []
        var items: [JSON] = []
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return keyed ? .object(members) : .array(items)
        }
        if keyLine != nil, !keyed { path.append("[]") }
        defer { if keyLine != nil, !keyed { path.removeLast() } }
        while true {
            skipWhitespace()
            var key = ""
            if keyed {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    if index < bytes.count, bytes[index] == close {
                        throw fail("a comma before \(closing) is not allowed in JSON")
                    }
                    if index < bytes.count, bytes[index] == UInt8(ascii: "'") {
                        throw fail("JSON keys are in double quotes, not '")
                    }
                    throw fail("unexpected \(found) where a key in double quotes was expected")
                }
                let keyStart = index
                key = try parseString()
                if let keyLine { keyLine(path, key, lineOf(keyStart)) }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw fail("unexpected \(found) where ':' was expected after the key")
                }
                index += 1
                skipWhitespace()
            } else if index < bytes.count, bytes[index] == close {
                throw fail("a comma before \(closing) is not allowed in JSON")
            }
            if keyLine != nil, keyed { path.append(key) }
            let value = try parseValue()
            if keyLine != nil, keyed { path.removeLast() }
            if keyed { members.append(JSONMember(key, value)) } else { items.append(value) }
            skipWhitespace()
            guard index < bytes.count else { throw fail("the file ends before the closing \(closing)") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == close {
                index += 1
                return keyed ? .object(members) : .array(items)
            }
            throw fail("unexpected \(found) where ',' or \(closing) was expected (is a comma missing?)")
        }
    }

    /// The line of the byte at `offset`, which is never before an offset asked for earlier.
    mutating func lineOf(_ offset: Int) -> Int {
        while lineCountedTo < offset {
            if bytes[lineCountedTo] == 0x0A { line += 1 }
            lineCountedTo += 1
        }
        return line
    }

    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        guard skipDigits() > 0 else { throw fail("a number needs digits after '-'") }
        if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 {
            index = digitsStart
            throw fail("a number cannot start with 0")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw fail("a number needs digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() > 0 else { throw fail("a number needs digits in its exponent") }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    /// Skips decimal digits; how many there were.
    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

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
