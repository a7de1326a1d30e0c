import Foundation
import TestSupport
import Testing

/// The service-hazard lints through the commands: a mapping without `active`, values beyond Entra's limits, bad
/// user principal names, and how repeated problems are printed.
@Suite(.timeLimit(.minutes(3))) struct LintTests {
    static let manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"

    @Test(arguments: ["validate", "plan", "upload --dry-run"])
    func noActiveIs65NamingTheConsequence(command: String) async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName\nE1,a@contoso.com\n", to: "users.csv")
        let arguments = command.split(separator: " ").map(String.init)
        let result = await InProcessCommand.run([arguments[0], input.path] + arguments.dropFirst())
        #expect(result.status == 65, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "users.csv:1: no active column: Entra disables the account of every record "
                    + "sent without active"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing is written: \(result.stdout)")
    }

    @Test func aMappingWithoutActiveNamesTheMappingFile() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("WorkerID,Mail\nE1,a@contoso.com\n", to: "export.csv")
        let mapping = try workspace.write(
            #"{"attributes": {"externalId": "WorkerID", "userName": "Mail"}}"#, to: "mapping.json")
        let result = await InProcessCommand.run(["validate", input.path, "--mapping", mapping.path])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains("mapping.json: attributes: no \"active\": Entra disables the account"),
            "\(result.stderr)")
    }

    @Test func allowedItIsOneWarningAndTheRecordsGo() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName\nE1,a@contoso.com\nE2,b@contoso.com\nE3,c@contoso.com\nE4,d@contoso.com\n",
            to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path, "--allow-missing-active"])
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("no active column") }
        #expect(warnings.count == 1, "\(result.stderr)")
        #expect(warnings.first?.contains("users.csv:1: warning:") == true, "\(result.stderr)")
        #expect(result.stdout.contains("4 rows, 4 valid, 0 invalid, 1 warning"), "\(result.stdout)")
        let dryRun = await InProcessCommand.run(["upload", input.path, "--dry-run", "--allow-missing-active"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains(#""externalId":"E4""#))
    }

    @Test func aTooLongGivenNameIsARowError() async throws {
        let workspace = try Workspace()
        let long = String(repeating: "G", count: 65)
        let input = try workspace.write(
            "externalId,userName,active,name.givenName\nE1,a@contoso.com,true,Ana\nE2,b@contoso.com,true,\(long)\n",
            to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "users.csv:3: error: givenName takes at most 64 characters in Entra ID; this value has 65 "
                    + "(name.givenName flows to Entra's givenName) (externalId \"E2\", column name.givenName)"),
            "\(result.stderr)")
        #expect(result.stdout.contains("2 rows, 1 valid, 1 invalid"))
    }

    @Test func aBadUserPrincipalNameIsARowError() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,active\nE1,josé@contoso.com,true\nE2,b@contoso.com,true\n", to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "users.csv:2: error: userPrincipalName \"josé@contoso.com\" has 'é' before the @; Entra ID allows only "
                    + "A-Z, a-z, 0-9 and ' . - _ ! # ^ ~ there"), "\(result.stderr)")
        #expect(result.stderr.contains("(externalId \"E1\", column userName)"))
        #expect(!result.stderr.contains("not shaped like"))
    }

    @Test func repeatedWarningsAreOneSummaryLine() async throws {
        let workspace = try Workspace()
        var csv = "externalId,userName,active,\(Self.manager)\n"
        for index in 1...6 { csv += "E\(index),u\(index)@contoso.com,true,BOSS\n" }
        let input = try workspace.write(csv, to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let summary = "users.csv: warning: 6 × managerNotInFile, first on lines 2, 3, 4: manager"
        #expect(lines.first?.contains(summary) == true, "\(result.stderr)")
    }

    @Test func manyLengthErrorsAreCappedByMaxProblems() async throws {
        let workspace = try Workspace()
        var csv = "externalId,userName,active,title\n"
        for index in 1...25 { csv += "E\(index),u\(index)@contoso.com,true,\(String(repeating: "t", count: 129))\n" }
        let input = try workspace.write(csv, to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path, "--max-problems", "5"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains("jobTitle takes at most 128 characters") }.count == 5, "\(result.stderr)")
        #expect(lines.last == "… and 20 more (see them with --report FILE or --max-problems 0)", "\(result.stderr)")
        #expect(result.stdout.contains("25 rows, 0 valid, 25 invalid"))
    }

    /// Leavers are sent from the state with `active: false`, whatever today's mapping lacks.
    @Test func leaversAreDisabledEvenWhenTheExportHasNoActive() async throws {
        let emulator = try InProcessEmulator(["--rate", "40/1s"])
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        let both = try workspace.write(
            "externalId,userName,active\nE1,a@contoso.com,true\nE2,b@contoso.com,true\n", to: "all.csv")
        let first = await InProcessCommand.run(
            ["upload", both.path, "--state", state], environment: emulator.environment)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(before?["E2"]?["active"] as? Bool == true)
        let one = try workspace.write("externalId,userName\nE1,a@contoso.com\n", to: "all.csv")
        let second = await InProcessCommand.run(
            [
                "upload", one.path, "--state", state, "--missing", "disable", "--max-disable", "100%",
                "--allow-missing-active",
            ],
            environment: emulator.environment)
        #expect(second.status == 0, "\(second.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["E2"]?["active"] as? Bool == false, "\(String(describing: users))")
    }
}
