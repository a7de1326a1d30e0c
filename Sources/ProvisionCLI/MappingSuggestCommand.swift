import CSV
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
            let reader = try CSVReader(path: path, dialect: InputStage.dialect(context.values))
            context.console.out(try MappingSuggester.suggest(header: reader.header.fields, file: path))
            return ExitStatus(.completed)
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }
}
