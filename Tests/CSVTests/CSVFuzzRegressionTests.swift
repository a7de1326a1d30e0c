import Testing

@testable import CSV

/// Inputs found by `Fuzz/CSVReaderFuzz.swift` (docs/fuzzing.md). The overflow cases are only *detected* in an
/// AddressSanitizer build (`swift test --sanitize=address --filter CSVFuzzRegressionTests`, or the fuzz target on the
/// same input); in a plain build they still check that the records come out right.
@Suite struct CSVFuzzRegressionTests {
    /// Fuzz crash `%\n` (UTF-8, chunk size 1): the three bytes sniffed for a BOM were copied into a raw buffer of
    /// only `chunkSize` bytes, a heap overflow for chunk sizes 1 and 2.
    @Test(
        arguments: [1, 2],
        [
            ([0x25, 0x0A], [["%"]]),
            (Array("a,b\n1,2\n".utf8), [["a", "b"], ["1", "2"]]),
            ([0xEF, 0xBB, 0xBF] + Array("x\ny\n".utf8), [["x"], ["y"]]),
            ([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00], [["a"]]),
        ] as [([UInt8], [[String]])])
    func chunksSmallerThanTheByteOrderMarkSniff(chunkSize: Int, testCase: ([UInt8], [[String]])) throws {
        let records = try Fixture.records(testCase.0, chunkSize: chunkSize)
        #expect(records.map(\.fields) == testCase.1)
    }

    @Test(arguments: [1, 2])
    func singleByteEncodingsWithTinyChunks(chunkSize: Int) throws {
        let records = try Fixture.records(
            [0x61, 0x0A, 0xE9], dialect: CSVDialect(encoding: .windows1252), chunkSize: chunkSize)
        #expect(records.map(\.fields) == [["a"], ["é"]])
    }
}
