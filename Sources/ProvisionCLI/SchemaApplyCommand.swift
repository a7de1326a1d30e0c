import CommandReference
import Graph
import Presentation
import Sync

/// `provision schema apply`: adds the attributes the mapping sends and the job's schema lacks, after `--yes`.
struct SchemaApplyCommand: Command {
    static let spec = CommandSpecs.schemaApply

    let context: CommandContext

    func run() async -> ExitStatus {
        let comparison: SchemaComparison
        switch await SchemaDiffCommand.compare(context) {
        case .failure(let failure): return failure.status
        case .success(let value): comparison = value
        }
        let (client, diff) = (comparison.client, comparison.diff)
        SchemaPrinter(console: context.console).print(diff, json: false)
        let count = diff.missing.count
        guard count > 0 else { return ExitStatus(.completed) }
        let them = count == 1 ? "1 attribute" : "\(count) attributes"
        guard context.values.flag(Options.yes) else {
            context.console.line("nothing was changed; run again with --yes to add \(them) to the job's schema")
            return ExitStatus(.schemaLacks(refused: false))
        }
        do {
            // Read again right before writing: PUT replaces the whole schema, so it must start from the newest one.
            let current = try await client.schema()
            let fresh = SchemaDiff(sending: comparison.paths, schema: current)
            try await client.replaceSchema(try fresh.applied(to: current))
            let after = SchemaDiff(sending: comparison.paths, schema: try await client.schema())
            guard after.missing.isEmpty else {
                return CommandFailure.report(
                    SyncError.unavailable(
                        "the job's schema was written, but still lacks \(after.missingList) when read again"),
                    context.console)
            }
        } catch let error as JobClientError {
            return SchemaCommand.fail(error, context)
        } catch {
            return CommandFailure.report(SyncError.data("cannot add the attributes: \(error)"), context.console)
        }
        context.console.line(
            "added \(them) to the job's schema; map \(count == 1 ? "it" : "them") to Entra attributes in the "
                + "portal's attribute mapping for the values to flow")
        return ExitStatus(.completed)
    }
}
