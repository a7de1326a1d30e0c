import CommandLineKit

/// `provision completions bash|zsh`.
extension CommandSpecs {
    package static let completions = CommandSpec(
        name: "completions",
        abstract: "Print a shell completion script (bash or zsh).",
        arguments: [.init(name: "shell", help: "bash or zsh")],
        examples: [("provision completions bash > /etc/bash_completion.d/provision", "install bash completion")])
}
