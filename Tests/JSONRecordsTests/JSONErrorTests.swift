import CSV
import Foundation
import JSONRecords
import Testing

/// Malformed input at many points: each error names the line and column, the record and the JSON path, and says what
/// was wrong; caps and the depth limit stop a hostile file with the same kind of message as the CSV path.
@Suite struct JSONErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let column: Int
        let record: Int?
        let path: String?
        let says: String
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: #"[{"a": 1,}]"#, line: 1, column: 10, record: 0, path: "$[0].a", says: "a comma before '}'"),
        Case(text: #"[{"a": 1},]"#, line: 1, column: 11, record: nil, path: "$", says: "a comma before ']'"),
        Case(text: #"[{"a" 1}]"#, line: 1, column: 7, record: 0, path: "$[0].a", says: "expected ':' after the key"),
        Case(text: #"[{"a": 1 "b": 2}]"#, line: 1, column: 10, record: 0, path: "$[0].a", says: "expected ',' or '}'"),
        Case(text: #"[{a: 1}]"#, line: 1, column: 3, record: 0, path: "$[0]", says: "expected a key"),
        Case(text: "[{\"a\": 'x'}]", line: 1, column: 8, record: 0, path: "$[0].a", says: "expected a value"),
        Case(text: #"[{"a": tru}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "expected true"),
        Case(text: #"[{"a": nul }]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "expected null"),
        Case(text: #"[{"a": NaN}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "found 'N'"),
        Case(text: #"[{"a": 00123}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "has a leading zero"),
        Case(
            text: #"[{"a": 1.}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "digit after its decimal point"),
        Case(text: #"[{"a": .5}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "expected a value"),
        Case(text: #"[{"a": +1}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "expected a value"),
        Case(text: #"[{"a": 1e}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "digits in its exponent"),
        Case(text: #"[{"a": 1-2}]"#, line: 1, column: 8, record: 0, path: "$[0].a", says: "is not a number"),
        Case(text: #"[{"a": "x\qy"}]"#, line: 1, column: 10, record: 0, path: "$[0].a", says: "\\q is not an escape"),
        Case(text: #"[{"a": "\u12"}]"#, line: 1, column: 9, record: 0, path: "$[0].a", says: "four hex digits"),
        Case(text: #"[{"a": "\ud83d"}]"#, line: 1, column: 9, record: 0, path: "$[0].a", says: "without its second"),
        Case(
            text: #"[{"a": "\ud83d\u0041"}]"#, line: 1, column: 9, record: 0, path: "$[0].a", says: "without its second"
        ),
        Case(text: #"[{"a": "\ude00"}]"#, line: 1, column: 9, record: 0, path: "$[0].a", says: "second half"),
        Case(text: "[{\"a\": \"two\nlines\"}]", line: 1, column: 12, record: 0, path: "$[0].a", says: "a line break"),
        Case(
            text: "[{\"a\": \"tab\there\"}]", line: 1, column: 12, record: 0, path: "$[0].a", says: "control character"),
        Case(text: "[{\"a\": \"never closed}]", line: 1, column: 8, record: 0, path: "$[0].a", says: "never closed"),
        Case(text: "[{\"a\": 1}", line: 1, column: 10, record: nil, path: "$", says: "expected ',' or ']'"),
        Case(text: "[{\"a\": [1, 2}]", line: 1, column: 13, record: 0, path: "$[0].a[1]", says: "expected ',' or ']'"),
        Case(text: "[{\"a\": 1}]]", line: 1, column: 11, record: nil, path: "$", says: "text after the end"),
        Case(text: "[{\"a\": 1}] {\"b\": 2}", line: 1, column: 12, record: nil, path: "$", says: "NDJSON"),
        Case(text: "\n\n  [\n {\"a\": 1},\n {\"a\" 2}]", line: 5, column: 7, record: 1, path: "$[1].a", says: "':'"),
        Case(
            text: "{\"a\": 1}\n{\"a\": 2} {\"a\": 3}\n", line: 2, column: 10, record: nil, path: "$", says: "same line"),
        Case(text: "{\"a\": 1}\n[1]\n", line: 2, column: 1, record: nil, path: "$", says: "text after the end"),
        Case(
            text: "{\"a\": 1}\n{\"a\": 2, \"a\": 3}\n", line: 2, column: 10, record: 1, path: "$.a",
            says: "appears twice"),
        Case(text: "{\"a\": 1}\r\n{\"b\": }\r\n", line: 2, column: 7, record: 1, path: "$.b", says: "expected a value"),
        Case(text: "{\"a\": 1}\r{\"b\": }\r", line: 2, column: 7, record: 1, path: "$.b", says: "expected a value"),
        Case(text: "x", line: 1, column: 1, record: nil, path: "$", says: "at the start"),
        Case(text: "\"just a string\"", line: 1, column: 1, record: nil, path: "$", says: "at the start"),
    ]

    @Test(arguments: cases)
    func malformedInputSaysWhereAndWhat(_ test: Case) throws {
        let error = try #require(JSONFixture.error(test.text))
        #expect(error.location?.line == test.line)
        #expect(error.location?.column == test.column)
        #expect(error.recordIndex == test.record)
        #expect(error.jsonPath == test.path)
        #expect(error.detail.contains(test.says), "\(error.detail)")
        let description = try #require(error.errorDescription)
        #expect(description.hasPrefix("\(error.source):\(test.line):\(test.column): "))
        if let record = test.record { #expect(description.contains("record \(record + 1) (line ")) }
        // The same error at every split of the text.
        for chunkSize in [1, 2, 3] {
            let split = JSONFixture.error(test.text, chunkSize: chunkSize)
            #expect(split?.location == error.location && split?.problem == error.problem, "chunk \(chunkSize)")
        }
    }

    @Test func anEnvelopeErrorNamesTheMember() throws {
        let text = "{\"meta\": {\"a\": [1, 2,]}, \"data\": []}"
        let error = try #require(JSONFixture.error(text, options: JSONReaderOptions(recordsPath: "data")))
        #expect(error.jsonPath == "$.meta.a" && error.recordIndex == nil)
        #expect(
            error.errorDescription?.contains(":1:22: $.meta.a: not valid JSON: a comma before ']'") == true, "\(error)")
    }

    /// Invalid UTF-8 anywhere (a key, a value, a skipped value, an overlong form, a surrogate, a cut sequence)
    /// names its byte offset.
    @Test(arguments: [
        ([0xC3, 0x28], 9), ([0xE0, 0x80, 0x80], 9), ([0xED, 0xA0, 0x80], 9), ([0xF4, 0x90, 0x80, 0x80], 9),
        ([0xFF], 9), ([0xC3], 9), ([0xE2, 0x82], 9),
    ])
    func invalidUTF8NamesItsOffset(bad: [UInt8], offset: Int) throws {
        let bytes = Array("[{\"a\": \"x".utf8) + bad + Array("\"}]".utf8)
        let error = try #require(JSONFixture.error(bytes: bytes))
        #expect(error.problem == .invalidUTF8)
        #expect(error.location?.byteOffset == offset && error.jsonPath == "$[0].a")
        #expect(error.detail.contains("invalid UTF-8 at byte offset \(offset)"))
        let inKey = Array("{\"data\": [], \"k".utf8) + bad + Array("\": 1}".utf8)
        let keyError = try #require(JSONFixture.error(bytes: inKey, options: JSONReaderOptions(recordsPath: "data")))
        #expect(keyError.problem == .invalidUTF8 && keyError.location?.byteOffset == 15)
        let skipped = Array("{\"skip\": [\"".utf8) + bad + Array("\"], \"data\": []}".utf8)
        let skipError = try #require(JSONFixture.error(bytes: skipped, options: JSONReaderOptions(recordsPath: "data")))
        #expect(skipError.problem == .invalidUTF8 && skipError.location?.byteOffset == 11)
    }

    @Test func nestingDeeperThanTheCapIsRefused() throws {
        let deep = "[{\"a\": " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}]"
        let error = try #require(JSONFixture.error(deep))
        #expect(error.problem == .tooDeep(limit: 64))
        #expect(error.location?.column == 8 + 63)
        #expect(error.detail.contains("nested more than 64 levels"))
        // 63 arrays inside the record object is 64 levels: allowed.
        let allowed = "[{\"a\": " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}]"
        #expect(try JSONFixture.records(allowed).count == 1)
        // A skipped value of the envelope is held to the same cap: a million brackets cost no memory.
        let hostile = "{\"x\": " + String(repeating: "[", count: 1_000_000) + "}"
        let skipped = try #require(JSONFixture.error(hostile, options: JSONReaderOptions(recordsPath: "data")))
        #expect(skipped.problem == .tooDeep(limit: 64))
    }

    @Test func theCSVCapsApply() throws {
        var options = JSONReaderOptions()
        options.limits = CSVLimits(maxFieldBytes: 16, maxRecordBytes: 100, maxFields: 3)
        let field = try #require(JSONFixture.error(#"[{"a": "12345678901234567"}]"#, options: options))
        #expect(field.problem == .fieldTooLarge(limit: 16) && field.jsonPath == "$[0].a" && field.recordIndex == 0)
        #expect(field.detail.hasPrefix("a value longer than 16 bytes, the most a field may hold"))
        let number = try #require(JSONFixture.error(#"[{"a": 12345678901234567}]"#, options: options))
        #expect(number.problem == .fieldTooLarge(limit: 16))
        let fields = try #require(JSONFixture.error(#"[{"a": 1, "b": 2, "c": {"d": 3, "e": 4}}]"#, options: options))
        #expect(fields.problem == .tooManyFields(limit: 3) && fields.jsonPath == "$[0].c.e")
        let long =
            "[{\"a\": 1}, {" + (0..<2).map { "\"k\($0)\": \"0123456789abcde\"" }.joined(separator: ", ")
            + ", \"pad\": [" + String(repeating: " ", count: 80) + "]}]"
        let record = try #require(JSONFixture.error(long, options: options))
        #expect(record.problem == .recordTooLarge(limit: 100) && record.recordIndex == 1)
        #expect(record.detail.hasPrefix("the record is longer than 100 bytes, the most a record may hold"))
        // The standard caps name their sizes as the CSV messages do.
        let big = "[{\"a\": \"" + String(repeating: "x", count: 256 * 1024 + 1) + "\"}]"
        #expect(JSONFixture.error(big)?.detail.hasPrefix("a value longer than 256 KB") == true)
        // A key longer than a path may be.
        let key = "[{\"" + String(repeating: "k", count: 1025) + "\": 1}]"
        #expect(JSONFixture.error(key)?.problem == .pathTooLong(limit: 1024))
    }

    @Test func aMissingFileAndADirectoryAreNamed() throws {
        let missing = "/nonexistent/people.json"
        #expect(throws: JSONRecordsError.self) { try JSONRecordReader(path: missing) }
        do {
            _ = try JSONRecordReader(path: missing)
        } catch {
            #expect(error.errorDescription?.hasPrefix("\(missing): cannot open the file") == true)
        }
        do {
            _ = try JSONRecordReader(path: NSTemporaryDirectory())
            Issue.record("a directory was read")
        } catch {
            #expect(error.detail.contains("directory"))
        }
    }
}
