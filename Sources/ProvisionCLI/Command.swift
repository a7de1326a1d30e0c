import Sync

/// A subcommand: its interface (`spec`, which both help and the parser read) and what it does.
///
/// `CommandCatalog.commands` lists the types; help, completions and dispatch all come from that one list, so a
/// command cannot be documented without being dispatched, or the reverse.
protocol Command {
    static var spec: CommandSpec { get }
    init(context: CommandContext)
    func run() async -> ExitStatus
}
