import JSONDocument
import Testing

@Suite struct JSONWriterTests {
    @Test(arguments: [
        (JSON.string("a\"b\\c\nd\te\u{01}"), #""a\"b\\c\nd\te\u0001""#),
        (.string("Zoë 😀"), "\"Zoë 😀\""),
        (.number(-42), "-42"),
        (.number(2.5), "2.5"),
        (.string("del\u{7F}"), #""del\u007f""#),
        (.bool(false), "false"),
        (.null, "null"),
        (.array([]), "[]"),
    ])
    func encodes(value: JSON, expected: String) {
        #expect(String(decoding: JSONWriter.encode(value), as: UTF8.self) == expected)
    }

    @Test func prettyIndentsAndKeepsMemberOrder() {
        let value = JSON.object(["b": 1, "a": ["x", true], "c": .object([])])
        #expect(value.pretty() == "{\n  \"b\": 1,\n  \"a\": [\n    \"x\",\n    true\n  ],\n  \"c\": {}\n}")
    }

    @Test(arguments: [
        (2.0, "2"), (-0.5, "-0.5"), (1e20, "1e+20"), (1e15, "1000000000000000.0"), (1e16, "1e+16"),
        (999_999_999_999_999.0, "999999999999999"),
    ])
    func doublesAreWrittenAsIntegersWhenIntegralAndSmall(value: Double, text: String) {
        #expect(JSON.number(value) == .number(text))
    }

    @Test func aNumberThatIsNotFiniteIsNull() {
        #expect(JSON.number(Double.infinity) == .null)
        #expect(JSON.number(Double.nan) == .null)
    }
}
