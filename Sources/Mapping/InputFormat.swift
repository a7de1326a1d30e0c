import CSV
import JSONRecords

/// What an export is: CSV, a JSON document (an array of records, or an object with the records under a path), or
/// NDJSON (one object a line: also what a source's snapshot is).
package enum InputFormat: String, Sendable, CaseIterable {
    case csv, json, ndjson

    /// JSON records of either kind.
    package var isJSON: Bool { self != .csv }
}

/// How an export is read: the CSV dialect, the format (nil: told from the content), and where a JSON document holds
/// its records (`--records-path`).
package struct InputOptions: Sendable {
    package var dialect: CSVDialect
    package var format: InputFormat?
    package var recordsPath: String?

    package init(dialect: CSVDialect = CSVDialect(), format: InputFormat? = nil, recordsPath: String? = nil) {
        self.dialect = dialect
        self.format = format
        self.recordsPath = recordsPath
    }
}

/// How messages name a record of an input: by the line it starts on (CSV), or by its position and JSON path (JSON
/// records, where several records may share a line and a line says little). A record's number (`line` in problems,
/// the index, the journal) is the one this names.
package enum RecordNaming: Sendable, Equatable {
    /// CSV: the physical line the record starts on (line 1 is the header).
    case lines
    /// JSON records, numbered from 1; `base` is the records' JSON path (`$`, `$.Report_Entry`), nil for NDJSON (each
    /// line is a document of its own, `$`).
    case records(base: String?)

    package var isJSON: Bool { self != .lines }

    /// "line 12" or "record 12".
    package func place(_ number: Int) -> String { self == .lines ? "line \(number)" : "record \(number)" }

    /// "lines" or "records".
    package var plural: String { self == .lines ? "lines" : "records" }

    /// What a count of them is in a summary: "row" (a CSV's) or "record" (JSON's).
    package var unit: String { self == .lines ? "row" : "record" }

    /// The JSON path of record `number` (`$.Report_Entry[11]`, `$` for NDJSON), or of its value at the dotted
    /// `column`; nil for CSV.
    package func jsonPath(ofRecord number: Int, column: String? = nil) -> String? {
        guard case .records(let base) = self else { return nil }
        let record = base.map { "\($0)[\(number - 1)]" } ?? "$"
        return column.map { JSONRecord.jsonPath(of: $0, in: record) } ?? record
    }
}

/// One record of an input, whatever its format: its number (a CSV line, or a JSON record's position), its values by
/// column, and for JSON records where it is and its text.
package struct InputRecord: Sendable {
    /// The line a CSV record starts on, or a JSON record's position from 1 (`RecordNaming`).
    package let line: Int
    /// One value per column of the source (`RecordSource.columns`): a CSV cell, or a JSON value's text ("" for a
    /// missing key, null, `{}` and `[]`; a number as written; `true`/`false`).
    package let fields: [String]
    /// JSON: the record's own JSON path (`$.Report_Entry[11]`, `$` for NDJSON); nil for CSV.
    package let jsonPath: String?
    /// JSON: the line its `{` stands on.
    package let startLine: Int
    /// JSON: the record as compact JSON (`RecordSource.keepsText`).
    package let text: [UInt8]?

    package init(line: Int, fields: [String], jsonPath: String? = nil, startLine: Int? = nil, text: [UInt8]? = nil) {
        self.line = line
        self.fields = fields
        self.jsonPath = jsonPath
        self.startLine = startLine ?? line
        self.text = text
    }

    package init(_ record: CSVRecord) { self.init(line: record.line, fields: record.fields) }

    /// The JSON path of the value at the dotted `column` (JSON records only).
    package func jsonPath(of column: String?) -> String? {
        guard let jsonPath else { return nil }
        return column.map { JSONRecord.jsonPath(of: $0, in: jsonPath) } ?? jsonPath
    }
}
