import Foundation
import TestSupport
import Testing

/// The run lifecycle against the emulator: provisioning-log status, delta sync, leavers, the brake, and check.
@Suite(.timeLimit(.minutes(3))) struct LifecycleIntegrationTests {
    @Test func statusPagesThroughThrottledLogsAndFailedRowsCanBeResent() async throws {
        // The emulator's log throttle (3 per 2 s) is tighter than the client's own pace (5 per 10 s), so 429s happen.
        let emulator = try InProcessEmulator([
            "--rate", "40/1s", "--record-failure-rate", "0.1", "--seed", "5", "--max-page-size", "24", "--logs-rate",
            "3/2s",
        ])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(120, to: input)
        let report = dir.appendingPathComponent("report.json")
        let failed = dir.appendingPathComponent("failed.csv")
        let upload = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path], environment: emulator.environment)
        #expect(upload.status == 0, "\(upload.stderr)")
        let status = await InProcessCommand.run(
            ["status", "--report", report.path, "--failed", failed.path, "--json"], environment: emulator.environment)
        #expect(status.status == 1, "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let failures = json?["failures"] as? [[String: Any]] ?? []
        #expect(!failures.isEmpty)
        #expect(json?["records"] as? Int == 120)
        #expect(json?["pending"] as? Int == 0)
        #expect(failures.allSatisfy { ($0["line"] as? Int ?? 0) >= 2 && !($0["errorCode"] as? String ?? "").isEmpty })
        let stats = try emulator.stats()
        #expect((stats["logRequests"] ?? 0) >= 5)  // paged: 120 rows at 24 a page, whatever $top asks
        #expect((stats["logThrottled"] ?? 0) >= 1)  // and throttled, then retried after Retry-After
        // The failed file has the same header and exactly the failed rows, ready to upload again.
        let lines = try String(contentsOf: failed, encoding: .utf8).split(separator: "\r\n")
        #expect(lines.first == (try String(contentsOf: input, encoding: .utf8)).split(separator: "\n").first)
        #expect(lines.count == failures.count + 1)
        let again = await InProcessCommand.run(["upload", failed.path], environment: emulator.environment)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func statusWaitsForLaggingLogsAndReportsPending() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s", "--log-delay", "60"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(10, to: input)
        let report = dir.appendingPathComponent("report.json")
        let result = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path, "--wait", "2s", "--poll-interval", "1s"],
            environment: emulator.environment)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stdout.contains("10 pending"))
    }

    @Test func statusWithoutLogPermissionNamesIt() async throws {
        let emulator = try InProcessEmulator(["--roles", "SynchronizationData-User.Upload"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(5, to: input)
        let report = dir.appendingPathComponent("report.json")
        #expect(
            await InProcessCommand.run(
                ["upload", input.path, "--report", report.path], environment: emulator.environment
            )
            .status == 0)
        let status = await InProcessCommand.run(["status", "--report", report.path], environment: emulator.environment)
        #expect(status.status == 77)
        #expect(status.stderr.contains("AuditLog.Read.All"))
    }

    @Test func deltaSendsOnlyNewAndChangedRecords() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let state = dir.appendingPathComponent("state.jsonl")
        let report = dir.appendingPathComponent("report.json")
        try writeUsers(200, to: input)
        #expect(
            await InProcessCommand.run(
                ["upload", input.path, "--state", state.path], environment: emulator.environment
            )
            .status == 0)
        try writeUsers(203, to: input, changed: [5, 77])
        let second = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--report", report.path], environment: emulator.environment)
        #expect(second.status == 0, "\(second.stderr)")
        let json = try readReport(report)
        #expect(json["unchanged"] as? Int == 198)
        #expect(json["accepted"] as? Int == 5)
        #expect(json["rows"] as? Int == 203)
        #expect(try emulator.stats()["recordsReceived"] == 205)
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        let changed = users?["E5"]?["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as? [String: Any]
        #expect(changed?["department"] as? String == "Changed")
        // --full sends everything regardless.
        let full = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--full", "--report", report.path],
            environment: emulator.environment)
        #expect(full.status == 0)
        #expect(try readReport(report)["accepted"] as? Int == 203)
    }

    @Test func aRunThatDiesBeforeTheStateWriteSendsAgainNextTime() async throws {
        // The state is written only after acceptance; a run that never got there (here: stopped by --max-requests
        // before the rest was sent) leaves the unsent records unmarked, so the next run sends them.
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let state = dir.appendingPathComponent("state.jsonl")
        try writeUsers(150, to: input)
        let first = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--max-requests", "1", "--concurrency", "1"],
            environment: emulator.environment)
        #expect(first.status == 75)
        let known = try String(contentsOf: state, encoding: .utf8).split(separator: "\n").count - 1
        #expect(known == 50)
        let report = dir.appendingPathComponent("report.json")
        let second = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--report", report.path], environment: emulator.environment)
        #expect(second.status == 0)
        #expect(try readReport(report)["accepted"] as? Int == 100)
        #expect(try readReport(report)["unchanged"] as? Int == 50)
    }

    @Test func leaversAreDisabledWithTheirLastRecord() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let state = dir.appendingPathComponent("state.jsonl")
        let report = dir.appendingPathComponent("report.json")
        try writeUsers(100, to: input)
        #expect(
            await InProcessCommand.run(
                ["upload", input.path, "--state", state.path], environment: emulator.environment
            )
            .status == 0)
        try writeUsers(97, to: input)
        let reported = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--report", report.path], environment: emulator.environment)
        #expect(reported.status == 0)
        #expect(reported.stderr.contains("3 people known from earlier runs are missing"))
        #expect(try readReport(report)["leavers"] as? [String] == ["E100", "E98", "E99"])
        let disabled = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--missing", "disable", "--report", report.path],
            environment: emulator.environment)
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(try readReport(report)["leaversDisabled"] as? Int == 3)
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["E99"]?["active"] as? Bool == false)
        #expect(users?["E99"]?["userName"] as? String == "user99@contoso.com")
        // Disabled once; the next run does not disable them again.
        let again = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--missing", "disable", "--report", report.path],
            environment: emulator.environment)
        #expect(again.status == 0)
        #expect(try readReport(report)["leavers"] as? [String] == [])
    }

    @Test func theBrakeRefusesATruncatedExportAndSendsNothing() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let state = dir.appendingPathComponent("state.jsonl")
        try writeUsers(400, to: input)
        #expect(
            await InProcessCommand.run(
                ["upload", input.path, "--state", state.path], environment: emulator.environment
            )
            .status == 0)
        let before = try emulator.stats()["requests"]
        try writeUsers(150, to: input)  // cut short: 250 of 400 missing
        let result = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--missing", "disable"], environment: emulator.environment)
        #expect(result.status == 65)
        #expect(result.stderr.contains("250 of 400 known people would be disabled (250 missing from the export)"))
        #expect(result.stderr.contains("--max-disable 250"))
        #expect(try emulator.stats()["requests"] == before)
        let allowed = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--missing", "disable", "--max-disable", "250"],
            environment: emulator.environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test(arguments: [
        ("Active", Int32(0), "ready to upload"), ("Paused", 1, "is Paused"),
        ("Quarantine", 1, "EncounteredQuarantineException"),
    ])
    func checkReportsTheJobState(state: String, status: Int32, fragment: String) async throws {
        let emulator = try InProcessEmulator(["--job-state", state])
        let result = await InProcessCommand.run(["check"], environment: emulator.environment)
        #expect(result.status == status, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(fragment), "\(result.stdout)")
        #expect(result.stdout.contains("SynchronizationData-User.Upload"))
    }

    @Test func checkNamesAMissingRoleAndBadConfiguration() async throws {
        let emulator = try InProcessEmulator(["--roles", "User.Read.All"])
        let missing = await InProcessCommand.run(["check", "--json"], environment: emulator.environment)
        #expect(missing.status == 77)
        #expect(missing.stdout.contains("lacks SynchronizationData-User.Upload"))
        var environment = emulator.environment
        environment["PROVISION_ENDPOINT"] = nil
        #expect(await InProcessCommand.run(["check"], environment: environment).status == 78)
        environment["PROVISION_ENDPOINT"] =
            "http://127.0.0.1:1/v1.0/servicePrincipals/a/synchronization/jobs/b/bulkUpload"
        environment["AZURE_AUTHORITY_HOST"] = "http://127.0.0.1:1"
        #expect(await InProcessCommand.run(["check"], environment: environment).status == 69)
    }
}

/// The nightly pattern: `--state … --resume` every night, whatever happened the night before.
@Suite(.timeLimit(.minutes(3))) struct NightlyResumeTests {
    @Test func resumeAfterACleanNightIsAnOrdinaryRun() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let state = dir.appendingPathComponent("state.jsonl")
        let report = dir.appendingPathComponent("report.json")
        let nightly = ["upload", input.path, "--state", state.path, "--report", report.path, "--resume"]
        try writeUsers(100, to: input)
        #expect(await InProcessCommand.run(nightly, environment: emulator.environment).status == 0)
        try writeUsers(101, to: input, changed: [3])
        let second = await InProcessCommand.run(nightly, environment: emulator.environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try readReport(report)["accepted"] as? Int == 2)
        #expect(try readReport(report)["unchanged"] as? Int == 99)
    }

    @Test func resumeAfterAStoppedNightSendsEveryoneTheFirstRunMissed() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let state = dir.appendingPathComponent("state.jsonl")
        let report = dir.appendingPathComponent("report.json")
        try writeUsers(10, to: input)
        let first = await InProcessCommand.run(
            [
                "upload", input.path, "--state", state.path, "--report", report.path, "--batch-size", "2",
                "--max-requests", "2", "--concurrency", "1",
            ], environment: emulator.environment)
        #expect(first.status == 75)
        let second = await InProcessCommand.run(
            ["upload", input.path, "--state", state.path, "--report", report.path, "--batch-size", "2", "--resume"],
            environment: emulator.environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try emulator.stats()["uniqueRecords"] == 10)
        // The state already holds the four the stopped night had accepted: they are unchanged, the rest are sent.
        let json = try readReport(report)
        #expect(json["accepted"] as? Int == 6)
        #expect(json["unchanged"] as? Int == 4)
    }

    @Test func resumeWithoutStateAfterAKilledRunSkipsByExternalId() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        let report = dir.appendingPathComponent("report.json")
        try writeUsers(300, to: input)
        #expect(
            await InProcessCommand.run(
                ["upload", input.path, "--report", report.path, "--max-requests", "3", "--concurrency", "1"],
                environment: emulator.environment
            ).status == 75)
        let second = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path, "--resume"], environment: emulator.environment)
        #expect(second.status == 0)
        let stats = try emulator.stats()
        #expect(stats["uniqueRecords"] == 300)
        #expect(stats["duplicateRecords"] == 0)
        // A third --resume finds the run finished and runs afresh rather than refusing.
        let third = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path, "--resume"], environment: emulator.environment)
        #expect(third.status == 0)
    }
}
