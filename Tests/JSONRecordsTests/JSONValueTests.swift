import Foundation
import JSONRecords
import Testing

/// Records flattened to dotted paths with typed values: nesting, arrays by index, numbers as written, null against
/// absent, escapes, BOMs and line endings, and the same result whatever the chunk size.
@Suite struct JSONValueTests {
    @Test func nestedObjectsAndArraysBecomeDottedPaths() throws {
        let text = """
            [{"id": "00123", "job": {"title": "Nurse", "grade": 3}, "phones": [{"type": "work", "number": "+1 555"},
              {"type": "mobile", "number": null}], "tags": ["a", "b"], "active": true, "left": false,
              "manager": null, "notes": {}, "skills": [], "matrix": [[1, 2], [3]]}]
            """
        let record = try #require(try JSONFixture.records(text).first)
        #expect(
            JSONFixture.flat(record) == [
                "id=s:00123", "job.title=s:Nurse", "job.grade=n:3", "phones.0.type=s:work", "phones.0.number=s:+1 555",
                "phones.1.type=s:mobile", "phones.1.number=null", "tags.0=s:a", "tags.1=s:b", "active=b:true",
                "left=b:false", "manager=null", "notes={}", "skills=[]", "matrix.0.0=n:1", "matrix.0.1=n:2",
                "matrix.1.0=n:3",
            ])
        #expect(record["manager"] == .null)
        #expect(record["department"] == nil)
        #expect(record["phones.1.number"] == .null)
        #expect(record.jsonPath(of: "phones.1.number") == "$[0].phones[1].number")
        #expect(record.jsonPath(of: "matrix.0.1") == "$[0].matrix[0][1]")
    }

    /// A number keeps its text: an ID with leading zeros that is a string stays one, a huge number is not rounded,
    /// and a decimal keeps its trailing zero.
    @Test func numbersKeepTheirText() throws {
        let text = """
            {"a": "00123", "b": 123, "c": 12345678901234567890123456789012345678901234567890, "d": 1.50,
             "e": -0.0, "f": 6.02e23, "g": 1E-7, "h": 0}
            """
        let record = try #require(try JSONFixture.records(text, options: JSONReaderOptions(format: .ndjson)).first)
        #expect(
            JSONFixture.flat(record) == [
                "a=s:00123", "b=n:123", "c=n:12345678901234567890123456789012345678901234567890", "d=n:1.50",
                "e=n:-0.0", "f=n:6.02e23", "g=n:1E-7", "h=n:0",
            ])
        #expect(record["b"]?.text == "123" && record["a"]?.text == "00123")
    }

    @Test func escapesAreDecoded() throws {
        let text =
            #"[{"a": "caf\u00e9", "b": "\ud83d\ude00 ok", "c": "tab\there\nline \"q\" \\ \/", "d": "\u0041\u00DF"}]"#
        let record = try #require(try JSONFixture.records(text).first)
        #expect(record["a"] == .string("café"))
        #expect(record["b"] == .string("😀 ok"))
        #expect(record["c"] == .string("tab\there\nline \"q\" \\ /"))
        #expect(record["d"] == .string("Aß"))
    }

    @Test func keysWithDotsOrDigitsKeepExactJSONPaths() throws {
        let text = ##"[{"@odata.type": "#User", "2024": {"x": 1}, "a": {"b.c": 2}}]"##
        let record = try #require(try JSONFixture.records(text).first)
        #expect(JSONFixture.flat(record) == ["@odata.type=s:#User", "2024.x=n:1", "a.b.c=n:2"])
        #expect(record.jsonPath(of: "@odata.type") == "$[0]['@odata.type']")
        #expect(record.jsonPath(of: "2024.x") == "$[0]['2024'].x")
        #expect(record.jsonPath(of: "a.b.c") == "$[0].a['b.c']")
    }

    @Test func aUTF8BOMIsSkippedAndUTF16IsDecoded() throws {
        let text = #"[{"name": "Zoë"}]"#
        let withBOM = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        #expect(try JSONFixture.records(bytes: withBOM).first?["name"] == .string("Zoë"))
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try JSONFixture.records(bytes: utf16).first?["name"] == .string("Zoë"))
        // The BOM counts in byte offsets: a bad byte right after it is at offset 3.
        let bad = [0xEF, 0xBB, 0xBF] + Array("[{\"a\": \"".utf8) + [0xFF] + Array("\"}]".utf8)
        let error = try #require(JSONFixture.error(bytes: bad))
        #expect(error.problem == .invalidUTF8 && error.location?.byteOffset == 11)
    }

    /// Whatever the chunk size (tokens split at every possible point), the records are the same, and so are the
    /// lines, columns and offsets of an error.
    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func theChunkSizeChangesNothing(chunkSize: Int) throws {
        let text = """
            {"d": {"results": [
              {"id": "1", "name": "Zoë \\u00e9\\ud83d\\ude00", "n": -12.5e+3, "ok": true, "x": null, "e": [], "o": {}},
              {"id": "2", "deep": {"a": [1, {"b": "ç"}]}}
            ], "__next": "https://h/p?$skiptoken=x"}}
            """
        let options = JSONReaderOptions(recordsPath: "d.results", keepsText: true, metaPaths: ["d.__next"])
        let expected = try JSONFixture.records(text, options: options)
        let chunked = try JSONFixture.records(text, options: options, chunkSize: chunkSize)
        #expect(chunked == expected)
        #expect(expected.count == 2)
        let broken = text.replacingOccurrences(of: "\"ç\"", with: "\"ç\\q\"")
        let whole = JSONFixture.error(broken, options: options)
        let split = JSONFixture.error(broken, options: options, chunkSize: chunkSize)
        #expect(whole?.location == split?.location && whole?.problem == split?.problem)
        // The column counts characters: ç is two bytes and one column.
        #expect(whole?.location == JSONLocation(line: 3, column: 41, byteOffset: 167))
        #expect(whole?.recordIndex == 1 && whole?.recordLine == 3 && whole?.jsonPath == "$.d.results[1].deep.a[1].b")
    }

    /// The kept text is the record as compact JSON on one line, and reads back as the same record.
    @Test func theKeptTextReadsBackAsTheSameRecord() throws {
        let text = """
            [ { "a" : "x\\ty\\u0001\\"",  "b": [ 1 , 2.50, {"c": null} ], "d": {}, "e": "\\u00e9\\/" } ]
            """
        let options = JSONReaderOptions(keepsText: true)
        let record = try #require(try JSONFixture.records(text, options: options).first)
        let compact = String(decoding: try #require(record.text), as: UTF8.self)
        #expect(compact == #"{"a":"x\ty\u0001\"","b":[1,2.50,{"c":null}],"d":{},"e":"é/"}"#)
        let again = try #require(try JSONFixture.records(compact, options: JSONReaderOptions(format: .ndjson)).first)
        #expect(again.fields == record.fields)
    }

    /// Records of one export share their path strings; a file whose records all have new keys still reads (the
    /// table starts again) and keeps each record's own paths.
    @Test func manyDistinctKeysStayCorrect() throws {
        let lines = (0..<70_000).map { #"{"k\#($0)": \#($0)}"# }.joined(separator: "\n")
        let records = try JSONFixture.records(lines)
        #expect(records.count == 70_000)
        #expect(JSONFixture.flat(records[69_999]) == ["k69999=n:69999"])
        #expect(JSONFixture.flat(records[12]) == ["k12=n:12"])
    }
}
