import JSONDocument
import Testing

@Suite struct JSONParsingTests {
    func failure(_ text: String) -> JSONParseError? {
        do {
            _ = try JSON.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func membersKeepTheirOrderAndNumbersTheirText() throws {
        let value = try JSON.parse(Array(#"{"b": 1.50, "a": [true, null, "x"]}"#.utf8))
        #expect(value == .object(["b": .number("1.50"), "a": [true, nil, "x"]]))
    }

    /// The reason is said for people editing a file by hand, with the line and the column in characters.
    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "a comma before '}' is not allowed in JSON"),
        ("[1,]", 1, 4, "a comma before ']' is not allowed in JSON"),
        ("{'a': 1}", 1, 2, "JSON keys are in double quotes, not '"),
        ("{\"a\": 'x'}", 1, 7, "JSON strings are in double quotes, not '"),
        ("{\"a\": 1\n \"b\": 2}", 2, 2, "unexpected '\"' where ',' or '}' was expected (is a comma missing?)"),
        ("{\"é\": 01}", 1, 7, "a number cannot start with 0"),
        ("{\"a\": tru}", 1, 7, "unexpected 't' where a value was expected (text values are written in double quotes)"),
        ("{\"a\": \"x\ny\"}", 1, 9, "a line break or control character inside a string must be escaped (\\n, \\t)"),
        (
            "{\"a\": \"\\q\"}", 1, 8,
            "invalid escape in a string: write \\\\ for a backslash (a regular expression's \\d is \\\\d)"
        ),
        ("{\"a\": \"open", 1, 7, "the string that starts here is never closed"),
        ("{\"a\": 1", 1, 8, "the file ends before the closing '}'"),
        ("{\"a\": 1} x", 1, 10, "unexpected 'x' after the end of the JSON value"),
        ("", 1, 1, "the file ends where a value was expected"),
    ])
    func saysWhatIsWrongAndWhere(text: String, line: Int, column: Int, reason: String) throws {
        let error = try #require(failure(text))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.reason == reason)
    }

    @Test func invalidUTF8InAStringIsRefusedWhereItStands() throws {
        do {
            _ = try JSON.parse(Array("[\"ab".utf8) + [0xFF] + Array("\"]".utf8))
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 4)
            #expect(error.reason == "invalid UTF-8 inside a string; save the file as UTF-8")
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        let error = try #require(failure(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        #expect(error.reason == "nested more than 64 levels deep")
        #expect(failure(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let value = try JSON.parse(Array(#"["a\"\\\/\n\u00e9\ud83d\ude00", "\ud800x"]"#.utf8))
        #expect(value == ["a\"\\/\né😀", "\u{FFFD}x"])
    }

    @Test func keyLinesNameEachKeyWithTheKeysAroundIt() throws {
        var seen: [String] = []
        let text = "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"list\": [{\"c\": 2}]\n}"
        _ = try JSON.parse(Array(text.utf8)) { path, key, line in
            seen.append("\(path.joined(separator: "/"))|\(key)|\(line)")
        }
        #expect(seen == ["|a|2", "a|b|3", "|list|5", "list/[]|c|5"])
    }

    @Test func theCanonicalFormSortsMembersKeepsTheFirstOfARepeatedKeyAndSpellsNumbersOneWay() throws {
        let value = try JSON.parse(
            Array(#"{"b": {"y": 1.0, "x": 1e2}, "a": 0.10, "a": 2, "c": 12345678901234567890, "d": -0}"#.utf8))
        #expect(
            value.canonical
                == .object([
                    "a": .number("0.1"), "b": .object(["x": .number("100"), "y": .number("1")]),
                    "c": .number("1.2345678901234567e+19"), "d": .number("0"),
                ]))
    }

    @Test func orderedMembersReadSetAndSort() {
        var members: [JSONMember] = [JSONMember("b", 1), JSONMember("a", 2)]
        members["c"] = 3
        members["b"] = 4
        members["a"] = nil
        #expect(members.keys == ["b", "c"])
        #expect(members["b"] == 4)
        members.sort(by: ["c"])
        #expect(members.keys == ["c", "b"])
    }
}
