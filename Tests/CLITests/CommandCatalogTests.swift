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

    /// Every `ExitStatus` (each raw value that makes one) is on `provision help exit-codes`.
    @Test func everyExitStatusIsDocumented() {
        let statuses = (Int32(0)...255).compactMap(ExitStatus.init(rawValue:))
        #expect(statuses.count == 11)
        for status in statuses {
            #expect(ExitCodesHelp.text.contains("\n  \(status.rawValue) "), "exit \(status.rawValue) is documented")
        }
    }
}
