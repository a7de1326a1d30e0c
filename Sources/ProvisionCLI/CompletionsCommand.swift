import CommandReference
import Sync

/// `provision completions bash|zsh`: a shell completion script on stdout.
struct CompletionsCommand: Command {
    static let spec = CommandSpecs.completions

    let context: CommandContext

    func run() -> ExitStatus {
        switch context.arguments.positionals[0] {
        case "bash": context.console.out(CommandCatalog.completions.bash())
        case "zsh": context.console.out(CommandCatalog.completions.zsh())
        case let other:
            context.console.error("completions for 'bash' or 'zsh', not '\(other)'")
            return .usage
        }
        return .success
    }
}
