import Foundation
import TestSupport
import Testing

@testable import Sync

/// What a person sees on the console, as a new user met it: errors first, repeated warnings summarised, a quiet
/// `--quiet`, plurals, one exit status per kind of failure.
@Suite(.timeLimit(.minutes(3))) struct ConsoleTests {
    /// 2 errors on late lines and 30 warnings of one kind on early lines.
    func noisyExport(_ workspace: Workspace) throws -> URL {
        var text =
            "externalId,userName,active,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
        for index in 1...30 { text += "E\(index),user\(index)@contoso.com,true,BOSS\n" }
        text += "E31,user31@contoso.com,perhaps,\n"
        text += "E31,again@contoso.com,true,\n"
        return try workspace.write(text, to: "noisy.csv")
    }

    @Test func errorsComeFirstAndARepeatedWarningIsOneLine() async throws {
        let workspace = try Workspace()
        let input = try noisyExport(workspace)
        let result = await InProcessCommand.run(["validate", input.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(lines[0].hasPrefix("\(input.path):32: error:"), "\(lines)")
        #expect(lines[1].hasPrefix("\(input.path):33: error: externalId \"E31\" is already used on line 32"))
        #expect(
            lines[2]
                == "\(input.path): warning: 30 × managerNotInFile, first on lines 2, 3, 4: manager \"BOSS\" is not in "
                + "the file; the reference resolves only if Entra already has that person"
        )
        #expect(result.stdout == "\(input.path): 32 rows, 30 valid, 2 invalid, 30 warnings; 1 request of up to 30\n")
    }

    @Test func quietPrintsNothingButErrors() async throws {
        let workspace = try Workspace()
        let input = try noisyExport(workspace)
        let quiet = await InProcessCommand.run(["validate", input.path, "--quiet"])
        #expect(quiet.status == 1)
        #expect(quiet.stdout.isEmpty, "\(quiet.stdout)")
        #expect(quiet.stderr.split(separator: "\n").count == 2, "each row error, no warning: \(quiet.stderr)")
        let broken = try workspace.write("externalId,userName\n\"E1,x\n", to: "broken.csv")
        let stopped = await InProcessCommand.run(["validate", broken.path, "--quiet"])
        #expect(stopped.status == 65)
        #expect(stopped.stderr.contains("error:"))
    }

    @Test func oneRowIsOneRow() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "one.csv")
        let result = await InProcessCommand.run(["validate", input.path])
        #expect(result.stdout == "\(input.path): 1 row, 1 valid, 0 invalid, 0 warnings; 1 request of up to 1\n")
    }

    @Test(arguments: [
        ["upload", "X", "--dry-run", "--rate", "fast"], ["plan", "X", "--rate", "fast"],
        ["upload", "X", "--rate", "fast"],
        ["upload", "X", "--timeout", "0"], ["upload", "X", "--wait", "soon"],
        ["validate", "X", "--max-problems", "many"],
        ["status", "--report", "r.json", "--poll-interval", "0s"],
    ])
    func aBadOptionValueIs64EverywhereBeforeAnyWork(arguments: [String]) async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        let result = await InProcessCommand.run(arguments.map { $0 == "X" ? input.path : $0 })
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }

    @Test func aFileLevelErrorIsInTheJSONReport() async throws {
        let workspace = try Workspace()
        let broken = try workspace.write("externalId,userName,active\nE1,\"never closed\n", to: "broken.csv")
        let result = await InProcessCommand.run(["validate", broken.path, "--json"])
        #expect(result.status == 65)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let problem = (json?["problems"] as? [[String: Any]])?.first
        #expect(problem?["line"] as? Int == 2)
        #expect(problem?["kind"] as? String == "fileError")
        #expect(
            (problem?["message"] as? String)?.contains("unterminated") == true
                || (problem?["message"] as? String)?.contains("quote") == true)
    }

    @Test func exitCodesHaveAHelpPage() async throws {
        let result = await InProcessCommand.run(["help", "exit-codes"])
        #expect(result.status == 0)
        for code in [0, 1, 64, 65, 66, 69, 70, 73, 75, 77, 78] {
            #expect(result.stdout.contains("\n  \(code) "), "exit \(code) is documented")
        }
    }
}

/// Configuration mistakes a first run makes, each answered at once and completely.
@Suite(.timeLimit(.minutes(3))) struct FirstRunConfigurationTests {
    @Test func everyMissingSettingIsNamedInOneRun() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        let result = await InProcessCommand.run(["upload", input.path])
        #expect(result.status == 78)
        for setting in ["the endpoint", "a credential", "the tenant", "the client id"] {
            #expect(result.stderr.contains(setting), "\(setting): \(result.stderr)")
        }
        #expect(result.stderr.contains("4 settings are not configured"))
    }

    @Test func aLookAlikeOfAGraphHostGetsADidYouMeanNeverAllowHostAdvice() async throws {
        let result = await InProcessCommand.run(
            ["check"],
            environment: [
                "PROVISION_ENDPOINT":
                    "https://graph.microsft.com/v1.0/servicePrincipals/a/synchronization/jobs/b/bulkUpload",
                "AZURE_CLIENT_SECRET": "s", "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c",
            ])
        #expect(result.status == 78)
        #expect((result.stdout + result.stderr).contains("did you mean graph.microsoft.com?"))
        #expect(!(result.stdout + result.stderr).contains("--allow-host"))
    }

    @Test func aLoopbackEndpointWithoutAnAuthorityIsNamedAtOnce() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        let started = Date()
        let result = await InProcessCommand.run(
            ["upload", input.path],
            environment: [
                "PROVISION_ENDPOINT": "http://127.0.0.1:9/v1.0/servicePrincipals/a/synchronization/jobs/b/bulkUpload",
                "AZURE_CLIENT_SECRET": "s", "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c",
            ])
        #expect(result.status == 78)
        #expect(result.stderr.contains("AZURE_AUTHORITY_HOST"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 10, "no retries against login.microsoftonline.com")
    }
}

/// Upload progress as the operator reads it.
@Suite(.timeLimit(.minutes(3))) struct UploadConsoleTests {
    @Test func oneThrottleLinePerEpisodeNotPerRequest() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/5s"])
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(3000, to: input)
        let report = workspace.url("report.json")
        // A process of its own: the client must reach the default pace to be throttled, which a run sharing the
        // test process's threads with every other suite cannot be sure of.
        let result = try await BinaryRunner.run(
            ["upload", input.path, "--report", report.path], environment: emulator.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let throttled = try readReport(report)["throttled"] as? Int ?? 0
        let episodes = try emulator.stats()["throttleEpisodes"] ?? 0
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("throttled (429)") }
        #expect(throttled >= 1, "the service throttled the default pace")
        #expect(
            lines.count >= 1 && lines.count <= max(1, episodes),
            "\(lines.count) lines for \(throttled) 429s in \(episodes) episodes")
    }
}

/// One exit status per kind of failure, whichever command meets it.
@Suite(.timeLimit(.minutes(3))) struct ExitStatusConsistencyTests {
    @Test func anUnreachableTokenHostIs69FromUploadAndFromStatus() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        let report = workspace.url("report.json").path
        #expect(
            await InProcessCommand.run(["upload", input.path, "--report", report], environment: emulator.environment)
                .status == 0)
        let unreachable = emulator.environment.merging(["AZURE_AUTHORITY_HOST": "http://127.0.0.1:9"]) { $1 }
        // Both retry the token host for the same bounded time; side by side, the test takes it once.
        async let uploading = InProcessCommand.run(
            ["upload", input.path, "--report", workspace.url("second.json").path], environment: unreachable)
        async let reading = InProcessCommand.run(["status", "--report", report], environment: unreachable)
        let (upload, status) = await (uploading, reading)
        #expect(upload.status == 69, "\(upload.stderr)")
        #expect(status.status == 69, "\(status.stderr)")
        #expect(status.stderr.contains("cannot get a token"), "\(status.stderr)")
    }
}
