import TestSupport
import Testing

@testable import CSV

@Suite struct CSVWriterTests {
    @Test(arguments: [
        (["a", "b"], UInt8(ascii: ","), "a,b\r\n"),
        (["x,y", "z"], UInt8(ascii: ","), "\"x,y\",z\r\n"),
        (["x,y", "z"], UInt8(ascii: ";"), "x,y;z\r\n"),
        (["a;b"], UInt8(ascii: ";"), "\"a;b\"\r\n"),
        (["he said \"hi\""], UInt8(ascii: ","), "\"he said \"\"hi\"\"\"\r\n"),
        (["l1\nl2", "c\rd", "e\r\nf"], UInt8(ascii: "|"), "\"l1\nl2\"|\"c\rd\"|\"e\r\nf\"\r\n"),
        (["", "", ""], UInt8(ascii: "\t"), "\t\t\r\n"),
        ([""], UInt8(ascii: ","), "\"\"\r\n"),
        (["José 😀", " padded "], UInt8(ascii: ","), "José 😀, padded \r\n"),
    ])
    func quotesOnlyWhenNeeded(_ fields: [String], delimiter: UInt8, expected: String) {
        #expect(CSVWriter.line(fields, delimiter: delimiter) == expected)
    }

    /// Writes awkward rows with every delimiter and reads them back unchanged, at several chunk sizes.
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "\t")])
    func roundTripsThroughTheReader(delimiter: UInt8) throws {
        let rows: [[String]] = [
            ["id", "name", "note"],
            ["1", "a,b;c|d\te", "\"quoted\""],
            ["2", "", "multi\r\nline\nand\rmore"],
            ["3", "ü😀名", "\"\""],
            [""],
            ["4", " x ", "trailing\n"],
        ]
        let text = rows.map { CSVWriter.line($0, delimiter: delimiter) }.joined()
        for chunkSize in Fixture.chunkSizes {
            let records = try Fixture.records(
                bytes(text), dialect: CSVDialect(delimiter: delimiter), chunkSize: chunkSize)
            #expect(records.map(\.fields) == rows, "chunkSize \(chunkSize)")
            #expect(records.map(\.line) == [1, 2, 3, 7, 8, 9], "chunkSize \(chunkSize)")
        }
    }

    /// Many pseudo-random rows (fixed seed) written and read back: exercises every chunk boundary position.
    @Test(arguments: [1, 7, 1 << 16])
    func roundTripsGeneratedRows(chunkSize: Int) throws {
        var generator = SplitMix64(seed: 42)
        let alphabet: [String] = ["a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", "é", "😀", "名", ";"]
        var rows: [[String]] = [["c1", "c2", "c3"]]
        for _ in 0..<300 {
            rows.append(
                (0..<3).map { _ in
                    (0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    }.joined()
                })
        }
        let text = rows.map { CSVWriter.line($0, delimiter: UInt8(ascii: ",")) }.joined()
        let records = try Fixture.records(bytes(text), chunkSize: chunkSize)
        #expect(records.map(\.fields) == rows)
    }
}
