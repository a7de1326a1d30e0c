import CSV
import Foundation
import Mapping

/// `--failed FILE`: the original input rows of the records that failed in the logs, with the same header (for JSON
/// records, the records as NDJSON), so that `provision upload FILE` retries exactly those once they are fixed.
///
/// Rows are picked by their line in the export at the upload's path now (`InputLines`: the journal's lines while it
/// is the uploaded file, else found again by externalId with the upload's mapping), so nobody who did not fail is
/// written. The bytes are kept as they were (it is a re-upload file), but cells that a spreadsheet would run as
/// formulas are pointed out.
struct FailedRowsWriter {
    let header: Journal.Header
    let events: @Sendable (SyncEvent) -> Void

    func write(failed: [(externalId: String, line: Int)], lines: InputLines, to path: String) throws(SyncError) {
        let wantedLines: Set<Int>
        switch lines {
        case .unchanged:
            wantedLines = Set(failed.map(\.line))
        case .relocated(let current):
            wantedLines = Set(failed.compactMap { current[$0.externalId] })
            let missing = failed.count { current[$0.externalId] == nil }
            if missing > 0 {
                events(
                    .warning(
                        "\(missing) of the \(failed.count) failed records are no longer in \(header.input) and were not "
                            + "written to \(path)"))
            }
        case .lost(let reason):
            if !FileManager.default.isReadableFile(atPath: header.input) {
                throw .noInput("cannot read \(header.input), the input of the upload, to copy its failed rows")
            }
            throw .data(
                "\(reason); nothing was written to \(path). Restore the uploaded export, or use the failures listed "
                    + "above")
        }
        if header.readsRecords { return try writeRecords(wantedLines, to: path) }
        let dialect = header.inputOptions.dialect
        var formulas = FormulaCells()
        do {
            let reader = try CSVReader(path: header.input, dialect: dialect)
            var text = CSVWriter.line(reader.header.fields, delimiter: dialect.delimiter)
            while let record = try reader.next() {
                guard wantedLines.contains(record.line) else { continue }
                formulas.scan(record, header: reader.header.fields)
                text += CSVWriter.line(record.fields, delimiter: dialect.delimiter)
            }
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch let error as FileError {
            throw .cannotCreate(error.localizedDescription)
        } catch {
            throw .data("cannot copy the failed rows of \(header.input) to \(path): \(error.localizedDescription)")
        }
        if let first = formulas.first {
            events(
                .warning(
                    "\(path) has \(formulas.count) cell\(formulas.count == 1 ? "" : "s") that a spreadsheet would run "
                        + "as a formula (the first: line \(first.line), column \(first.column)); they are kept as the "
                        + "export had them, since the file is for re-upload: open it in a spreadsheet only as text"))
        }
    }
}

extension FailedRowsWriter {
    /// JSON records (a JSON file, NDJSON, a source's snapshot): the failed records as NDJSON, one compact object a
    /// line exactly as read, so that `provision upload FILE` (with the same mapping) retries exactly those.
    func writeRecords(_ positions: Set<Int>, to path: String) throws(SyncError) {
        var text: [UInt8] = []
        do {
            let reader = try RecordSource(path: header.input, options: header.inputOptions, keepsText: true)
            while let record = try reader.next() {
                guard positions.contains(record.line), let bytes = record.text else { continue }
                text += bytes
                text.append(0x0A)
            }
            try AtomicFile.write(Data(text), to: path)
        } catch let error as FileError {
            throw .cannotCreate(error.localizedDescription)
        } catch {
            throw .data("cannot copy the failed records of \(header.input) to \(path): \(error.localizedDescription)")
        }
    }
}

/// Cells a spreadsheet would evaluate (`=1+2`, `=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`): the CSV injection patterns.
package struct FormulaCells {
    private(set) var count = 0
    private(set) var first: (line: Int, column: String)?

    mutating func scan(_ record: CSVRecord, header: [String]) {
        for (index, field) in record.fields.enumerated() where Self.looksLikeFormula(field) {
            count += 1
            if first == nil { first = (record.line, index < header.count ? header[index] : "#\(index + 1)") }
        }
    }

    package static func looksLikeFormula(_ field: String) -> Bool {
        guard let lead = field.unicodeScalars.first else { return false }
        switch lead {
        case "=", "@", "\t", "\r": return true
        case "+", "-":
            // A signed number or a phone number is data, not a formula.
            return !field.dropFirst().allSatisfy { $0.isNumber || $0 == "." || $0 == " " || $0 == "-" }
        default: return false
        }
    }
}
