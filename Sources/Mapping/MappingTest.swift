import CSV
import Foundation

/// `mapping test`: one record of an export through a mapping, attribute by attribute.
package struct MappingTest {
    package let mapper: RecordMapper
    package let row: MappedRow
    /// How each rule came to its value.
    package let outcomes: [RuleOutcome]
    /// How the export names its records (a line, or a JSON record's position).
    package let naming: RecordNaming

    /// The record of `path` that starts on `line` (2 or more), mapped with the mapping file at `mappingPath`.
    package init(
        mappingPath: String, export path: String, line: Int, dialect: CSVDialect, emptyAsNull: Bool, now: Date
    ) throws {
        try self.init(
            mappingPath: mappingPath, export: path, record: line, options: InputOptions(dialect: dialect),
            emptyAsNull: emptyAsNull, now: now)
    }

    /// The record of `path` numbered `number`: the line a CSV record starts on (2 or more), a JSON record's position
    /// (1 or more). For JSON records the rest of the file is read too, so that a column no record has is the
    /// mapping's error here as in `validate`.
    package init(
        mappingPath: String, export path: String, record number: Int, options: InputOptions, emptyAsNull: Bool,
        now: Date
    ) throws {
        let reader = try RecordSource(path: path, options: options)
        let mapping = try reader.mapping(file: mappingPath)
        naming = reader.naming
        let record = try Self.find(number, in: reader, path: path)
        if reader.format.isJSON {
            while try reader.next() != nil {}
            try reader.checkColumns(mappingFile: mappingPath, directory: nil)
        }
        mapper = RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull, now: now)
        row = mapper.map(record)
        outcomes = mapper.explain(record)
    }

    /// No record starts on the line asked for: the message says where records do start.
    package struct NoRecord: Error, Sendable, LocalizedError {
        package let message: String
        package var errorDescription: String? { message }
    }

    private static func find(_ line: Int, in reader: RecordSource, path: String) throws -> InputRecord {
        var previous: Int?
        while let record = try reader.next() {
            if record.line == line { return record }
            if record.line > line {
                let before = previous.map { "lines \($0) and \(record.line)" } ?? "line \(record.line)"
                throw NoRecord(
                    message: "no record of \(path) starts on line \(line): records start on \(before) "
                        + "(a quoted field can span lines)")
            }
            previous = record.line
        }
        if reader.naming.isJSON {
            throw NoRecord(
                message: "\(path) has no record \(line): it has \(previous ?? 0) (--row is a JSON record's position, "
                    + "from 1)")
        }
        throw NoRecord(
            message: "\(path) has no record on line \(line)"
                + (previous.map { "; its last record starts on line \($0)" } ?? "; it has no rows"))
    }
}
