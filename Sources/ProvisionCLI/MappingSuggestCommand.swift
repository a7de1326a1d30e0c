import CSV
import CommandReference
import Mapping
import Sync

/// `provision mapping suggest FILE`: a starter mapping file on stdout.
struct MappingSuggestCommand: Command {
    static let spec = CommandSpecs.mappingSuggest
    let context: CommandContext

    func run() -> ExitStatus {
        let path = context.arguments.positionals[0]
        do {
            let reader = try CSVReader(path: path, dialect: try InputStage.dialect(context.arguments))
            context.console.out(try MappingSuggester.suggest(header: reader.header.fields, file: path))
            return .success
        } catch {
            return InputFailure.report(error, context.console, otherwise: .internalError)
        }
    }
}
