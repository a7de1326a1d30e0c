import CSV
import Foundation
import JSONDocument
import Mapping
import SCIM

/// A typical HR export header; mapping files in the corpus refer to these columns.
private let header = [
    "WorkerID", "FirstName", "LastName", "Email", "WorkerStatus", "ManagerID", "HireDate", "Salary", "Dept",
]

/// Rows that hit the converters' edge cases: diacritics, blanks, odd dates and numbers, a wrong field count.
private let rows: [CSVRecord] = [
    CSVRecord(
        line: 2,
        fields: ["1001", "Zoë", "Ångström", "zoe@contoso.com", "Active", "1000", "03/14/2021", "52000.50", "R&D"]),
    CSVRecord(line: 3, fields: ["1002", "", " ", "", "Terminated", "1002", "2021-02-30", "-0", ""]),
    CSVRecord(
        line: 4, fields: ["", "Ἀθηνᾶ", "O'Brien \"Bob\"", "not-an-email", "active", "", "99/99/9999", "1e400", "\u{0}"]),
    CSVRecord(line: 5, fields: ["1004", "a"]),
    CSVRecord(
        line: 6,
        fields: ["9223372036854775808", "{FirstName}", "😀👩‍👩‍👧", "x@y", "Inactive", "1", "12/31/1999 23:59", "NaN", "Dept"]),
    // The Retry-After crash input (HTTPParsingFuzz): DateFormatter traps on it with weekday patterns.
    CSVRecord(
        line: 7,
        fields: [
            "1007", "ſun", "x", "y@z", "Active", "", "\u{17F}\u{74A}\u{FFFD}\u{FFFD}\u{74A}\u{FFFD}\u{FFFD}\u{FFFD}",
            "1", "x",
        ]),
]

/// libFuzzer target: the input is a mapping file. When it parses, a few fixed rows are mapped with `RecordMapper`
/// (plain and `emptyAsNull`) and each user is encoded, by its layout and by its tree; errors must render as text.
@_cdecl("LLVMFuzzerTestOneInput")
public func mappingFileFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let mapping: ColumnMapping
    do {
        mapping = try MappingFile.parse(data, path: "fuzz.json", header: header)
    } catch {
        _ = error.localizedDescription
        return 0
    }
    for emptyAsNull in [false, true] {
        let mapper = RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull)
        for row in rows {
            let mapped = mapper.map(row)
            let json = mapper.data(of: mapped)
            // The fast path (a layout per presence pattern) must write exactly what the SCIMUser tree encodes to.
            precondition(
                json == JSONWriter.encode(.object(mapper.user(of: mapped).dataObject())), "layout and tree differ")
            precondition(json.first == UInt8(ascii: "{") && json.last == UInt8(ascii: "}"), "not a JSON object")
            // What we send must be JSON the service can read back.
            precondition(
                (try? JSONSerialization.jsonObject(with: Data(json))) != nil,
                "invalid JSON for line \(row.line): \(String(decoding: json, as: UTF8.self))")
            for problem in mapped.problems { _ = "\(problem)" }
        }
    }
    return 0
}
