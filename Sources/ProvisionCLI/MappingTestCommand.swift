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
        let mappingPath = context.arguments.positionals[0]
        let path = context.arguments.positionals[1]
        do {
            let test = try MappingTest(
                mappingPath: mappingPath, export: path, line: try requestedLine(),
                dialect: try InputStage.dialect(context.arguments),
                emptyAsNull: context.arguments.flag("empty-as-null"),
                now: try ExpressionClock.pinned(context.environment) ?? Date())
            MappingTestPrinter(console: context.console).print(
                test.row, outcomes: test.outcomes, mapper: test.mapper, path: path, mappingPath: mappingPath)
            return test.row.isValid ? .success : .someRowsFailed
        } catch let error as MappingTest.NoRecord {
            return InputFailure.report(UsageError(error.message), context.console, otherwise: .internalError)
        } catch {
            return InputFailure.report(error, context.console, otherwise: .internalError)
        }
    }

    private func requestedLine() throws(UsageError) -> Int {
        guard let text = context.arguments.value("row") else {
            throw UsageError("--row LINE is required: the line the record starts on, as messages show it")
        }
        guard let line = Int(text), line >= 1 else { throw UsageError("--row takes a line number, not '\(text)'") }
        guard line >= 2 else { throw UsageError("line 1 is the header; records start on line 2") }
        return line
    }
}
