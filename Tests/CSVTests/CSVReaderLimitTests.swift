import Foundation
import Testing

@testable import CSV

/// The caps on a field, a record and its fields (`CSVLimits`): past one, the read stops naming the line (and the
/// field and column), whatever the chunk size; up to it, everything is read.
@Suite struct CSVReaderLimitTests {
    /// Small limits, so the cases stay small: 8-byte fields, 20-byte records, 4 fields.
    static let small = CSVLimits(maxFieldBytes: 8, maxRecordBytes: 20, maxFields: 4)

    @Test(arguments: Fixture.chunkSizes)
    func aFieldAtTheLimitIsReadAndOneByteMoreIsRefused(chunkSize: Int) throws {
        let fits = bytes("id,notes\n1,12345678\n")
        #expect(try Fixture.error(fits, chunkSize: chunkSize, limits: Self.small) == nil)
        let error = try Fixture.error(
            bytes("id,notes\n1,ok\n\n2,123456789\n"), chunkSize: chunkSize, limits: Self.small)
        #expect(
            error
                == .fieldTooLarge(
                    path: "users.csv", line: 4, field: 2, column: "notes", limit: 8, quoteLine: nil))
    }

    @Test(arguments: Fixture.chunkSizes)
    func aQuotedFieldThatNeverClosesIsStoppedAtTheLimitNamingWhereItOpened(chunkSize: Int) throws {
        let error = try Fixture.error(
            bytes("id,notes\n1,\"a\nb\nc\nd\ne\n"), chunkSize: chunkSize, limits: Self.small)
        #expect(
            error == .fieldTooLarge(path: "users.csv", line: 2, field: 2, column: "notes", limit: 8, quoteLine: 2))
        #expect(error?.localizedDescription.contains("quoted field opened on line 2") == true)
    }

    @Test(arguments: Fixture.chunkSizes)
    func aRecordPastTheLimitIsRefused(chunkSize: Int) throws {
        let error = try Fixture.error(
            bytes("a,b,c\n1234567,1234567,1234567\n"), chunkSize: chunkSize, limits: Self.small)
        #expect(error == .recordTooLarge(path: "users.csv", line: 2, limit: 20))
    }

    @Test(arguments: Fixture.chunkSizes)
    func tooManyFieldsInTheHeaderOrARecordAreRefused(chunkSize: Int) throws {
        #expect(
            try Fixture.error(bytes("a,b,c,d,e\n"), chunkSize: chunkSize, limits: Self.small)
                == .tooManyFields(path: "users.csv", line: 1, limit: 4, header: true))
        #expect(
            try Fixture.error(bytes("a,b\n1,2\n,,,,\n"), chunkSize: chunkSize, limits: Self.small)
                == .tooManyFields(path: "users.csv", line: 3, limit: 4, header: false))
        #expect(try Fixture.error(bytes("a,b,c,d\n,,,\n"), chunkSize: chunkSize, limits: Self.small) == nil)
    }

    @Test func theStandardLimitsAreTheDocumentedOnes() {
        #expect(CSVLimits.standard == CSVLimits(maxFieldBytes: 262_144, maxRecordBytes: 1_048_576, maxFields: 10_000))
        let error = CSVError.fieldTooLarge(
            path: "users.csv", line: 7, field: 3, column: "notes", limit: 262_144, quoteLine: nil)
        #expect(
            error.localizedDescription
                == "users.csv:7: field 3 (column notes) is longer than 256 KB, the most a field may hold; no HR "
                + "attribute is that long: is this the right file?")
    }

    /// The standard limits on the real thing: a 2 MB run of NUL bytes (what `/dev/zero` gives) is one growing field,
    /// stopped at 256 KB.
    @Test func aStreamOfZeroesStopsAtTheFieldLimit() throws {
        let error = try Fixture.error([UInt8](repeating: 0, count: 2 << 20))
        #expect(
            error == .fieldTooLarge(path: "users.csv", line: 1, field: 1, column: nil, limit: 262_144, quoteLine: nil))
    }
}
