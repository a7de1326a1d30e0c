import Foundation
import JSONRecords
import Testing

/// The three shapes (an array, an object with a records path, NDJSON), how they are told apart, and what a wrong or
/// missing records path says.
@Suite struct JSONShapeTests {
    static let two = #"[{"id": "00123", "name": "Ana"}, {"id": "00124", "name": "Bo"}]"#

    @Test func aTopLevelArrayOfObjects() throws {
        try JSONFixture.reading(bytes: Array(Self.two.utf8)) { reader in
            #expect(reader.layout == .array)
            let first = try #require(try reader.next())
            #expect(JSONFixture.flat(first) == ["id=s:00123", "name=s:Ana"])
            #expect(first.index == 0 && first.line == 1 && first.jsonPath == "$[0]")
            let second = try #require(try reader.next())
            #expect(second.position == 2 && second.jsonPath == "$[1]")
            #expect(try reader.next() == nil)
            #expect(try reader.next() == nil)
        }
    }

    @Test(arguments: [
        ("Report_Entry", #"{"Report_Entry": [{"Worker_ID": "1"}, {"Worker_ID": "2"}]}"#, "$.Report_Entry"),
        ("d.results", #"{"d": {"results": [{"userId": "1"}, {"userId": "2"}], "__next": null}}"#, "$.d.results"),
        (
            "employees", #"{"fields": [{"id": "x"}], "employees": [{"id": "1"}, {"id": "2"}], "title": "t"}"#,
            "$.employees"
        ),
        ("data", #"{"success": true, "metadata": {"total": 2}, "data": [{"a": 1}, {"a": 2}]}"#, "$.data"),
        ("@odata.value", #"{"@odata.value": [{"a": 1}, {"a": 2}], "@odata.nextLink": "x"}"#, "$['@odata.value']"),
    ])
    func anObjectWithTheRecordsUnderAPath(path: String, text: String, jsonPath: String) throws {
        let options = JSONReaderOptions(recordsPath: path)
        try JSONFixture.reading(bytes: Array(text.utf8), options: options) { reader in
            #expect(reader.layout == .object(recordsPath: path))
            var records: [JSONRecord] = []
            while let record = try reader.next() { records.append(record) }
            #expect(records.count == 2)
            #expect(records.map(\.jsonPath) == [jsonPath + "[0]", jsonPath + "[1]"])
        }
    }

    @Test func ndjsonIsDetectedWithBlankLinesAndCRLF() throws {
        let text = "{\"id\": 1}\r\n\r\n  \n{\"id\": 2}\r\n{\"id\": 3}"
        try JSONFixture.reading(bytes: Array(text.utf8)) { reader in
            #expect(reader.layout == .ndjson)
            var records: [JSONRecord] = []
            while let record = try reader.next() { records.append(record) }
            #expect(records.map(\.line) == [1, 4, 5])
            #expect(records.map(\.jsonPath) == ["$", "$", "$"])
            #expect(records.map { JSONFixture.flat($0) } == [["id=n:1"], ["id=n:2"], ["id=n:3"]])
        }
    }

    /// jq's default output: one pretty-printed object after another, each starting on a new line.
    @Test func prettyPrintedObjectsOneAfterAnotherAreRecordsToo() throws {
        let text = "{\n  \"id\": 1,\n  \"job\": {\n    \"title\": \"A\"\n  }\n}\n{\n  \"id\": 2\n}\n"
        let records = try JSONFixture.records(text)
        #expect(records.map(\.line) == [1, 7])
        #expect(JSONFixture.flat(records[0]) == ["id=n:1", "job.title=s:A"])
    }

    @Test func aForcedFormatIsObeyed() throws {
        // One object alone is NDJSON of one record only when the caller says so.
        let one = #"{"id": 1}"#
        #expect(try JSONFixture.records(one, options: JSONReaderOptions(format: .ndjson)).count == 1)
        let error = try #require(JSONFixture.error(one))
        #expect(error.detail.contains("--format ndjson"))
        // NDJSON text read as JSON: the second object is text after the document.
        let lines = "{\"a\": 1}\n{\"a\": 2}\n"
        let forced = try #require(JSONFixture.error(lines, options: JSONReaderOptions(format: .json)))
        #expect(forced.detail.contains("records path"))
        // An empty text is no records as NDJSON (an empty snapshot), and an error otherwise.
        #expect(try JSONFixture.records("", options: JSONReaderOptions(format: .ndjson)).isEmpty)
        #expect(try JSONFixture.records(" \n\n", options: JSONReaderOptions(format: .ndjson)).isEmpty)
        #expect(JSONFixture.error("  \n")?.problem == .empty)
        #expect(JSONFixture.error("")?.problem == .empty)
        #expect(try JSONFixture.records("[]").isEmpty)
        #expect(try JSONFixture.records(#"{"data": []}"#, options: JSONReaderOptions(recordsPath: "data")).isEmpty)
    }

    @Test func oneObjectWithoutARecordsPathListsItsArrays() throws {
        let text = #"{"title": "r", "fields": [{"id": "a"}, {"id": "b"}], "d": {"rows": [1, 2, 3], "x": {"deep": []}}}"#
        let error = try #require(JSONFixture.error(text))
        guard case .recordsPathMissing(nil, let found, nil, true) = error.problem else {
            Issue.record("\(error.problem)")
            return
        }
        #expect(found.map(\.description) == ["fields (2 objects)", "d.rows (3 values)", "d.x.deep (0 values)"])
        #expect(error.errorDescription?.hasPrefix("\(error.source): the file is one JSON object") == true)
        #expect(error.detail.contains("arrays found: fields (2 objects), d.rows (3 values)"))
    }

    @Test func aWrongRecordsPathSaysWhichWasExpectedAndWhatIsThere() throws {
        let text = #"{"d": {"results": [{"a": 1}, {"a": 2}], "__count": "2"}, "meta": {"pages": [1]}}"#
        let error = try #require(JSONFixture.error(text, options: JSONReaderOptions(recordsPath: "d.result")))
        #expect(
            error.problem
                == .recordsPathMissing(
                    expected: "d.result",
                    found: [
                        FoundArray(path: "d.results", count: 2, holdsObjects: true),
                        FoundArray(path: "meta.pages", count: 1, holdsObjects: false),
                    ], answer: nil, oneObject: false))
        #expect(error.detail.contains("no array of records at the records path d.result; arrays found: d.results"))
        let notArray = try #require(JSONFixture.error(text, options: JSONReaderOptions(recordsPath: "d")))
        #expect(notArray.problem == .recordsPathNotArray(expected: "d", found: "an object"))
        #expect(notArray.location?.line == 1 && notArray.location?.column == 7)
        let onArray = try #require(JSONFixture.error("[]", options: JSONReaderOptions(recordsPath: "data")))
        #expect(onArray.problem == .recordsPathForArray(expected: "data"))
        let topLevel = try #require(JSONFixture.error(text, options: JSONReaderOptions(recordsPath: "")))
        #expect(topLevel.detail.contains("expected as an array at the top level"))
    }

    /// `{"error": …}` where records were expected (a source answering 200 with an error) says what the error said.
    @Test func anErrorObjectIsQuoted() throws {
        let text = #"{"error": {"code": "InternalError", "message": "Try again later."}}"#
        let error = try #require(JSONFixture.error(text, options: JSONReaderOptions(recordsPath: "data")))
        #expect(
            error.detail
                == "the answer is an error, not records (error.code: InternalError; error.message: Try again later.)")
    }

    /// A large object that is not a record: the array it holds is listed even though the object is too large to be
    /// read as one record (it is walked again from the start).
    @Test func anObjectTooLargeForARecordIsWalkedForItsArrays() throws {
        let entries = (0..<200).map { #"{"Worker_ID": "\#($0)", "Name": "Worker number \#($0)"}"# }
        let text = #"{"Report_Entry": ["# + entries.joined(separator: ",") + "]}"
        var options = JSONReaderOptions()
        options.limits.maxRecordBytes = 1000
        let error = try #require(JSONFixture.error(text, options: options))
        #expect(
            error.problem
                == .recordsPathMissing(
                    expected: nil, found: [FoundArray(path: "Report_Entry", count: 200, holdsObjects: true)],
                    answer: nil,
                    oneObject: true))
        // Followed by another object, it was a first line too large to be a record.
        let lines = "{\"notes\": \"" + String(repeating: "x", count: 2000) + "\"}\n{\"a\": 1}\n"
        #expect(JSONFixture.error(lines, options: options)?.problem == .recordTooLarge(limit: 1000))
    }

    /// Values after the records (a next link, a total) are kept when asked for, and only then.
    @Test func metaValuesAroundTheRecordsAreKept() throws {
        let text = #"{"total": 7, "data": [{"a": 1}], "links": {"next": "https://x/?page=2", "self": "s"}, "c": null}"#
        let options = JSONReaderOptions(recordsPath: "data", metaPaths: ["total", "links.next", "c", "absent"])
        try JSONFixture.reading(bytes: Array(text.utf8), options: options) { reader in
            while try reader.next() != nil {}
            #expect(reader.meta == ["total": .number("7"), "links.next": .string("https://x/?page=2"), "c": .null])
        }
    }

    @Test func theRecordsArrayMayHoldOnlyObjects() throws {
        let error = try #require(JSONFixture.error(#"[{"a": 1}, "b"]"#))
        #expect(error.problem == .notAnObject(found: "a string"))
        #expect(error.recordIndex == 1 && error.jsonPath == "$[1]")
        #expect(
            error.errorDescription
                == "\(error.source):1:12: record 2 (line 1), $[1]: the record is a string, not an object; every record must be a JSON object ({…})"
        )
    }

    /// A list of records that stops after a comma is a text cut short (not JSON; a source asks for it again), not a
    /// record of another kind.
    @Test func aListCutShortAfterACommaIsNotJSON() throws {
        for text in [#"[{"a": 1}, "#, #"{"data": [{"a": 1},"#, #"{"data": ["#] {
            let options = JSONReaderOptions(recordsPath: text.hasPrefix("[") ? nil : "data")
            let error = try #require(JSONFixture.error(text, options: options))
            #expect(
                error.problem == .syntax("the text ends inside the list of records, before its ']': it was cut short"),
                "\(text): \(error)")
        }
    }
}
