import CSV
import Foundation
import Mapping
import Testing

/// Inputs found by fuzzing (docs/fuzzing.md), as they reach the mapper from a CSV cell.
@Suite struct MappingFuzzRegressionTests {
    static let header = ["WorkerID", "Email", "HireDate"]

    /// The HTTPParsingFuzz crash input, as a dateTime cell: corelibs' DateFormatter trapped ("Incorrect range
    /// CFRange") on it with a weekday pattern, crashing the whole run; confirmed by MappingFileFuzz. Now a row error.
    @Test(
        arguments: [
            ("EEE, dd MMM yyyy", "\u{17F}\u{74A}\u{FFFD}\u{FFFD}\u{74A}\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("EEE MMM d yyyy", "\u{17F}\u{74A}\u{FFFD}\u{FFFD}\u{74A}\u{FFFD}\u{FFFD}\u{FFFD}"),
            (nil, "2021-05-0\u{17F}"),
            ("MM/dd/yyyy", "05/01/２０２１"),
        ] as [(String?, String)])
    func nonASCIIDateIsARowError(format: String?, cell: String) throws {
        let formatJSON = format.map { #", "format": "\#($0)""# } ?? ""
        let json =
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Hired": {"column": "HireDate", "type": "dateTime"\#(formatJSON)}}}"#
        let mapping = try MappingFile.parse(Data(json.utf8), path: "m.json", header: Self.header)
        let row = RecordMapper(mapping: mapping).map(CSVRecord(line: 2, fields: ["W1", "a@contoso.com", cell]))
        #expect(!row.isValid)
        #expect(row.problems.contains { $0.message.contains("non-ASCII") }, "\(row.problems)")
    }
}
