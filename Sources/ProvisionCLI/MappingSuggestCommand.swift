import Sync
import CSV
import Mapping

/// `provision mapping suggest FILE`: a starter mapping file on stdout.
struct MappingSuggestCommand {
    let context: CommandContext

    func run() -> ExitStatus {
        let path = context.arguments.positionals[0]
        do {
            let reader = try CSVReader(path: path, dialect: try InputStage.dialect(context.arguments))
            context.console.out(MappingSuggester.suggest(header: reader.header.fields))
            return .success
        } catch let error as UsageError {
            context.console.error(error.message)
            return .usage
        } catch let error as CSVError {
            context.console.error(error.localizedDescription)
            if case .cannotOpen = error { return .noInput }
            return .dataError
        } catch {
            context.console.error(error.localizedDescription)
            return .internalError
        }
    }
}
