import Foundation
import Graph
import Presentation
import Sync
import TestSupport
import Testing

/// What `status` and `upload --wait` print and write: every record's outcome (`--all`, `--json`, a terminal), both
/// halves of the Markdown summary, and the rate limit kept per job between runs.
@Suite(.timeLimit(.minutes(3))) struct StatusOutputTests {
    static let manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"

    @Test func allListsEveryRecordAndJSONCarriesEveryRecord() async throws {
        // E2's manager is not in the file and has never been processed: its row is a failure.
        let emulator = try InProcessEmulator(["--unresolved-manager", "failure"])
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,active,\(Self.manager)\nE1,e1@contoso.com,true,\nE2,e2@contoso.com,true,X99\n"
                + "E3,e3@contoso.com,true,\n", to: "users.csv")
        let report = workspace.url("run.json").path
        let environment = emulator.environment
        #expect(
            await InProcessCommand.run(["upload", input.path, "--report", report], environment: environment).status == 0
        )
        let status = ["status", "--report", report, "--wait", "60s", "--poll-interval", "1s"]
        let plain = await InProcessCommand.run(status, environment: environment)
        #expect(plain.status == 1, "\(plain.stderr)")
        #expect(plain.stdout.contains("\(input.path):3: failure: externalId \"E2\" (create): "), "\(plain.stdout)")
        #expect(!plain.stdout.contains("success: externalId"), "not a terminal: the failures only")
        let all = await InProcessCommand.run(status + ["--all"], environment: environment)
        let lines = all.stdout.split(separator: "\n").filter { $0.contains(": externalId ") }
        try #require(lines.count == 3, "\(all.stdout)\(all.stderr)")
        #expect(lines.first == "\(input.path):2: success: externalId \"E1\" (create)")
        #expect(lines.last == "\(input.path):4: success: externalId \"E3\" (create)")
        #expect(lines[1].hasPrefix("\(input.path):3: failure: externalId \"E2\" (create): "))
        let json = await InProcessCommand.run(status + ["--json"], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let outcomes = try #require(object["outcomes"] as? [[String: Any]], "\(json.stdout)")
        #expect(outcomes.map { $0["externalId"] as? String } == ["E1", "E2", "E3"])
        #expect(outcomes.map { $0["status"] as? String } == ["success", "failure", "success"])
        #expect(outcomes.allSatisfy { $0["action"] as? String == "create" && $0["activityDateTime"] is String })
        #expect(outcomes[1]["errorCode"] as? String == "UnableToResolveReferenceAttributeValue")
    }

    /// On a terminal, a small run lists every record without `--all`; a larger one only its failures.
    @Test(arguments: [(3, true), (StatusPrinter.listThreshold + 1, false)])
    func aTerminalListsEveryRecordOfASmallRun(count: Int, listed: Bool) {
        let header = Journal.Header(
            input: "users.csv", inputDigest: "aa", mapping: nil, mappingDigest: nil, optionsDigest: "o", batches: 1,
            endpoint: "e", jobId: "job", startedAt: Date(timeIntervalSince1970: 1_800_000_000), delimiter: nil,
            encoding: nil, records: count)
        let entries = (1...count).map { index in
            ProvisioningLogEntry(
                id: "r\(index)", activityDateTime: Date(timeIntervalSince1970: 1_800_000_300), externalId: "E\(index)",
                displayName: nil, action: "create", status: "success", errorCode: nil, reason: nil,
                recommendedAction: nil, cycleId: "c")
        }
        let summary = StatusSummary(uploaded: (1...count).map { ("E\($0)", $0 + 1) }, entries: entries)
        let output = Captured()
        let console = Console(out: { output.append($0) }, err: { _ in }, outIsTerminal: true)
        StatusPrinter(console: console, choices: OutputChoices())
            .print(StatusRun.Outcome(header: header, summary: summary, status: .success), heal: nil)
        #expect(output.text.contains("users.csv:2: success: externalId \"E1\" (create)") == listed, "\(output.text)")
    }

    /// `upload --wait --summary-md FILE`: the file holds the upload's half and the status's, as the job's page does.
    @Test func uploadWaitWritesBothHalvesOfTheSummaryToTheFile() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let markdown = workspace.url("summary.md")
        let step = workspace.url("step-summary.md")
        var environment = emulator.environment
        environment["GITHUB_STEP_SUMMARY"] = step.path
        let result = await InProcessCommand.run(
            [
                "upload", input.path, "--report", workspace.url("run.json").path, "--wait", "60s", "--poll-interval",
                "1s", "--summary-md", markdown.path,
            ], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let file = try String(contentsOf: markdown, encoding: .utf8)
        let upload = try #require(file.range(of: "## provision upload: "), "\(file)")
        let status = try #require(file.range(of: "## provision status: "), "\(file)")
        #expect(upload.lowerBound < status.lowerBound)
        #expect(try String(contentsOf: step, encoding: .utf8) == file + "\n", "the page and the file say the same")
    }

    /// A limit learnt by a run without `--state` is kept per job in the cache (mode 0600), which `config show` and the
    /// run itself name, and where the next run of another file starts; `--no-cache` neither reads nor writes it.
    @Test func aLearntLimitIsKeptInTheCacheAndTheNextRunStartsThere() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/5s"])
        let workspace = try Workspace()
        let cache = workspace.url("cache/provision/rate-limits.json").path
        var environment = emulator.environment
        environment["XDG_CACHE_HOME"] = workspace.url("cache").path
        let first = workspace.url("first.csv")
        try writeUsers(45, to: first)
        // A process of its own: the run must reach the default pace to be throttled (see UploadConsoleTests).
        let learnt = try await BinaryRunner.run(["upload", first.path, "--batch-size", "1"], environment: environment)
        #expect(learnt.status == 0, "\(learnt.stderr)")
        #expect(
            learnt.stderr.contains("the service throttles at 40/5s")
                && learnt.stderr.contains("kept for this job in \(cache)"),
            "\(learnt.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: cache)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let shown = await InProcessCommand.run(["config", "show"], environment: environment)
        #expect(shown.stdout.contains("rate-limit cache: \(cache) (this job: 40/5s, learnt "), "\(shown.stdout)")
        let second = workspace.url("second.csv")
        try writeUsers(3, to: second, prefix: "S")
        let next = await InProcessCommand.run(["upload", second.path], environment: environment)
        #expect(next.status == 0 && next.stderr.contains("starting at 40/5s") && next.stderr.contains(cache))
        let off = await InProcessCommand.run(["upload", second.path, "--no-cache"], environment: environment)
        #expect(off.status == 0 && !off.stderr.contains("starting at 40/5s"), "\(off.stderr)")
        #expect(
            await InProcessCommand.run(["config", "show", "--no-cache"], environment: environment).stdout.contains(
                "rate-limit cache: off (--no-cache)"))
    }
}
