import Foundation
import Sync
import TestSupport
import Testing

/// The client's files (state, journal, report) under hostile conditions, each through the commands against the
/// emulator (the built binary where a process is needed: two runs at once, another account, a signal, memory, a
/// FIFO): none may lose a record, overwrite an input, or pass with exit 0.
@Suite(.serialized, .timeLimit(.minutes(3))) struct HardeningTests {
    /// Waits (bounded) until the emulator has seen more than `count` requests: a run sending them holds its locks
    /// from before its first request to after its last. (Probing the lock by taking it would race with the run.)
    func waitUntilRequests(exceed count: Int, _ emulator: InProcessEmulator, seconds: Double = 30) async throws {
        let arrived = try await eventually(seconds: seconds) { try emulator.stats()["requests"] ?? 0 > count }
        if !arrived { Issue.record("no request arrived within \(seconds) s") }
    }

    @Test func aSecondRunSharingTheStateExits75AtOnceAndTheOldExportCannotUndoALeaver() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s", "--latency", "400"])
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        let old = workspace.url("old.csv")
        let new = workspace.url("new.csv")
        try writeUsers(200, to: old)
        try writeUsers(199, to: new)  // E200 has left
        let common = [
            "--state", state, "--missing", "disable", "--max-disable", "5", "--batch-size", "10",
            "--concurrency", "1", "--quiet",
        ]
        // Night one, done: everyone is known.
        #expect(
            try await BinaryRunner.run(["upload", old.path] + common, environment: emulator.environment).status == 0)
        // A late re-run of the old export overlaps tonight's run of the new one.
        let before = try emulator.stats()["requests"] ?? 0
        // Both started at once (`start` is not queued behind other tests' processes).
        let late = try BinaryRunner.start(["upload", old.path, "--full"] + common, environment: emulator.environment)
        try await waitUntilRequests(exceed: before, emulator)
        let tonight = try await BinaryRunner.start(
            ["upload", new.path] + common + ["--journal", workspace.url("tonight.journal").path],
            environment: emulator.environment
        ).wait(timeout: 60)
        #expect(tonight.status == 75, "\(tonight.stderr)")
        #expect(tonight.stderr.contains("another provision run holds \(state)"), "\(tonight.stderr)")
        #expect(tonight.stderr.contains("(pid "), "\(tonight.stderr)")
        #expect(tonight.seconds < 10, "refused at once, not after waiting")
        #expect(await late.wait(timeout: 120).status == 0)
        // Tonight again, now alone: E200 is disabled and stays so.
        let again = try await BinaryRunner.run(["upload", new.path] + common, environment: emulator.environment)
        #expect(again.status == 0, "\(again.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["E200"]?["active"] as? Bool == false, "the last record the service got for E200 disables")
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        #expect(saved.contains(#""id":"E200","digest""#) && saved.contains(#""disabled":true"#))
    }

    @Test func anOutputNamingAnInputIsRefusedAndTheInputIsUntouched() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let before = try Data(contentsOf: input)
        let state = workspace.url("state.jsonl")
        for extra in [
            ["--report", input.path], ["--journal", input.path], ["--report", state.path, "--state", state.path],
        ] {
            try Data("{\"kind\":\"provision-state\",\"version\":1}\n".utf8).write(to: state)
            let result = await InProcessCommand.run(["upload", input.path] + extra, environment: emulator.environment)
            #expect(result.status == 64, "\(extra): \(result.stderr)")
            #expect(result.stderr.contains("is the same file as the input"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: input) == before)
        #expect(try emulator.stats()["requests"] ?? 0 == 0)
    }

    @Test func aMalformedStateLineIsExit65NamingTheFileAndLine() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        for data in ["5", "null", #""str""#] {
            let state = try workspace.write(
                #"{"kind":"provision-state","version":1}"# + "\n"
                    + #"{"id":"E1","digest":"00000000000000000000000000000000","disabled":false,"data":\#(data)}"#
                    + "\n",
                to: "state.jsonl")
            let result = await InProcessCommand.run(
                ["upload", input.path, "--state", state.path], environment: emulator.environment)
            #expect(result.status == 65, "data \(data): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("\(state.path) is damaged at line 2"), "\(result.stderr)")
        }
    }

    @Test func aTornOrEmptyJournalDoesNotStopTheNightlyResume() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(30, to: input)
        let journal = workspace.url("nightly.journal")
        for damage in [Data(), Data(#"{"kind":"run","inp"#.utf8)] {
            try damage.write(to: journal)
            let result = await InProcessCommand.run(
                ["upload", input.path, "--journal", journal.path, "--resume"], environment: emulator.environment)
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func aStateNamingADirectoryIsNeverExit0() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let directory = workspace.url("state-dir")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let report = workspace.url("report.json")
        let result = await InProcessCommand.run(
            ["upload", input.path, "--state", directory.path, "--report", report.path],
            environment: emulator.environment)
        #expect(result.status == 73, "\(result.stderr)")
        #expect(try readReport(report)["exitStatus"] as? Int == 73)
    }

    /// As root, `--report /dev/full` exited 0 and the device node was replaced by the report. An output that is a
    /// device, a FIFO or a directory is refused with exit 73 before anything is sent, and is left as it was.
    @Test func anOutputThatIsNotARegularFileIsRefusedAndLeftAsItWas() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        for (path, kind) in try SpecialFiles.irregular(in: workspace.directory) {
            for command in [["upload", input.path, "--report", path], ["validate", input.path, "--report", path]] {
                let result = try await BinaryRunner.run(command, environment: emulator.environment, timeout: 30)
                #expect(result.status == 73, "\(command): \(result.stderr)")
                #expect(result.stderr.contains("\(path): it is "), "\(result.stderr)")
                #expect(SpecialFiles.kind(path) == kind, "\(path) was replaced")
            }
        }
        #expect(try emulator.stats()["requests"] ?? 0 == 0, "refused before anything was sent")
    }

    /// A read-only GITHUB_STEP_SUMMARY (0444, root-owned, in a world-writable folder, the run as another account)
    /// was replaced by a new file holding only this run's summary, exit 0. It is appended to or nothing: exit 73
    /// naming it, the earlier steps' content kept. As root the run drops to `nobody` (setpriv) to be that account.
    @Test func aStepSummaryThatCannotBeAppendedToIsExit73AndKeepsTheEarlierSteps() async throws {
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let runnerTemp = workspace.url("runner-temp")
        try FileManager.default.createDirectory(at: runnerTemp, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: runnerTemp.path)
        let summary = try workspace.write("# earlier step\n", to: "runner-temp/step_summary.md")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: summary.path)
        let asRoot = geteuid() == 0
        let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
        if asRoot {
            #expect(FileManager.default.isExecutableFile(atPath: setpriv.path), "as root this test needs setpriv")
        }
        let arguments = ["plan", input.path]
        let result = try await BinaryRunner.run(
            asRoot
                ? ["--reuid=65534", "--regid=65534", "--clear-groups", "--", BinaryRunner.provision.path] + arguments
                : arguments,
            environment: ["GITHUB_STEP_SUMMARY": summary.path], timeout: 30,
            executable: asRoot ? setpriv : BinaryRunner.provision)
        #expect(result.status == 73, "\(result.stderr)")
        #expect(
            result.stderr.contains("GITHUB_STEP_SUMMARY") && result.stderr.contains(summary.path), "\(result.stderr)")
        #expect(try String(contentsOf: summary, encoding: .utf8) == "# earlier step\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: summary.path)
        #expect(attributes[.posixPermissions] as? Int == 0o444, "the file was replaced")
        #expect((attributes[.ownerAccountID] as? NSNumber)?.uint32Value == geteuid(), "the file was replaced")

        // Writable, it is appended to: the earlier step's summary stays first.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: summary.path)
        let appended = try await BinaryRunner.run(arguments, environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(appended.status == 0, "\(appended.stderr)")
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("# earlier step\n") && text.count > "# earlier step\n".count)
    }

    /// Waiting for the provisioning logs (`status --wait`, `upload --wait`) ended on SIGTERM by dying of the signal.
    /// The wait ends cleanly now: what the logs showed is printed and the exit is 75 (records still pending).
    @Test func sigtermEndsAStatusWaitWith75() async throws {
        let emulator = try InProcessEmulator(["--log-delay", "600"])
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let report = workspace.url("report.json")
        let upload = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path, "--quiet"], environment: emulator.environment)
        #expect(upload.status == 0, "\(upload.stderr)")
        let status = try BinaryRunner.start(
            ["status", "--report", report.path, "--wait", "10m", "--poll-interval", "1s"],
            environment: emulator.environment)
        _ = try await eventually(seconds: 30) { try emulator.stats()["logRequests"] ?? 0 >= 2 }
        #expect(try emulator.stats()["logRequests"] ?? 0 >= 2, "the status run never polled twice")
        let signalled = Date()
        status.signal(SIGTERM)
        let result = await status.wait(timeout: 30)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.exitedAt.timeIntervalSince(signalled) < 10)
        #expect(result.stdout.contains("5 pending"), "what the logs showed is printed: \(result.stdout)")
    }

    @Test func aHeaderOnlyExportDisablesNobodyEvenAtMaxDisable100Percent() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        let full = workspace.url("full.csv")
        let empty = workspace.url("empty.csv")
        try writeUsers(20, to: full)
        try writeUsers(0, to: empty)
        #expect(
            await InProcessCommand.run(["upload", full.path, "--state", state], environment: emulator.environment)
                .status == 0
        )
        let refused = await InProcessCommand.run(
            ["upload", empty.path, "--state", state, "--missing", "disable", "--max-disable", "100%"],
            environment: emulator.environment)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-empty-export"))
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?.values.allSatisfy { $0["active"] as? Bool == true } == true)
    }

    @Test func manyRowsWithOneFaultKeepMemoryAndTheReportBounded() async throws {
        let workspace = try Workspace()
        let input = workspace.url("same.csv")
        var text = "externalId,userName,active\n"
        text.reserveCapacity(200_000 * 29)
        for index in 0..<200_000 { text += "E1,user\(index)@contoso.com,true\n" }
        try Data(text.utf8).write(to: input)
        let report = workspace.url("report.json")
        let result = try await BinaryRunner.run(
            ["validate", input.path, "--report", report.path, "--quiet"],
            environment: ["PROVISION_DEBUG_PEAK_RSS": "1"],
            timeout: 300)
        #expect(result.status == 1, "\(result.stderr)")
        let json = try readReport(report)
        #expect(json["invalid"] as? Int == 199_999)
        #expect((json["problems"] as? [Any])?.count == 1000)
        let counts = json["problemCounts"] as? [[String: Any]]
        #expect(counts?.first { $0["kind"] as? String == "duplicateExternalId" }?["count"] as? Int == 199_999)
        #expect(try Data(contentsOf: report).count < 1_000_000)
        let rss = try #require(HostileInputTests.peakRSS(result.stderr))
        #expect(rss < 64 * 1024, "peak RSS \(rss) kB")
    }
}
