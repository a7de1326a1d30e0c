import CommandLineKit

/// The command list: the one list that help, completions and dispatch all read (`Commands.all` in ProvisionCLI runs
/// these, and a test holds the two lists equal).
package enum CommandCatalog {
    package static let program = "provision"
    package static let helpFormatter = HelpFormatter(program: program)

    /// Every command as its spec declares it, in the order help lists them.
    package static let commands: [CommandSpec] = [
        CommandSpecs.validate, CommandSpecs.upload, CommandSpecs.status, CommandSpecs.plan, CommandSpecs.check,
        CommandSpecs.schemaShow, CommandSpecs.schemaDiff, CommandSpecs.schemaApply, CommandSpecs.mappingSuggest,
        CommandSpecs.mappingTest, CommandSpecs.configShow, CommandSpecs.completions,
    ]

    /// Every command's spec, with the options all commands take.
    package static let all: [CommandSpec] = commands.map(withCommonOptions)

    /// `spec` with the options every command accepts (`--verbose`, `--log-format`) that it does not declare itself.
    package static func withCommonOptions(_ spec: CommandSpec) -> CommandSpec {
        var spec = spec
        spec.options += CommandSpecs.outputOptions.map(\.declaration).filter { !spec.takes($0) }
        return spec
    }

    /// The command of that name (one or two words), with the options all commands take.
    package static func find(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    /// `provision completions bash|zsh`.
    package static let completions = CompletionScript(
        program: program, generator: CommandSpecs.completions.name, commands: all,
        extraCommands: [
            ("help", "Show help for a command"), ("completions", "Print a shell completion script"),
            ("config", "Show the effective configuration"),
        ],
        // Only `mapping`'s subcommands are completed by both words, as before `schema` and `config` had any.
        groups: ["mapping"])
}
