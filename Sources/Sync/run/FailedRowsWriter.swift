import CSV
import Foundation
import Hashing
import Mapping

/// `--failed FILE`: the original input rows of the records that failed in the logs, with the same header, so that
/// `provision upload FILE` retries exactly those once they are fixed.
///
/// Rows are picked by line number only when the input is still the file that was uploaded (same SHA-256 as the
/// journal); after the export was replaced, they are matched by externalId instead (with the mapping the upload
/// used), so nobody who did not fail is written. The bytes are kept as they were (it is a re-upload file), but cells
/// that a spreadsheet would run as formulas are pointed out.
struct FailedRowsWriter {
    let header: Journal.Header
    let events: @Sendable (SyncEvent) -> Void

    func write(failed: [(externalId: String, line: Int)], to path: String) throws(SyncError) {
        var dialect = CSVDialect()
        if let name = header.delimiter, let delimiter = CSVDialect.delimiter(named: name) {
            dialect.delimiter = delimiter
        }
        if let name = header.encoding { dialect.encoding = TextEncoding(name: name) }
        guard let digest = SHA256.hexDigest(ofFile: header.input) else {
            throw .noInput("cannot read \(header.input), the input of the upload, to copy its failed rows")
        }
        let byExternalId = digest != header.inputDigest
        if byExternalId {
            guard header.mappingDigest == header.mapping.flatMap({ SHA256.hexDigest(ofFile: $0) }) else {
                throw .data(
                    "\(header.input) and its mapping changed since the upload, so the failed rows cannot be found "
                        + "again; nothing was written to \(path). Restore the uploaded export, or use the failures "
                        + "listed above")
            }
            events(
                .warning(
                    "\(header.input) changed since the upload (its SHA-256 differs from the journal's): the failed "
                        + "rows "
                        + "are matched by externalId, not by line"))
        }
        let wantedLines = Set(failed.map(\.line))
        let wantedIds = Set(failed.map(\.externalId))
        var found = Set<String>()
        var formulas = FormulaCells()
        do {
            let reader = try CSVReader(path: header.input, dialect: dialect)
            let mapper = try byExternalId ? mapper(for: reader.header.fields) : nil
            var text = CSVWriter.line(reader.header.fields, delimiter: dialect.delimiter)
            while let record = try reader.next() {
                let wanted: Bool
                if let mapper {
                    let id = mapper.map(record).externalId
                    wanted = id.map { wantedIds.contains($0) && found.insert($0).inserted } ?? false
                } else {
                    wanted = wantedLines.contains(record.line)
                }
                guard wanted else { continue }
                formulas.scan(record, header: reader.header.fields)
                text += CSVWriter.line(record.fields, delimiter: dialect.delimiter)
            }
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch let error as FileError {
            throw .cannotCreate(error.localizedDescription)
        } catch {
            throw .data("cannot copy the failed rows of \(header.input) to \(path): \(error.localizedDescription)")
        }
        if byExternalId, found.count < wantedIds.count {
            events(
                .warning(
                    "\(wantedIds.count - found.count) of the \(wantedIds.count) failed records are no longer in "
                        + "\(header.input) and were not written to \(path)"))
        }
        if let first = formulas.first {
            events(
                .warning(
                    "\(path) has \(formulas.count) cell\(formulas.count == 1 ? "" : "s") that a spreadsheet would run "
                        + "as "
                        + "a formula (the first: line \(first.line), column \(first.column)); they are kept as the "
                        + "export "
                        + "had them, since the file is for re-upload: open it in a spreadsheet only as text"))
        }
    }

    private func mapper(for columns: [String]) throws -> RecordMapper {
        let mapping =
            try header.mapping.map { file in try MappingFile.load(path: file, header: columns) }
            ?? ColumnMapping.fromHeader(columns, file: header.input)
        return RecordMapper(mapping: mapping, emptyAsNull: false)
    }
}

/// Cells a spreadsheet would evaluate (`=1+2`, `=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`): the CSV injection patterns.
public struct FormulaCells {
    private(set) var count = 0
    private(set) var first: (line: Int, column: String)?

    mutating func scan(_ record: CSVRecord, header: [String]) {
        for (index, field) in record.fields.enumerated() where Self.looksLikeFormula(field) {
            count += 1
            if first == nil { first = (record.line, index < header.count ? header[index] : "#\(index + 1)") }
        }
    }

    public static func looksLikeFormula(_ field: String) -> Bool {
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
