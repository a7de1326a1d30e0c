import CommandLineKit
import Foundation
import Presentation
import TestSupport
import Testing

@testable import ProvisionCLI

/// What cannot happen through the dispatch still ends with a message and a report, never a crash.
@Suite struct UploadInternalErrorTests {
    @Test func anUploadWithoutItsSettingsIsAnInternalErrorAndTheReportSaysSo() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        let report = workspace.url("report.json")
        var arguments = ParsedArguments()
        arguments.positionals = [input.path]
        arguments.values["report"] = [report.path]
        let output = Captured()
        let console = Console(out: { output.append($0) }, err: { output.append($0) })
        let context = CommandContext(arguments: arguments, environment: [:], console: console, settings: nil)
        let status = await UploadCommand(context: context).run()
        #expect(status == .internalError)
        #expect(output.text.contains("upload has no settings to resolve"), "\(output.text)")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        #expect(written?["exitStatus"] as? Int == 70)
    }
}
