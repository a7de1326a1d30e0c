import Testing

@testable import CSV

@Suite struct CSVReaderEncodingTests {
    static let text = "Name,City\r\nJosé,\"Zürich\r\n😀\"\r\n"
    static let expected = [rec(1, "Name", "City"), rec(2, "José", "Zürich\r\n😀")]

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for unit in ((bom ? "\u{FEFF}" : "") + text).utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            out += bigEndian ? [high, low] : [low, high]
        }
        return out
    }

    /// (description, bytes, dialect encoding)
    static let utf16Cases: [(String, [UInt8], TextEncoding?)] = [
        ("LE with BOM, detected", utf16(text, bigEndian: false, bom: true), nil),
        ("BE with BOM, detected", utf16(text, bigEndian: true, bom: true), nil),
        ("LE with BOM, explicit", utf16(text, bigEndian: false, bom: true), .utf16le),
        ("LE without BOM, explicit", utf16(text, bigEndian: false, bom: false), .utf16le),
        ("BE without BOM, explicit", utf16(text, bigEndian: true, bom: false), .utf16be),
    ]

    @Test(arguments: utf16Cases, Fixture.chunkSizes)
    func decodesUTF16(_ testCase: (String, [UInt8], TextEncoding?), chunkSize: Int) throws {
        let records = try Fixture.records(testCase.1, dialect: CSVDialect(encoding: testCase.2), chunkSize: chunkSize)
        #expect(records == Self.expected, "\(testCase.0)")
    }

    @Test(arguments: [nil, TextEncoding.utf8], Fixture.chunkSizes)
    func skipsUTF8ByteOrderMark(_ encoding: TextEncoding?, chunkSize: Int) throws {
        let records = try Fixture.records(
            [0xEF, 0xBB, 0xBF] + bytes(Self.text), dialect: CSVDialect(encoding: encoding), chunkSize: chunkSize)
        #expect(records == Self.expected)
    }

    /// (encoding, raw bytes of the data row, expected fields)
    static let singleByteCases: [(TextEncoding, [UInt8], [String])] = [
        (.windows1252, [0x80, 0x2C, 0x9A, 0x2C, 0xE9], ["€", "š", "é"]),
        (.windows1252, [0x81, 0x2C, 0x8D, 0x8F, 0x90, 0x9D, 0x2C, 0x9F], ["\u{81}", "\u{8D}\u{8F}\u{90}\u{9D}", "Ÿ"]),
        (.windows1252, [0x93, 0x71, 0x94, 0x2C, 0x96, 0x2C, 0xFF], ["\u{201C}q\u{201D}", "–", "ÿ"]),
        (.latin1, [0xE9, 0x2C, 0x80, 0x2C, 0xDF, 0xFF], ["é", "\u{80}", "ßÿ"]),
    ]

    @Test(arguments: singleByteCases, Fixture.chunkSizes)
    func decodesSingleByteEncodings(_ testCase: (TextEncoding, [UInt8], [String]), chunkSize: Int) throws {
        let input = bytes("a,b,c\r\n") + testCase.1 + [0x0D, 0x0A]
        let records = try Fixture.records(input, dialect: CSVDialect(encoding: testCase.0), chunkSize: chunkSize)
        #expect(records == [rec(1, "a", "b", "c"), CSVRecord(line: 2, fields: testCase.2)])
    }

    /// (description, UTF-16 LE bytes, expected line, expected byte offset)
    static let invalidUTF16Cases: [(String, [UInt8], Int, Int)] = [
        ("odd trailing byte", [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x62], 2, 6),
        (
            "unpaired high surrogate before a letter",
            [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x0A, 0x00, 0x3D, 0xD8, 0x62, 0x00], 3, 8
        ),
        ("lone low surrogate", [0xFF, 0xFE, 0x61, 0x00, 0x0D, 0x00, 0x0A, 0x00, 0x00, 0xDE], 2, 8),
        ("high surrogate at end of file", [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x62, 0x00, 0x3D, 0xD8], 2, 8),
    ]

    @Test(arguments: invalidUTF16Cases, Fixture.chunkSizes)
    func reportsInvalidUTF16WithLineAndOffset(_ testCase: (String, [UInt8], Int, Int), chunkSize: Int) throws {
        let error = try Fixture.error(testCase.1, chunkSize: chunkSize)
        #expect(error == .invalidUTF16(path: "users.csv", line: testCase.2, byteOffset: testCase.3), "\(testCase.0)")
    }

    @Test func returnsRecordsBeforeAnInvalidUTF16CodeUnit() throws {
        let input = Self.utf16("a\nok\n", bigEndian: false, bom: true) + [0x00, 0xDC]
        try Fixture.withFile(input) { path in
            let reader = try CSVReader(path: path, chunkSize: 2)
            #expect(try reader.next() == rec(2, "ok"))
            #expect(throws: CSVError.invalidUTF16(path: path, line: 3, byteOffset: 12)) { try reader.next() }
        }
    }

    @Test func windows1252DoesNotSkipAUTF8ByteOrderMark() throws {
        let records = try Fixture.records([0xEF, 0xBB, 0xBF, 0x61, 0x0A], dialect: CSVDialect(encoding: .windows1252))
        #expect(records == [rec(1, "ï»¿a")])
    }

    @Test(arguments: [
        ("utf-8", TextEncoding.utf8), ("UTF8", .utf8), ("utf-16le", .utf16le), ("UTF16LE", .utf16le),
        ("utf-16be", .utf16be), ("utf16be", .utf16be), ("windows-1252", .windows1252), ("CP1252", .windows1252),
        ("latin1", .latin1), ("ISO-8859-1", .latin1), ("Latin-1", .latin1),
    ])
    func acceptsEncodingNamesAndAliases(_ name: String, encoding: TextEncoding) {
        #expect(TextEncoding(name: name) == encoding)
    }

    @Test(arguments: ["", "ascii", "utf-32", "utf16", "cp1251"])
    func rejectsUnknownEncodingNames(_ name: String) {
        #expect(TextEncoding(name: name) == nil)
    }

    @Test(arguments: [
        (",", UInt8?(UInt8(ascii: ","))), (";", UInt8(ascii: ";")), ("|", UInt8(ascii: "|")),
        ("tab", UInt8(ascii: "\t")),
        ("TAB", UInt8(ascii: "\t")), ("\t", UInt8(ascii: "\t")), ("\\t", UInt8(ascii: "\t")), (":", nil), ("", nil),
        (",,", nil),
    ])
    func parsesDelimiterFlag(_ name: String, expected: UInt8?) {
        #expect(CSVDialect.delimiter(named: name) == expected)
    }
}
