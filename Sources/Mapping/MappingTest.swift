import CSV
import Foundation

/// `mapping test`: one record of an export through a mapping, attribute by attribute.
public struct MappingTest {
    public let mapper: RecordMapper
    public let row: MappedRow
    /// How each rule came to its value.
    public let outcomes: [RuleOutcome]

    /// The record of `path` that starts on `line` (2 or more), mapped with the mapping file at `mappingPath`.
    public init(
        mappingPath: String, export path: String, line: Int, dialect: CSVDialect, emptyAsNull: Bool, now: Date
    ) throws {
        let reader = try CSVReader(path: path, dialect: dialect)
        let mapping = try MappingFile.load(path: mappingPath, header: reader.header.fields)
        let record = try Self.find(line, in: reader, path: path)
        mapper = RecordMapper(mapping: mapping, emptyAsNull: emptyAsNull, now: now)
        row = mapper.map(record)
        outcomes = mapper.explain(record)
    }

    /// No record starts on the line asked for: the message says where records do start.
    public struct NoRecord: Error, Sendable, LocalizedError {
        public let message: String
        public var errorDescription: String? { message }
    }

    private static func find(_ line: Int, in reader: CSVReader, path: String) throws -> CSVRecord {
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
        throw NoRecord(
            message: "\(path) has no record on line \(line)"
                + (previous.map { "; its last record starts on line \($0)" } ?? "; it has no rows"))
    }
}
