import Sync

/// `provision completions bash|zsh`: a shell completion script on stdout.
struct CompletionsCommand: Command {
    static let spec = CommandSpec(
        name: "completions",
        abstract: "Print a shell completion script (bash or zsh).",
        arguments: [.init(name: "shell", help: "bash or zsh")],
        examples: [("provision completions bash > /etc/bash_completion.d/provision", "install bash completion")])

    let context: CommandContext

    func run() -> ExitStatus {
        switch context.arguments.positionals[0] {
        case "bash": context.console.out(CompletionScript.bash())
        case "zsh": context.console.out(CompletionScript.zsh())
        case let other:
            context.console.error("completions for 'bash' or 'zsh', not '\(other)'")
            return .usage
        }
        return .success
    }
}
