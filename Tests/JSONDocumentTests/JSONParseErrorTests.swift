import Testing

@testable import JSONDocument

/// Malformed input is an error with its byte offset and reason, never a trap, however it is broken.
@Suite struct JSONParseErrorTests {
    static func error(_ text: String) -> JSONParseError? { error(Array(text.utf8)) }

    static func error(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSON.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 7, "a comma before '}' is not allowed in JSON"),
        ("[1 2]", 3, "unexpected '2' where ',' or ']' was expected (is a comma missing?)"),
        (#"{"a" 1}"#, 5, "unexpected '1' where ':' was expected after the key"),
        (#"{"a":1 "b":2}"#, 7, #"unexpected '"' where ',' or '}' was expected (is a comma missing?)"#),
        ("01", 0, "a number cannot start with 0"),
        ("1.", 2, "a number needs digits after '.'"),
        ("-", 1, "a number needs digits after '-'"),
        ("1e", 2, "a number needs digits in its exponent"),
        ("tru", 0, "unexpected 't' where a value was expected (text values are written in double quotes)"),
        ("nul1", 0, "unexpected 'n' where a value was expected (text values are written in double quotes)"),
        ("", 0, "the file ends where a value was expected"),
        ("[1,", 3, "the file ends where a value was expected"),
        (#"{"a":"#, 5, "the file ends where a value was expected"),
        (#""abc"#, 0, "the string that starts here is never closed"),
        (#""\x""#, 1, #"invalid escape in a string: write \\ for a backslash (a regular expression's \d is \\d)"#),
        (#""\u12""#, 2, #"\u must be followed by four hexadecimal digits"#),
        (#""\u12G4""#, 2, #"\u must be followed by four hexadecimal digits"#),
        ("@", 0, "unexpected '@' where a value was expected"),
    ])
    func eachFaultIsNamedWhereItIs(text: String, offset: Int, reason: String) {
        let error = Self.error(text)
        #expect(error.map { [String($0.offset), $0.reason] } == [String(offset), reason], "\(text)")
    }

    @Test func controlCharactersAndInvalidUTF8InStringsAreRefused() {
        #expect(
            Self.error([0x22, 0x61, 0x01, 0x22]).map { [String($0.offset), $0.reason] } == [
                String(2), #"a line break or control character inside a string must be escaped (\n, \t)"#,
            ])
        #expect(Self.error([0x22, 0xFF, 0x22])?.reason == "invalid UTF-8 inside a string; save the file as UTF-8")
        #expect(Self.error([0x22, 0xC3, 0xA9, 0x22]) == nil, "é is valid UTF-8")
    }

    /// A lone surrogate cannot be UTF-8: it becomes U+FFFD, as Foundation's own JSON reading does, rather than
    /// refusing the whole document.
    @Test func aLoneSurrogateBecomesTheReplacementCharacter() throws {
        #expect(try JSON.parse(Array(#""\ud800\u0041""#.utf8)) == .string("\u{FFFD}A"))
    }

    /// Deep nesting is refused at a fixed depth instead of exhausting the stack of the thread reading it.
    @Test func nestingDeeperThan64LevelsIsRefused() {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(Self.error(deepest) == nil)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(
            Self.error(tooDeep).map { [String($0.offset), $0.reason] } == [
                String(64), "nested more than 64 levels deep",
            ])
        #expect(Self.error(String(repeating: "[", count: 100_000))?.offset == 64)
    }
}
