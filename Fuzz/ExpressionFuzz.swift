import CSV
import Foundation
import JSONDocument
import Mapping
import SCIM

/// The columns expressions in the corpus refer to.
private let header = ["WorkerID", "FirstName", "LastName", "Email", "WorkerStatus", "HireDate", "Phone", "Count"]

/// Rows for the evaluator's edge cases: diacritics, blanks, dates in several shapes, numbers near the limits, a
/// regular-expression-heavy phone number, and the text that makes corelibs' DateFormatter trap.
private let rows: [CSVRecord] = [
    CSVRecord(
        line: 2,
        fields: [
            "1001", "Zoë", "Øster-Ström", "zoe@contoso.com", "Active", "2020-03-16-07:00",
            "+1 (999) 888-7777", "42",
        ]),
    CSVRecord(line: 3, fields: ["1002", "", " ", "", "", "", "", ""]),
    CSVRecord(
        line: 4,
        fields: [
            "", "Ἀθηνᾶ", "O'Brien \"Bob\"", "not-an-email", "active", "12/31/9999 11:59:59 PM",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "9223372036854775807",
        ]),
    CSVRecord(line: 5, fields: ["1004", "😀👩‍👩‍👧", "\u{0}", "x@y", "Leave", "0001-01-01T00:00:00Z", "-", "-1e308"]),
    CSVRecord(
        line: 6, fields: ["1005", "ſun", "x", "y@z", "True", "\u{17F}\u{74A}\u{FFFD}\u{FFFD}\u{74A}", "1", "NaN"]),
]

/// libFuzzer target: the input is an expression. It is put into a mapping file for a string, a boolean, an integer
/// and a dateTime attribute in turn (so the lexer, parser, binder, type checks and conversions all see it); where one
/// loads, the rows are mapped, explained and encoded, by layout and by tree. Errors must render as text.
@_cdecl("LLVMFuzzerTestOneInput")
public func expressionFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let expression = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let quoted = String(decoding: JSONWriter.encode(.string(expression)), as: UTF8.self)
    let custom = "urn:ietf:params:scim:schemas:extension:fuzz:1.0:User"
    // Each attribute type rejects some results (a date for a boolean), so the expression goes into one mapping per
    // type and each that loads is evaluated.
    let keys = #""externalId": "WorkerID", "userName": "Email""#
    let variants = [
        #""title": {"expression": \#(quoted)}"#, #""active": {"expression": \#(quoted)}"#,
        #""\#(custom):Number": {"expression": \#(quoted), "type": "integer"}"#,
        #""\#(custom):When": {"expression": \#(quoted), "type": "dateTime"}"#,
    ].map { #"{"attributes": {\#(keys), \#($0)}}"# }
    for json in variants {
        let mapping: ColumnMapping
        do {
            mapping = try MappingFile.parse(Data(json.utf8), path: "fuzz.json", header: header)
        } catch {
            _ = error.localizedDescription
            continue
        }
        check(mapping)
    }
    return 0
}

/// Maps, explains and encodes every row; the layout (the fast path) must write what the tree encodes to.
private func check(_ mapping: ColumnMapping) {
    for warning in mapping.warnings { _ = "\(warning)" }
    for rule in mapping.rules { _ = rule.summary }
    for emptyAsNull in [false, true] {
        let mapper = RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull, now: Date(timeIntervalSince1970: 1.7e9))
        for row in rows {
            let mapped = mapper.map(row)
            let data = mapper.data(of: mapped)
            precondition(
                data == JSONWriter.encode(.object(mapper.user(of: mapped).dataObject())), "layout and tree differ")
            precondition(
                (try? JSONSerialization.jsonObject(with: Data(data))) != nil, "invalid JSON for line \(row.line)")
            for outcome in mapper.explain(row) { _ = "\(outcome.result)" }
            for problem in mapped.problems { _ = problem.formatted(file: "fuzz.csv") }
        }
    }
}
