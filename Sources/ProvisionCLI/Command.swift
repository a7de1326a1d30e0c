import CommandLineKit
import Sync

/// A subcommand: its interface (`spec`, from CommandReference, which help, completions and the parser read) and what
/// it does.
protocol Command {
    static var spec: CommandSpec { get }
    init(context: CommandContext)
    func run() async -> ExitStatus
}

/// The dispatch table: the command that runs each of `CommandCatalog.commands`, in the same order. A test holds the
/// two lists equal, so a command cannot be documented without being dispatched, or the reverse.
enum Commands {
    static var all: [any Command.Type] {
        [
            ValidateCommand.self, UploadCommand.self, StatusCommand.self, PlanCommand.self, CheckCommand.self,
            SchemaShowCommand.self, SchemaDiffCommand.self, SchemaApplyCommand.self, MappingSuggestCommand.self,
            MappingTestCommand.self, ConfigShowCommand.self, CompletionsCommand.self,
        ]
    }

    static func find(_ name: String) -> (any Command.Type)? { all.first { $0.spec.name == name } }
}
