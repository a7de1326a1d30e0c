import Export
import Foundation
import Mapping
import Presentation
import Sync
import TestSupport
import Testing

@testable import Presentation

/// `--quiet` means one thing everywhere: no progress, notices, row warnings or summary, but every row error (and
/// `plan --quiet` prints no plan). And counts in messages read as English for one and for none.
@Suite struct QuietTests {
    /// Row 32 is invalid, row 33 repeats its externalId; every row warns that its manager is not in the file.
    func noisyExport(_ workspace: Workspace) throws -> URL {
        var text =
            "externalId,userName,active,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
        for index in 1...30 { text += "E\(index),user\(index)@contoso.com,true,BOSS\n" }
        text += "E31,user31@contoso.com,perhaps,\n"
        text += "E31,again@contoso.com,true,\n"
        return try workspace.write(text, to: "noisy.csv")
    }

    func expectOnlyTheErrors(
        _ result: InProcessCommand.Result, input: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("\(input.path):32: error:") == true, sourceLocation: sourceLocation)
        #expect(
            lines.last?.hasPrefix("\(input.path):33: error: externalId \"E31\"") == true, sourceLocation: sourceLocation
        )
        #expect(!result.stderr.contains("warning"), sourceLocation: sourceLocation)
    }

    @Test func validateQuietPrintsEachRowErrorAndNothingElse() async throws {
        let workspace = try Workspace()
        let input = try noisyExport(workspace)
        let result = await InProcessCommand.run(["validate", input.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        expectOnlyTheErrors(result, input: input)
    }

    @Test func dryRunQuietPrintsEachRowErrorAndNoSummary() async throws {
        let workspace = try Workspace()
        let input = try noisyExport(workspace)
        let result = await InProcessCommand.run(
            ["upload", input.path, "--dry-run", "--out", workspace.url("out").path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        expectOnlyTheErrors(result, input: input)
    }

    @Test func planQuietPrintsNoPlanOnlyTheErrors() async throws {
        let workspace = try Workspace()
        let input = try noisyExport(workspace)
        let result = await InProcessCommand.run(["plan", input.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        expectOnlyTheErrors(result, input: input)
        let clean = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "clean.csv")
        let quiet = await InProcessCommand.run(["plan", clean.path, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        let json = await InProcessCommand.run(["plan", clean.path, "--quiet", "--json"])
        #expect(json.json?["requests"] as? Int == 1, "--json is asked for, so it is printed")
    }

    /// The upload prints the export's problems through the sync events: with --quiet the errors still show.
    @Test func uploadQuietStillPrintsTheRowErrors() async throws {
        let workspace = try Workspace()
        let input = try noisyExport(workspace)
        var reader = ExportReader()
        reader.allowMissingActive = true
        let job = ExportJob(
            input: input.path, reader: reader, statePath: nil,
            identityOptions: .init(batchSize: 50, emptyAsNull: false, delimiter: nil, encoding: nil))
        let planned = try ExportPlanner.plan(job)
        let captured = Captured()
        var choices = OutputChoices()
        choices.quiet = true
        let printer = SyncEventPrinter(
            console: Console(out: { captured.append($0) }, err: { captured.append($0) }), choices: choices)
        printer.handle(.prepared(planned))
        printer.handle(.notice("a notice"))
        printer.handle(.sending(records: 30, requests: 1, resumed: 0))
        let lines = captured.text.split(separator: "\n")
        #expect(lines.count == 2, "\(captured.text)")
        #expect(lines.allSatisfy { $0.contains(": error: ") })
    }
}

@Suite struct MessageGrammarTests {
    @Test func oneRecordNeedsOneRequest() {
        let captured = Captured()
        let printer = SyncEventPrinter(
            console: Console(out: { captured.append($0) }, err: { captured.append($0) }), choices: OutputChoices())
        printer.handle(.sending(records: 1, requests: 1, resumed: 0))
        #expect(captured.text.contains("1 record needs 1 request;"), "\(captured.text)")
        printer.finish()
    }

    @Test func anExportWithNothingToSendSaysSoNotZeroRequestsOfUpToZero() async throws {
        let workspace = try Workspace()
        let invalid = try workspace.write("externalId,userName,active\nE1,a@contoso.com,perhaps\n", to: "bad.csv")
        let result = await InProcessCommand.run(["validate", invalid.path])
        #expect(
            result.stdout
                == "\(invalid.path): 1 row, 0 valid, 1 invalid, 0 warnings; nothing could be sent: every row is invalid\n"
        )
        let headerOnly = try workspace.write("externalId,userName,active\n", to: "empty.csv")
        let empty = await InProcessCommand.run(["validate", headerOnly.path])
        #expect(empty.stdout == "\(headerOnly.path): 0 rows, 0 valid, 0 invalid, 0 warnings; nothing to send\n")
    }

    @Test func oneLeaverIsOnePerson() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        let state = try workspace.write(
            #"{"id":"GONE","digest":"0123456789abcdef0123456789abcdef","data":{"externalId":"GONE","userName":"g@contoso.com"}}"#
                + "\n", to: "state.jsonl")
        let result = await InProcessCommand.run(["plan", input.path, "--state", state.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "1 person known from earlier runs is missing from this export and is reported only (--missing disable "
                    + "sends it with active: false): GONE"), "\(result.stderr)")
        #expect(result.stdout.contains("would send 1 record in 1 request:"), "\(result.stdout)")
        let brake = await InProcessCommand.run(
            ["plan", input.path, "--state", state.path, "--missing", "disable", "--max-disable", "0"])
        #expect(brake.status == 65)
        #expect(
            brake.stderr.contains("1 of 2 known people would be disabled (1 missing from the export)"),
            "\(brake.stderr)")
    }

    @Test(arguments: [
        (
            "None; resend the record if it keeps failing.",
            "reason. Recommended action: Resend the record if it keeps failing."
        ),
        ("None", "reason."),
        ("", "reason."),
        ("Add and verify the domain.", "reason. Recommended action: Add and verify the domain."),
    ])
    func theRecommendedActionIsASentenceAndNeverNone(action: String, expected: String) {
        #expect(StatusPrinter.appending(recommendation: action, to: "reason.") == expected)
        #expect(
            StatusPrinter.appending(recommendation: "Fix it.", to: "no stop") == "no stop. Recommended action: Fix it.")
    }
}
