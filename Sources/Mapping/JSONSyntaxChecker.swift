import Foundation

/// Finds where a mapping file stops being valid JSON, to name its line and column: Foundation's decoder on Linux
/// says only "The given data was not valid JSON". Run only after the decoder has failed; or, on a file that parsed,
/// to find the line of each key of the top-level object and of its "attributes" object (`memberLines`).
struct JSONSyntaxChecker {
    struct Failure: Error, Sendable, Equatable {
        /// 1-based line and column (in characters) of the first byte that is wrong.
        let line: Int
        let column: Int
        let message: String
    }

    /// Foundation's decoder refuses deeper nesting too.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// The line of `bytes[lineCountedTo]`, counted forward as keys are recorded.
    private var line = 1
    private var lineCountedTo = 0
    /// The top-level key whose value is being read.
    private var topLevelKey: String?
    private var topLevelLines: [String: Int] = [:]
    private var attributeLines: [String: Int] = [:]

    /// The 1-based line of each key of the top-level object and of its "attributes" object (the first, if a key
    /// repeats); as far as the text is valid JSON.
    static func memberLines(in bytes: [UInt8]) -> (topLevel: [String: Int], attributes: [String: Int]) {
        var checker = JSONSyntaxChecker(bytes: bytes)
        _ = try? checker.document()
        return (checker.topLevelLines, checker.attributeLines)
    }

    /// Notes the line of a key that starts at `start` and ends before `index`.
    private mutating func record(keyFrom start: Int) {
        guard depth == 1 || (depth == 2 && topLevelKey == "attributes") else { return }
        guard
            let key = try? JSONSerialization.jsonObject(
                with: Data(bytes[start..<index]), options: .fragmentsAllowed) as? String
        else { return }
        while lineCountedTo < start {
            if bytes[lineCountedTo] == 0x0A { line += 1 }
            lineCountedTo += 1
        }
        if depth == 1 {
            topLevelKey = key
            if topLevelLines[key] == nil { topLevelLines[key] = line }
        } else if attributeLines[key] == nil {
            attributeLines[key] = line
        }
    }

    /// The first syntax error, or nil when the text is valid JSON (the decoder failed for another reason).
    static func firstError(in bytes: [UInt8]) -> Failure? {
        var checker = JSONSyntaxChecker(bytes: bytes)
        do {
            try checker.document()
            return nil
        } catch {
            return error
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is accepted, as the decoder accepts it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    private mutating func document() throws(Failure) {
        skipWhiteSpace()
        try value()
        skipWhiteSpace()
        if index < bytes.count { throw fail("unexpected \(found) after the end of the JSON value") }
    }

    private var found: String {
        guard index < bytes.count else { return "end of the file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return byte == 0x20 ? "a space" : byte < 0x20 ? "a control character" : "a non-ASCII character"
    }

    private func fail(_ message: String) -> Failure {
        var line = 1
        var lineStart = 0
        for (offset, byte) in bytes[..<min(index, bytes.count)].enumerated() where byte == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        let column = bytes[lineStart..<min(index, bytes.count)].count { $0 & 0xC0 != 0x80 } + 1
        return Failure(line: line, column: column, message: message)
    }

    private mutating func skipWhiteSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(Failure) {
        guard index < bytes.count else { throw fail("the file ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        case UInt8(ascii: "'"): throw fail("JSON strings are in double quotes, not '")
        default: throw fail("unexpected \(found) where a value was expected")
        }
    }

    private mutating func container(close: UInt8, keyed: Bool) throws(Failure) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw fail("nested more than \(Self.maxDepth) levels deep") }
        index += 1
        skipWhiteSpace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return
        }
        let closing = keyed ? "'}'" : "']'"
        while true {
            skipWhiteSpace()
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
                try string()
                record(keyFrom: keyStart)
                skipWhiteSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw fail("unexpected \(found) where ':' was expected after the key")
                }
                index += 1
                skipWhiteSpace()
            } else if index < bytes.count, bytes[index] == close {
                throw fail("a comma before \(closing) is not allowed in JSON")
            }
            try value()
            skipWhiteSpace()
            guard index < bytes.count else { throw fail("the file ends before the closing \(closing)") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == close {
                index += 1
                return
            }
            throw fail("unexpected \(found) where ',' or \(closing) was expected (is a comma missing?)")
        }
    }

    private mutating func string() throws(Failure) {
        let start = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "u"):
                    let digits = bytes[(index + 1)..<min(index + 5, bytes.count)]
                    guard digits.count == 4, digits.allSatisfy({ Self.isHexDigit($0) }) else {
                        throw fail("\\u must be followed by four hexadecimal digits")
                    }
                    index += 5
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                default:
                    index -= 1
                    throw fail(
                        "invalid escape in a string: write \\\\ for a backslash (a regular expression's \\d is \\\\d)")
                }
            case 0x00..<0x20:
                throw fail("a line break or control character inside a string must be escaped (\\n, \\t)")
            case 0x80...:
                let length = Self.utf8SequenceLength(bytes, at: index)
                guard length > 0 else { throw fail("invalid UTF-8 inside a string; save the file as UTF-8") }
                index += length
            default:
                index += 1
            }
        }
        index = start
        throw fail("the string that starts here is never closed")
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes.count >= index + expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw fail("unexpected \(found) where a value was expected (text values are written in double quotes)")
        }
        index += expected.count
    }

    private mutating func number() throws(Failure) {
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let start = index
        guard digits() > 0 else { throw fail("a number needs digits after '-'") }
        if bytes[start] == UInt8(ascii: "0"), index - start > 1 {
            index = start
            throw fail("a number cannot start with 0")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fail("a number needs digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw fail("a number needs digits in its exponent") }
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// The length of the well-formed UTF-8 sequence at `index`, 0 when it is not one.
    static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let (length, minimum): (Int, UInt32) =
            lead >= 0xF0 && lead <= 0xF4 ? (4, 0x10000) : lead >= 0xE0 ? (3, 0x800) : lead >= 0xC2 ? (2, 0x80) : (0, 0)
        guard length > 0, lead < 0xF5, index + length <= bytes.count else { return 0 }
        var scalar = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return 0 }
        return length
    }
}
