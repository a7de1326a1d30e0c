import CSV
import CommandLineKit
import CommandReference
import Foundation
import Mapping
import Presentation
import Sync

/// `provision mapping test MAPPING --row N FILE`: one row through the mapping, attribute by attribute.
struct MappingTestCommand: Command {
    static let spec = CommandSpecs.mappingTest

    let context: CommandContext

    func run() -> ExitStatus {
        let mappingPath = context.positionals[0]
        let path = context.positionals[1]
        do {
            let line = try requestedLine()
            let now = try ExpressionClock.pinned(context.environment) ?? Date()
            let reader = try CSVReader(path: path, dialect: InputStage.dialect(context.values))
            let mapping = try MappingFile.load(path: mappingPath, header: reader.header.fields)
            let record = try find(line, in: reader, path: path)
            let mapper = RecordMapper(mapping: mapping, emptyAsNull: context.values.flag(Options.emptyAsNull), now: now)
            let row = mapper.map(record)
            MappingTestPrinter(console: context.console).print(
                row, outcomes: mapper.explain(record), mapper: mapper, path: path, mappingPath: mappingPath)
            return ExitStatus(.rows(invalid: row.isValid ? 0 : 1))
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }

    private func requestedLine() throws(UsageError) -> Int {
        guard let line = context.values[Options.row] else {
            throw UsageError("--row LINE is required: the line the record starts on, as messages show it")
        }
        guard line >= 2 else { throw UsageError("line 1 is the header; records start on line 2") }
        return line
    }

    private func find(_ line: Int, in reader: CSVReader, path: String) throws -> CSVRecord {
        var previous: Int?
        while let record = try reader.next() {
            if record.line == line { return record }
            if record.line > line {
                let before = previous.map { "lines \($0) and \(record.line)" } ?? "line \(record.line)"
                throw UsageError(
                    "no record of \(path) starts on line \(line): records start on \(before) "
                        + "(a quoted field can span lines)")
            }
            previous = record.line
        }
        throw UsageError(
            "\(path) has no record on line \(line)"
                + (previous.map { "; its last record starts on line \($0)" } ?? "; it has no rows"))
    }
}
