import CommandLineKit
import CommandReference
import Foundation
import Mapping
import Presentation
import Sync

/// `provision mapping test MAPPING --row N FILE`: one record through the mapping, attribute by attribute (N is a CSV
/// record's line, a JSON record's position).
struct MappingTestCommand: Command {
    static let spec = CommandSpecs.mappingTest

    let context: CommandContext

    func run() async -> ExitStatus {
        let mappingPath = context.positionals[0]
        guard let number = context.values[Options.row] else {
            return CommandFailure.report(
                UsageError(
                    "--row N is required: the line a CSV record starts on, or a JSON record's position (record N), "
                        + "as messages show it"),
                context.console)
        }
        let input: InputSource.Prepared
        switch await InputStage(context: context).prepareInput() {
        case .success(let prepared): input = prepared
        case .failure(let status): return status
        }
        defer { input.remove() }
        let path = input.path
        do {
            var options = InputOptions(dialect: InputStage.dialect(context.values))
            options.format = input.source != nil ? .ndjson : context.values[Options.format]
            options.recordsPath = input.source != nil ? nil : context.values[Options.recordsPath]
            let format = try options.format ?? RecordSource.detect(path: path)
            if format == .csv && number < 2 {
                throw UsageError("line 1 is the header; records start on line 2")
            }
            let test = try MappingTest(
                mappingPath: mappingPath, export: path, record: number, options: options,
                emptyAsNull: context.values.flag(Options.emptyAsNull),
                now: try ExpressionClock.pinned(context.environment) ?? Date())
            MappingTestPrinter(console: context.console).print(
                test.row, outcomes: test.outcomes, mapper: test.mapper, path: path, mappingPath: mappingPath,
                naming: test.naming)
            return ExitStatus(.rows(invalid: test.row.isValid ? 0 : 1))
        } catch let error as MappingTest.NoRecord {
            return CommandFailure.report(UsageError(error.message), context.console)
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }
}
