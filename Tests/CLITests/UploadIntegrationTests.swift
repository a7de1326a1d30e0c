import Foundation
import Sync
import TestSupport
import Testing

/// The built `provision` binary with its real transport against the `entra-emulator` program over loopback: the
/// end-to-end layer (docs/testing.md). The refusals and rejections that need no program run in process.
@Suite(.serialized, .timeLimit(.minutes(3))) struct UploadIntegrationTests {
    @Test func happyPathAcceptsEveryRecordWithinTheRate() async throws {
        let emulator = try EmulatorProcess(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(1000, to: input)
        let report = dir.appendingPathComponent("report.json")
        let result = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path], environment: emulator.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try emulator.stats()
        #expect(stats["uniqueRecords"] == 1000)
        #expect(stats["throttled"] == 0)
        #expect((stats["maxRequestsInOneSecond"] ?? 99) <= 40)
        let json = try readReport(report)
        #expect(json["accepted"] as? Int == 1000)
        #expect(json["requests"] as? Int == 20)
        #expect(
            json["jobId"] as? String == "API2AAD.000000000000000000000000000000aa.33333333-3333-3333-3333-333333333333")
        let batch = (json["batches"] as? [[String: Any]])?.first
        #expect(batch?["status"] as? String == "accepted")
        #expect((batch?["clientRequestId"] as? String)?.count == 36)
        // Managers first: E1 is in the first batch, and E10 (who reports to E1) is not sent before it.
        let users = try emulator.get("users")["users"] as? [String: Any]
        #expect(users?.count == 1000)
    }

    @Test func throttleStormIsRiddenOutWithRetryAfter() async throws {
        let emulator = try EmulatorProcess([
            "--rate", "40/1s", "--throttle-rate", "0.4", "--retry-after", "0.3", "--seed", "3",
        ])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(500, to: input)
        let report = dir.appendingPathComponent("report.json")
        let result = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path], environment: emulator.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try readReport(report)
        #expect((json["throttled"] as? Int ?? 0) > 0)
        #expect(json["accepted"] as? Int == 500)
        #expect(try emulator.stats()["uniqueRecords"] == 500)
    }

    @Test func serverErrorsAndDroppedConnectionsAreRetried() async throws {
        let emulator = try EmulatorProcess([
            "--rate", "40/1s", "--fail-rate", "0.1", "--drop-rate", "0.03", "--seed", "11",
        ])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(1500, to: input)
        let report = dir.appendingPathComponent("report.json")
        let result = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path, "--max-attempts", "8", "--timeout", "5"],
            environment: emulator.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try readReport(report)
        #expect((json["retries"] as? Int ?? 0) > 0)
        #expect(json["accepted"] as? Int == 1500)
        let stats = try emulator.stats()
        #expect(stats["uniqueRecords"] == 1500)
        #expect((stats["serverErrors"] ?? 0) > 0)
    }

    @Test func tokenExpiryMidRunIsRefreshed() async throws {
        let emulator = try EmulatorProcess(["--rate", "40/1s", "--token-lifetime", "2", "--latency", "100"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(600, to: input)
        let result = try await BinaryRunner.run(
            ["upload", input.path, "--concurrency", "2", "--batch-size", "20"], environment: emulator.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try emulator.stats()
        #expect((stats["tokensIssued"] ?? 0) >= 2)
        #expect(stats["uniqueRecords"] == 600)
    }

    @Test func missingUploadRoleStopsWith77NamingThePermission() async throws {
        let emulator = try InProcessEmulator(["--roles", "AuditLog.Read.All"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(120, to: input)
        let report = dir.appendingPathComponent("report.json")
        let result = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path, "--concurrency", "1"], environment: emulator.environment)
        #expect(result.status == 77)
        #expect(result.stderr.contains("SynchronizationData-User.Upload"))
        let json = try readReport(report)
        #expect(
            (json["rows"] as? Int) == (json["invalid"] as? Int ?? 0) + (json["accepted"] as? Int ?? 0)
                + (json["rejected"] as? Int ?? 0) + (json["failed"] as? Int ?? 0))
        #expect(json["exitStatus"] as? Int == 77)
    }

    @Test func wrongSecretExplainsTheSecretValueVersusID() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(3, to: input)
        var environment = emulator.environment
        environment["AZURE_CLIENT_SECRET"] = "0f1e2d3c-wrong-secret-id"
        let result = await InProcessCommand.run(["upload", input.path], environment: environment)
        #expect(result.status == 77)
        #expect(result.stderr.contains("7000215"))
        #expect(result.stderr.contains("VALUE"))
        #expect(!result.stderr.contains("0f1e2d3c-wrong-secret-id"))
        #expect(try emulator.stats()["requests"] == 0)
    }

    @Test func wrongJobIdIsAConfigurationError() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(3, to: input)
        var environment = emulator.environment
        environment["PROVISION_ENDPOINT"] = emulator.endpoint.replacingOccurrences(
            of: "/jobs/API2AAD.", with: "/jobs/API2AAD.ff")
        let result = await InProcessCommand.run(["upload", input.path], environment: environment)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("404"))
    }

    @Test func endpointOffTheAllowListIsRefusedBeforeAnyToken() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(3, to: input)
        var environment = emulator.environment
        environment["PROVISION_ENDPOINT"] =
            "https://graph.example.net/v1.0/servicePrincipals/a/synchronization/jobs/b/bulkUpload"
        let result = await InProcessCommand.run(["upload", input.path], environment: environment)
        #expect(result.status == 78)
        #expect(result.stderr.contains("PROVISION_ENDPOINT host \"graph.example.net\""))
        #expect(try emulator.stats()["tokensIssued"] == 0)
    }

    @Test func maxRequestsStopsCleanlyAndResumeFinishes() async throws {
        let emulator = try EmulatorProcess(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(500, to: input)
        let report = dir.appendingPathComponent("report.json")
        let first = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path, "--max-requests", "4", "--concurrency", "1"],
            environment: emulator.environment)
        #expect(first.status == 75, "\(first.stderr)")
        #expect(first.stderr.contains("--resume"))
        let firstReport = try readReport(report)
        #expect(firstReport["accepted"] as? Int == 200)
        #expect(firstReport["notSent"] as? Int == 300)
        let second = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path, "--resume"], environment: emulator.environment)
        #expect(second.status == 0, "\(second.stderr)")
        let stats = try emulator.stats()
        #expect(stats["uniqueRecords"] == 500)
        #expect(stats["duplicateRecords"] == 0)
        #expect(try readReport(report)["skippedAlreadyAccepted"] as? Int == 200)
    }

    @Test func changedInputIsRefusedForResume() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(200, to: input)
        let journal = dir.appendingPathComponent("j.jsonl")
        let first = await InProcessCommand.run(
            ["upload", input.path, "--journal", journal.path, "--max-requests", "1", "--concurrency", "1"],
            environment: emulator.environment)
        #expect(first.status == 75)
        try writeUsers(201, to: input)
        let second = await InProcessCommand.run(
            ["upload", input.path, "--journal", journal.path, "--resume"], environment: emulator.environment)
        #expect(second.status == 65)
        #expect(second.stderr.contains("cannot resume"))
    }
}

@Suite(.timeLimit(.minutes(3))) struct RejectedBatchTests {
    @Test func aBadRequestRejectsOnlyItsBatchWithGraphsErrorAndIsNotRetried() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s", "--reject-external-id", "E77"])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(200, to: input)
        let report = dir.appendingPathComponent("report.json")
        let result = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path], environment: emulator.environment)
        #expect(result.status == 1, "\(result.stderr)")
        let json = try readReport(report)
        #expect(json["accepted"] as? Int == 150)
        #expect(json["rejected"] as? Int == 50)
        let rejected = (json["batches"] as? [[String: Any]])?.first { $0["status"] as? String == "rejected" }
        #expect(rejected?["attempts"] as? Int == 1)
        #expect(rejected?["httpStatus"] as? Int == 400)
        let error = rejected?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "BadRequest")
        #expect((error?["message"] as? String)?.contains("E77") == true)
        #expect(result.stderr.contains("rejected (HTTP 400)"))
    }
}
