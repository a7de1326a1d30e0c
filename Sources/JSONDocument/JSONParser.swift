import Foundation

/// The recursive-descent parser behind `JSON.parse`, over a raw buffer.
struct JSONParser {
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
}
