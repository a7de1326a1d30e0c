import Testing

@testable import CSV

/// One parsing case: input text and the records (header first) it must produce.
struct ParseCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let expected: [CSVRecord]
    var testDescription: String { name }
}

@Suite struct CSVReaderParsingTests {
    static let cases: [ParseCase] = [
        ParseCase(
            name: "LF rows", input: "a,b\n1,2\n3,4\n", expected: [rec(1, "a", "b"), rec(2, "1", "2"), rec(3, "3", "4")]),
        ParseCase(
            name: "CRLF rows", input: "a,b\r\n1,2\r\n3,4\r\n",
            expected: [rec(1, "a", "b"), rec(2, "1", "2"), rec(3, "3", "4")]),
        ParseCase(
            name: "lone CR rows", input: "a,b\r1,2\r3,4\r",
            expected: [rec(1, "a", "b"), rec(2, "1", "2"), rec(3, "3", "4")]),
        ParseCase(
            name: "mixed line ends", input: "a\r\n1\n2\r3\r\n",
            expected: [rec(1, "a"), rec(2, "1"), rec(3, "2"), rec(4, "3")]),
        ParseCase(name: "no final newline", input: "a,b\n1,2", expected: [rec(1, "a", "b"), rec(2, "1", "2")]),
        ParseCase(
            name: "trailing empty lines ignored", input: "a,b\n1,2\n\n\r\n",
            expected: [rec(1, "a", "b"), rec(2, "1", "2")]),
        ParseCase(
            name: "empty lines skipped but counted", input: "\na\n\n1\r\n\r\n2\r\r3",
            expected: [rec(2, "a"), rec(4, "1"), rec(6, "2"), rec(8, "3")]),
        ParseCase(
            name: "quoted delimiter", input: "a,b\n\"x,y\",z\n", expected: [rec(1, "a", "b"), rec(2, "x,y", "z")]),
        ParseCase(
            name: "doubled quotes", input: "a,b\n\"he said \"\"hi\"\"\",\"\"\"\"\n",
            expected: [rec(1, "a", "b"), rec(2, "he said \"hi\"", "\"")]),
        ParseCase(
            name: "CRLF inside quotes keeps value and line numbers", input: "a,b\r\n\"l1\r\nl2\",x\r\n3,4\r\n",
            expected: [rec(1, "a", "b"), rec(2, "l1\r\nl2", "x"), rec(4, "3", "4")]),
        ParseCase(
            name: "LF and CR inside quotes", input: "a\n\"x\ny\rz\"\nnext\n",
            expected: [rec(1, "a"), rec(2, "x\ny\rz"), rec(5, "next")]),
        ParseCase(
            name: "quoted line breaks across several fields", input: "a,b\n\"1\n\",\"\n2\"\nz,\"\"\n",
            expected: [rec(1, "a", "b"), rec(2, "1\n", "\n2"), rec(5, "z", "")]),
        ParseCase(
            name: "quote inside unquoted field is literal", input: "a,b\nab\"c,d\"\n",
            expected: [rec(1, "a", "b"), rec(2, "ab\"c", "d\"")]),
        ParseCase(
            name: "text after closing quote is appended", input: "a,b\n\"ab\"c,\"x\"y\"z\n",
            expected: [rec(1, "a", "b"), rec(2, "abc", "xy\"z")]),
        ParseCase(
            name: "empty fields", input: "a,b,c\n,,\n\"\",x,\n",
            expected: [rec(1, "a", "b", "c"), rec(2, "", "", ""), rec(3, "", "x", "")]),
        ParseCase(name: "quoted empty field at end of file", input: "a\n\"\"", expected: [rec(1, "a"), rec(2, "")]),
        ParseCase(
            name: "trailing delimiter at end of file", input: "a,b\n\"1\",",
            expected: [rec(1, "a", "b"), rec(2, "1", "")]),
        ParseCase(
            name: "quote closing right before end of file", input: "a\n\"x\"\"\"",
            expected: [rec(1, "a"), rec(2, "x\"")]),
        ParseCase(
            name: "header trimmed, data kept as is", input: " a , b\t\n 1,2 \n",
            expected: [rec(1, "a", "b"), rec(2, " 1", "2 ")]),
        ParseCase(
            name: "ragged rows are returned as they are", input: "a,b\n1\n1,2,3\n",
            expected: [rec(1, "a", "b"), rec(2, "1"), rec(3, "1", "2", "3")]),
        ParseCase(
            name: "blank line before header skipped", input: "  \n\na\n1\n", expected: [rec(3, "a"), rec(4, "1")]),
        ParseCase(
            name: "multi-byte UTF-8", input: "名前,e\nJosé,😀ß\n", expected: [rec(1, "名前", "e"), rec(2, "José", "😀ß")]),
        ParseCase(
            name: "UTF-8 BOM skipped", input: "\u{FEFF}Id,Name\n1,x\n",
            expected: [rec(1, "Id", "Name"), rec(2, "1", "x")]),
        ParseCase(
            name: "whitespace-only data line is a record", input: "a\n \n", expected: [rec(1, "a"), rec(2, " ")]),
    ]

    @Test(arguments: cases, Fixture.chunkSizes)
    func parsesRecordsWithStartLines(_ testCase: ParseCase, chunkSize: Int) throws {
        let records = try Fixture.records(bytes(testCase.input), chunkSize: chunkSize)
        #expect(records == testCase.expected)
    }

    @Test(arguments: [
        (",", UInt8(ascii: ",")), (";", UInt8(ascii: ";")), ("|", UInt8(ascii: "|")), ("\t", UInt8(ascii: "\t")),
    ])
    func splitsOnTheDialectDelimiterOnly(_ symbol: String, delimiter: UInt8) throws {
        // The other delimiters are ordinary content; the chosen one is content only inside quotes.
        let others = [",", ";", "|", "\t"].filter { $0 != symbol }.joined()
        let input = "id\(symbol)name\n1\(symbol)x\(others)y\n2\(symbol)\"q\(symbol)r\"\n"
        let records = try Fixture.records(bytes(input), dialect: CSVDialect(delimiter: delimiter), chunkSize: 3)
        #expect(records == [rec(1, "id", "name"), rec(2, "1", "x\(others)y"), rec(3, "2", "q\(symbol)r")])
    }

    @Test(arguments: Fixture.chunkSizes)
    func headerOnlyFileHasNoRecords(chunkSize: Int) throws {
        try Fixture.withFile(bytes("Id,Email\r\n")) { path in
            let reader = try CSVReader(path: path, chunkSize: chunkSize)
            #expect(reader.header == rec(1, "Id", "Email"))
            #expect(try reader.next() == nil)
            #expect(try reader.next() == nil)
        }
    }

    @Test func bytesReadReachesFileSizeAndNeverGoesBack() throws {
        let input = bytes("\u{FEFF}a,b\n1,2\n3,4\n")
        try Fixture.withFile(input) { path in
            let reader = try CSVReader(path: path, chunkSize: 4)
            var seen = [reader.bytesRead]
            while try reader.next() != nil { seen.append(reader.bytesRead) }
            seen.append(reader.bytesRead)
            #expect(seen == seen.sorted())
            #expect(seen.first! > 0)
            #expect(seen.last == input.count)
        }
    }

    /// A long, multi-line quoted field grows the record buffer chunk by chunk (200 KB: under the 256 KB field limit).
    @Test func readsAFieldMuchLargerThanTheChunk() throws {
        let line = String(repeating: "x", count: 999) + "\n"
        let big = String(repeating: line, count: 200)
        let input = "a,b\n\"\(big)\",end\nnext,1\n"
        let records = try Fixture.records(bytes(input), chunkSize: 4_096)
        #expect(records.count == 3)
        #expect(records[1].fields == [big, "end"])
        #expect(records[2] == rec(2 + 200 + 1, "next", "1"))
    }
}
