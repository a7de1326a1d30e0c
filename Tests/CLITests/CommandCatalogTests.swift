import CommandLineKit
import CommandReference
import Foundation
import Presentation
import Sync
import Testing

@testable import ProvisionCLI

/// The catalog (CommandReference: what help and completions list) and the dispatch table (ProvisionCLI: what runs)
/// are two lists; these tests keep them one.
@Suite struct CommandCatalogTests {
    @Test func everyCatalogEntryIsDispatchedAndEveryDispatchedCommandIsInTheCatalog() {
        #expect(Commands.all.map { $0.spec.name } == CommandCatalog.commands.map(\.name))
        for spec in CommandCatalog.commands {
            let command = Commands.find(spec.name)
            #expect(command != nil, "\(spec.name) is in help but nothing runs it")
            #expect(command?.spec.abstract == spec.abstract, "\(spec.name) runs with another spec than help shows")
            #expect(command?.spec.options.map(\.name) == spec.options.map(\.name))
        }
    }

    /// Through the real dispatch: each catalog entry's words reach its command (its help, exit 0).
    @Test(arguments: CommandCatalog.all.map(\.name))
    func eachCatalogNameDispatches(name: String) async {
        let output = Captured()
        let console = Console(out: { output.append($0) }, err: { output.append($0) })
        let words = name.split(separator: " ").map(String.init)
        let status = await Provision.run(arguments: words + ["--help"], environment: [:], console: console)
        #expect(status == 0)
        #expect(output.text == CommandCatalog.helpFormatter.help(for: CommandCatalog.find(name)!))
    }

    /// A mistyped subcommand gets the closest one; an unknown one the list; none at all the list too.
    @Test(arguments: [
        (["schema", "diffs"], "unknown command 'schema diffs'; did you mean 'schema diff'?"),
        (["mapping", "sugest", "x.csv"], "unknown command 'mapping sugest'; did you mean 'mapping suggest'?"),
        (["config", "shwo"], "unknown command 'config shwo'; did you mean 'config show'?"),
        (["schema", "frobnicate"], "unknown command 'schema frobnicate'; it takes 'provision schema show' or"),
        (["schema"], "'schema' needs a subcommand: 'provision schema show' or"),
    ])
    func subcommandTyposGetADidYouMean(arguments: [String], message: String) async {
        let output = Captured()
        let console = Console(out: { output.append($0) }, err: { output.append($0) })
        let status = await Provision.run(arguments: arguments, environment: [:], console: console)
        #expect(status == 64)
        #expect(output.text.contains(message), "\(output.text)")
    }

    /// Every `ExitStatus` (each raw value that makes one) is on `provision help exit-codes`.
    @Test func everyExitStatusIsDocumented() {
        let statuses = (Int32(0)...255).compactMap(ExitStatus.init(rawValue:))
        #expect(statuses.count == 11)
        for status in statuses {
            #expect(ExitCodesHelp.text.contains("\n  \(status.rawValue) "), "exit \(status.rawValue) is documented")
        }
    }
}
