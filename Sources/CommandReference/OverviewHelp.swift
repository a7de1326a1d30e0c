import CommandLineKit

/// `provision --help`: every command and help topic, and the options of the program itself.
package enum OverviewHelp {
    package static let text = """
        OVERVIEW: Upload HR exports to Microsoft Entra API-driven inbound provisioning.

        USAGE: provision <command> [<options>]

        COMMANDS:
        \(CommandCatalog.all.map { HelpFormatter.row($0.name, $0.abstract) }.joined())  help <command>          Show help for a command.
        \(HelpTopic.overviewRows)
        OPTIONS:
          --version               Print the version and the commit it was built from.
          -h, --help              Show help.

        See 'provision help <command>' for a command's options and examples.

        """
}
