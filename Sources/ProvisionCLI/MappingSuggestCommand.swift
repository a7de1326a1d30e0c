import CommandReference
import Mapping
import Sync

/// `provision mapping suggest FILE`: a starter mapping file on stdout.
struct MappingSuggestCommand: Command {
    static let spec = CommandSpecs.mappingSuggest
    let context: CommandContext

    func run() -> ExitStatus {
        let path = context.positionals[0]
        do {
            context.console.out(
                try MappingSuggester.suggest(forExport: path, dialect: InputStage.dialect(context.values)))
            return ExitStatus(.completed)
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }
}
