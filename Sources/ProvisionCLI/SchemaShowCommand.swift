import CommandReference
import Preflight
import Presentation
import Sync

/// `provision schema show`: the attributes the job's API source accepts, and the Entra attribute each flows to.
struct SchemaShowCommand: Command {
    static let spec = CommandSpecs.schemaShow

    let context: CommandContext

    func run() async -> ExitStatus {
        let operations: SchemaOperations
        switch SchemaCommand.schema(context) {
        case .success(let value): operations = value
        case .failure(let failure): return failure.status
        }
        do {
            let schema = try await operations.read()
            if let path = context.values[Options.outFile] {
                do {
                    try AtomicFile.write(schema.body, to: path, mode: 0o644)
                } catch {
                    return CommandFailure.report(error, context.console)
                }
            }
            SchemaPrinter(console: context.console).print(schema, json: context.values.flag(Options.json))
        } catch {
            return SchemaCommand.fail(error, context)
        }
        return ExitStatus(.completed)
    }
}
