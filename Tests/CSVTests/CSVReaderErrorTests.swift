import Foundation
import Testing

@testable import CSV

@Suite struct CSVReaderErrorTests {
    /// (description, input, expected error with the file called "users.csv")
    static let cases: [(String, [UInt8], CSVError)] = [
        ("empty file", [], .emptyFile(path: "users.csv")),
        ("BOM-only file", [0xEF, 0xBB, 0xBF], .emptyFile(path: "users.csv")),
        ("UTF-16 BOM-only file", [0xFF, 0xFE], .emptyFile(path: "users.csv")),
        ("only line breaks", bytes("\n\r\n\r"), .emptyFile(path: "users.csv")),
        ("only whitespace lines", bytes(" \r\n\t\n  "), .emptyFile(path: "users.csv")),
        (
            "invalid UTF-8 in a data row", bytes("a,b\n1,2\nx,") + [0xE9] + bytes("t\n"),
            .invalidUTF8(path: "users.csv", line: 3, byteOffset: 10)
        ),
        (
            "invalid UTF-8 offset counts the BOM", [0xEF, 0xBB, 0xBF] + bytes("a\n") + [0xFF],
            .invalidUTF8(path: "users.csv", line: 2, byteOffset: 5)
        ),
        (
            "invalid UTF-8 in the header", bytes("id,n") + [0xE4] + bytes("me\n"),
            .invalidUTF8(path: "users.csv", line: 1, byteOffset: 4)
        ),
        (
            "invalid UTF-8 after quotes and a line break inside a field",
            bytes("a,b\n1,\"p\"\"q\nr") + [0xFF] + bytes("\"\n"),
            .invalidUTF8(path: "users.csv", line: 3, byteOffset: 13)
        ),
        (
            "invalid UTF-8 after text following a closing quote",
            bytes("a\n\"x\"y") + [0xC3], .invalidUTF8(path: "users.csv", line: 2, byteOffset: 6)
        ),
        (
            "truncated sequence at end of field", bytes("a,b\n") + [0xC3] + bytes(",x\n"),
            .invalidUTF8(path: "users.csv", line: 2, byteOffset: 4)
        ),
        ("unterminated quote", bytes("a\n1\n\"open\nmore\nlines"), .unterminatedQuote(path: "users.csv", line: 3)),
        (
            "unterminated quote after a doubled quote", bytes("a,b\r\n1,\"x\"\"\r\n"),
            .unterminatedQuote(path: "users.csv", line: 2)
        ),
        ("unterminated quote in the header", bytes("\"a,b\n"), .unterminatedQuote(path: "users.csv", line: 1)),
        ("empty header name", bytes("a,,c\n1,2,3\n"), .emptyHeaderName(path: "users.csv", column: 2)),
        ("blank header name", bytes(" \t,b\n"), .emptyHeaderName(path: "users.csv", column: 1)),
        ("trailing delimiter in header", bytes("a,b,\n"), .emptyHeaderName(path: "users.csv", column: 3)),
        (
            "duplicate header name", bytes("Id,Email,x,y,Email\n"),
            .duplicateHeaderName(path: "users.csv", name: "Email", firstColumn: 2, column: 5)
        ),
        (
            "duplicate after trimming", bytes("Id, Email,Email \n"),
            .duplicateHeaderName(path: "users.csv", name: "Email", firstColumn: 2, column: 3)
        ),
        (
            "a semicolon export read with commas", bytes("externalId;userName;active\n1;a@x.com;true\n"),
            .headerOfOneColumn(path: "users.csv", line: 1, likelyDelimiter: UInt8(ascii: ";"))
        ),
        (
            "a tab export read with commas", bytes("\nexternalId\tuserName;x\tactive\n1\ta\ttrue\n"),
            .headerOfOneColumn(path: "users.csv", line: 2, likelyDelimiter: 0x09)
        ),
    ]

    @Test(arguments: cases, Fixture.chunkSizes)
    func reportsErrorWithLocation(_ testCase: (String, [UInt8], CSVError), chunkSize: Int) throws {
        #expect(try Fixture.error(testCase.1, chunkSize: chunkSize) == testCase.2, "\(testCase.0)")
    }

    /// A one-column file is fine; a comma file read with ';' gets the hint too.
    @Test func theDelimiterHintNeedsAnotherDelimiterInTheOneColumn() throws {
        let fields = try Fixture.withFile(bytes("externalId\n1\n")) { path in try CSVReader(path: path).header.fields }
        #expect(fields == ["externalId"])
        try Fixture.withFile(bytes("a,b\n")) { path -> Void in
            #expect(throws: CSVError.headerOfOneColumn(path: path, line: 1, likelyDelimiter: UInt8(ascii: ","))) {
                try CSVReader(path: path, dialect: CSVDialect(delimiter: UInt8(ascii: ";")))
            }
        }
    }

    @Test func missingFileCannotBeOpened() {
        let path = "/nonexistent-\(UUID().uuidString)/users.csv"
        #expect(throws: CSVError.cannotOpen(path: path, reason: "No such file or directory")) {
            try CSVReader(path: path)
        }
    }

    @Test func directoryCannotBeOpened() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: CSVError.cannotOpen(path: path, reason: "it is a directory")) {
            try CSVReader(path: path)
        }
    }

    @Test func returnsGoodRecordsBeforeTheBadOne() throws {
        try Fixture.withFile(bytes("a\nfine\n") + [0x80] + bytes("\n")) { path in
            let reader = try CSVReader(path: path)
            #expect(try reader.next() == rec(2, "fine"))
            #expect(throws: CSVError.invalidUTF8(path: path, line: 3, byteOffset: 7)) { try reader.next() }
        }
    }

    @Test(arguments: [
        (
            CSVError.invalidUTF8(path: "users.csv", line: 7, byteOffset: 1234),
            "users.csv:7: invalid UTF-8 at byte offset 1234; if the file is not UTF-8, pass --encoding windows-1252 "
                + "(or latin1, utf-16le)"
        ),
        (
            .unterminatedQuote(path: "users.csv", line: 12),
            "users.csv:12: a quoted field opened on this line is never closed; it swallows the rest of the file"
        ),
        (
            .emptyHeaderName(path: "users.csv", column: 3),
            "users.csv:1: column 3 of the header is empty; every column needs a name"
        ),
        (
            .duplicateHeaderName(path: "users.csv", name: "Email", firstColumn: 2, column: 5),
            "users.csv:1: header name \"Email\" appears in columns 2 and 5; header names must be unique"
        ),
        (
            .headerOfOneColumn(path: "users.csv", line: 1, likelyDelimiter: UInt8(ascii: ";")),
            "users.csv:1: the header has one column containing ';' — try --delimiter ';'"
        ),
        (
            .headerOfOneColumn(path: "users.csv", line: 1, likelyDelimiter: 0x09),
            "users.csv:1: the header has one column containing tabs — try --delimiter tab"
        ),
    ])
    func describesErrorsAsFileAndLine(_ error: CSVError, message: String) {
        #expect(error.localizedDescription == message)
    }

    @Test(arguments: [
        CSVError.cannotOpen(path: "users.csv", reason: "Permission denied"), .emptyFile(path: "users.csv"),
        .invalidUTF16(path: "users.csv", line: 2, byteOffset: 9), .readFailed(path: "users.csv", reason: "I/O error"),
    ])
    func everyMessageNamesTheFile(_ error: CSVError) {
        #expect(error.localizedDescription.hasPrefix("users.csv"))
    }
}
