import CommandReference
import Preflight
import Presentation
import Sync

/// `provision schema diff`: what the mapping sends that the job's schema lacks, and what flows nowhere.
struct SchemaDiffCommand: Command {
    static let spec = CommandSpecs.schemaDiff

    let context: CommandContext

    func run() async -> ExitStatus {
        switch await Self.compare(context) {
        case .failure(let failure):
            return failure.status
        case .success(let comparison):
            let diff = comparison.diff
            SchemaPrinter(console: context.console).print(diff, json: context.values.flag(Options.json))
            return diff.missing.isEmpty ? ExitStatus(.completed) : ExitStatus(.schemaLacks(refused: false))
        }
    }

    /// Reads the mapping and the schema, and compares them (what diff and apply share); failures are printed.
    static func compare(
        _ context: CommandContext
    ) async -> Result<SchemaComparison, StatusFailure> {
        let sent: SentAttributes
        switch SchemaCommand.sentAttributes(context) {
        case .failure(let failure): return .failure(failure)
        case .success(nil):
            let status = CommandFailure.report(
                SyncError.usage(
                    "\(spec.name) compares a mapping with the job's schema: give --mapping FILE, or a CSV export whose "
                        + "headers are SCIM attribute paths"), context.console)
            return .failure(StatusFailure(status))
        case .success(let value?): sent = value
        }
        let operations: SchemaOperations
        switch SchemaCommand.schema(context) {
        case .success(let value): operations = value
        case .failure(let failure): return .failure(failure)
        }
        do {
            let diff = try await operations.compare(sent.paths)
            return .success(SchemaComparison(operations: operations, sent: sent, diff: diff))
        } catch {
            return .failure(StatusFailure(SchemaCommand.fail(error, context)))
        }
    }
}

/// A mapping compared with the job's schema, and the operations that read it.
struct SchemaComparison {
    let operations: SchemaOperations
    let sent: SentAttributes
    let diff: SchemaDiff
}
