import CommandReference
import Graph
import Presentation
import Sync

/// `provision schema show`: the attributes the job's API source accepts, and the Entra attribute each flows to.
struct SchemaShowCommand: Command {
    static let spec = CommandSpecs.schemaShow

    let context: CommandContext

    func run() async -> ExitStatus {
        let client: JobClient
        switch SchemaCommand.client(context) {
        case .success(let value): client = value
        case .failure(let failure): return failure.status
        }
        let schema: JobSchema
        do {
            schema = try await client.schema()
        } catch {
            return SchemaCommand.fail(error, context)
        }
        if let path = context.values[Options.outFile] {
            do {
                try AtomicFile.write(schema.body, to: path, mode: 0o644)
            } catch {
                return CommandFailure.report(error, context.console)
            }
        }
        SchemaPrinter(console: context.console).print(schema, json: context.values.flag(Options.json))
        return ExitStatus(.completed)
    }
}
