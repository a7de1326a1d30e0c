import CSV
import Mapping
import Sync

/// `provision mapping suggest FILE`: a starter mapping file on stdout.
struct MappingSuggestCommand: Command {
    static let spec = CommandSpec(
        name: "mapping suggest",
        abstract: "Print a starter mapping file guessed from an export's header names.",
        discussion:
            "Recognises common HR names (WorkerID, EmployeeID, FirstName, LastName, Email, ManagerID, Department, …). "
            + "Columns it cannot place are listed under a custom namespace for you to edit or remove.",
        arguments: [.init(name: "file", help: "The CSV export.")],
        options: [
            .init(name: "delimiter", valueName: "char", help: "Field delimiter: ',' (default), ';', '|' or 'tab'."),
            .init(name: "encoding", valueName: "name", help: "Input encoding (see 'provision help validate')."),
        ],
        examples: [("provision mapping suggest hr-export.csv > mapping.json", "start a mapping file")])

    let context: CommandContext

    func run() -> ExitStatus {
        let path = context.arguments.positionals[0]
        do {
            let reader = try CSVReader(path: path, dialect: try InputStage.dialect(context.arguments))
            context.console.out(MappingSuggester.suggest(header: reader.header.fields))
            return .success
        } catch {
            return InputFailure.report(error, context.console, otherwise: .internalError)
        }
    }
}
