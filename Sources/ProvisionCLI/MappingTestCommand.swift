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
            let test = try MappingTest(
                mappingPath: mappingPath, export: path, line: try requestedLine(),
                dialect: InputStage.dialect(context.values),
                emptyAsNull: context.values.flag(Options.emptyAsNull),
                now: try ExpressionClock.pinned(context.environment) ?? Date())
            MappingTestPrinter(console: context.console).print(
                test.row, outcomes: test.outcomes, mapper: test.mapper, path: path, mappingPath: mappingPath)
            return ExitStatus(.rows(invalid: test.row.isValid ? 0 : 1))
        } catch let error as MappingTest.NoRecord {
            return CommandFailure.report(UsageError(error.message), context.console)
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
}
