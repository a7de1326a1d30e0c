import Foundation
import Testing

@testable import JSONDocument

/// A document read and written back is the same document: members keep their order (duplicates included), numbers
/// keep their text, and only insignificant whitespace goes.
@Suite struct JSONRoundTripTests {
    static func text(_ json: JSON) -> String { String(decoding: json.serialized, as: UTF8.self) }

    @Test(arguments: [
        #"{"z":1,"a":2,"m":{"y":null,"b":[true,false]}}"#,
        #"{"n":1.50,"e":1E+2,"f":-0.0,"big":123456789012345678901234567890,"tiny":5e-324}"#,
        #"[[],{},"",0,-1,"a\"b\\c"]"#,
        #"{"a":1,"a":2}"#,
    ])
    func compactDocumentsComeBackByteForByte(document: String) throws {
        #expect(Self.text(try JSON.parse(Array(document.utf8))) == document)
    }

    @Test func whitespaceAndAByteOrderMarkAreNotKept() throws {
        let spaced = "\u{FEFF} { \"a\" :\t[ 1 ,\r\n 2 ] } \n"
        #expect(Self.text(try JSON.parse(Array(spaced.utf8))) == #"{"a":[1,2]}"#)
    }

    @Test func numbersAreTheirLiteralText() throws {
        let json = try JSON.parse(Array(#"[701984, 1.5e3, 0.10]"#.utf8))
        #expect(json == .array([.number("701984"), .number("1.5e3"), .number("0.10")]))
        #expect(JSON.number(42) == .number("42"))
        #expect((7 as JSON) == .number("7"))
    }

    @Test func aRepeatedKeyReadsAsTheLastAndIsKeptInPlace() throws {
        let json = try JSON.parse(Array(#"{"a":1,"b":2,"a":3}"#.utf8))
        #expect(json["a"] == .number("3"))
        #expect(json.members?.map(\.key) == ["a", "b", "a"])
        #expect(Self.text(json.setting("a", to: "x")) == #"{"a":1,"b":2,"a":"x"}"#)
        #expect(Self.text(json.setting("c", to: nil)) == #"{"a":1,"b":2,"a":3,"c":null}"#)
        #expect(JSON.array([]).setting("a", to: true) == .array([]), "not an object: unchanged")
    }

    @Test func escapesAreReadAndWrittenAsJSONRequires() throws {
        let read = try JSON.parse(Array(#""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\""#.utf8))
        #expect(read == .string("é😀/\u{8}\u{C}\n\r\t\"\\"))
        #expect(
            Self.text(.string("a\"b\\c\n\r\t\u{1}\u{1F}/é"))
                == #""a\"b\\c\n\r\t\u0001\u001f/é""#, "controls escaped, / and non-ASCII as they are")
        // A lone surrogate cannot be UTF-8: it becomes U+FFFD instead of the whole document being refused.
        #expect(try JSON.parse(Array(#""x\ud800y""#.utf8)) == .string("x\u{FFFD}y"))
    }

    @Test func membersBuiltInCodeKeepTheOrderGiven() {
        let json = JSON.object(["id": "1", "name": .optional(nil), "tags": ["a", "b"], "ok": true])
        #expect(Self.text(json) == #"{"id":"1","name":null,"tags":["a","b"],"ok":true}"#)
        #expect(json["tags"]?.arrayValue?.count == 2 && json["ok"]?.boolValue == true)
        #expect(json["id"]?.stringValue == "1" && json["missing"] == nil && JSON.string("s")["id"] == nil)
        #expect(
            [JSON.null, true, 1, "s", [], .object([JSONMember]())].map(\.kindName) == [
                "null", "a boolean", "a number", "a string", "an array", "an object",
            ])
    }
}
