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
        (#"{"a":1,}"#, 7, "expected a member name"),
        ("[1 2]", 3, "expected ',' or ']'"),
        (#"{"a" 1}"#, 5, "expected ':'"),
        (#"{"a":1 "b":2}"#, 7, "expected ',' or '}'"),
        ("01", 1, "unexpected data after the JSON value"),
        ("1.", 2, "invalid number"),
        ("-", 1, "invalid number"),
        ("1e", 2, "invalid number"),
        ("tru", 0, "unexpected end of input"),
        ("nul1", 0, "invalid literal"),
        ("", 0, "unexpected end of input"),
        ("[1,", 3, "unexpected end of input"),
        (#"{"a":"#, 5, "unexpected end of input"),
        (#""abc"#, 4, "unterminated string"),
        (#""\x""#, 3, "invalid escape"),
        (#""\u12""#, 3, #"truncated \u escape"#),
        (#""\u12G4""#, 5, #"invalid \u escape"#),
        (#""\ud800\u0041""#, 13, "invalid surrogate pair"),
        ("@", 0, "unexpected character"),
    ])
    func eachFaultIsNamedWhereItIs(text: String, offset: Int, reason: String) {
        let error = Self.error(text)
        #expect(error == JSONParseError(offset: offset, reason: reason), "\(text)")
    }

    @Test func controlCharactersAndInvalidUTF8InStringsAreRefused() {
        #expect(
            Self.error([0x22, 0x61, 0x01, 0x22]) == JSONParseError(offset: 2, reason: "control character in a string"))
        #expect(Self.error([0x22, 0xFF, 0x22])?.reason == "invalid UTF-8 in a string")
        #expect(Self.error([0x22, 0xC3, 0xA9, 0x22]) == nil, "é is valid UTF-8")
    }

    /// Deep nesting is refused at a fixed depth instead of exhausting the stack of the thread reading it.
    @Test func nestingDeeperThan64LevelsIsRefused() {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(Self.error(deepest) == nil)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(Self.error(tooDeep) == JSONParseError(offset: 64, reason: "nesting deeper than 64 levels"))
        #expect(Self.error(String(repeating: "[", count: 100_000))?.offset == 64)
    }
}
