import CommandReference
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
        let diff = comparison.diff
        SchemaPrinter(console: context.console).print(diff, json: false)
        let count = diff.missing.count
        guard count > 0 else { return ExitStatus(.completed) }
        let them = count == 1 ? "1 attribute" : "\(count) attributes"
        guard context.values.flag(Options.yes) else {
            context.console.line("nothing was changed; run again with --yes to add \(them) to the job's schema")
            return ExitStatus(.schemaLacks(refused: false))
        }
        do {
            try await comparison.operations.apply(sending: comparison.sent.paths)
        } catch {
            return SchemaCommand.fail(error, context)
        }
        context.console.line(
            "added \(them) to the job's schema; map \(count == 1 ? "it" : "them") to Entra attributes in the "
                + "portal's attribute mapping for the values to flow")
        return ExitStatus(.completed)
    }
}
