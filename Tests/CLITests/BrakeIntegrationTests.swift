import Foundation
import TestSupport
import Testing

/// The brakes end to end: the commands against the emulator. A reformatted export that would disable or rename
/// most of the company sends nothing (exit 65), names the people and the override; the override sends.
@Suite(.timeLimit(.minutes(3))) struct BrakeIntegrationTests {
    /// The trial's mapping: `active` from a case-sensitive Switch on the Status column.
    static let mapping = #"""
        {"attributes": {"externalId": "WorkerID", "userName": "Email", "displayName": "Name",
         "active": {"expression": "Switch([Status], \"False\", \"Active\", \"True\")", "type": "boolean"}}}
        """#

    /// Workers 1…count (leaving out `missing`), each with the status `status(n)`, sign-in names at `domain`.
    func export(
        _ count: Int, missing: Set<Int> = [], domain: String = "contoso.com",
        status: (Int) -> String = { _ in "Active" }
    ) -> String {
        "WorkerID,Email,Name,Status\n"
            + (1...count).filter { !missing.contains($0) }.map {
                "\($0),user\($0)@\(domain),Worker \($0),\(status($0))\n"
            }
            .joined()
    }

    /// The emulator, a workspace with the mapping, and Monday's 100 workers accepted with `--state`.
    func monday() async throws -> (InProcessEmulator, Workspace, base: [String]) {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let mapping = try workspace.write(Self.mapping, to: "mapping.json")
        let input = try workspace.write(export(100), to: "monday.csv")
        let base = ["--mapping", mapping.path, "--state", workspace.url("state.jsonl").path]
        let first = await InProcessCommand.run(["upload", input.path] + base, environment: emulator.environment)
        #expect(first.status == 0, "\(first.stderr)")
        return (emulator, workspace, base)
    }

    @Test func activeTurningFalseForMostOfTheCompanySendsNothingUnlessOverridden() async throws {
        let (emulator, workspace, base) = try await monday()
        // "active" written for "Active": the case-sensitive Switch maps 80 people to false.
        let tuesday = try workspace.write(export(100) { $0 <= 80 ? "active" : "Active" }, to: "tuesday.csv")
        let report = workspace.url("report.json")
        let before = try emulator.stats()["requests"]
        let refused = await InProcessCommand.run(
            ["upload", tuesday.path, "--report", report.path] + base, environment: emulator.environment)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(try emulator.stats()["requests"] == before, "the emulator received no request")
        #expect(refused.stderr.contains("80 of 100 known people would be disabled (80 whose active turns from true"))
        #expect(refused.stderr.contains("Worker 1 (externalId 1, line 2): active true → false"))
        #expect(refused.stderr.contains("run again with --max-disable 80"))
        #expect((try readReport(report)["disables"] as? [[String: Any]])?.count == 80)

        // plan says the same, and with the override lists them by name for review.
        let planRefused = await InProcessCommand.run(["plan", tuesday.path] + base, environment: emulator.environment)
        #expect(planRefused.status == 65 && planRefused.stderr.contains("the disable brake holds"))
        let plan = workspace.url("plan.json")
        let planned = await InProcessCommand.run(
            ["plan", tuesday.path, "--max-disable", "80", "--out", plan.path] + base,
            environment: emulator.environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("would disable 80 of 100 known people (--max-disable 80 allows 80):"))
        #expect(planned.stdout.contains("  Worker 2 (externalId 2, line 3): active true → false"))
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any]
        let options = recorded?["options"] as? [String: Any]
        #expect(options?["maxDisable"] as? String == "80" && options?["maxRename"] as? String == "5%")
        #expect((recorded?["disables"] as? [[String: Any]])?.count == 80)

        // upload --plan applies the approved override: the 80 are disabled, the others are not.
        let applied = await InProcessCommand.run(["upload", "--plan", plan.path], environment: emulator.environment)
        #expect(applied.status == 0, "\(applied.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["1"]?["active"] as? Bool == false)
        #expect(users?["80"]?["active"] as? Bool == false)
        #expect(users?["81"]?["active"] as? Bool == true)
    }

    @Test func peopleMissingAndTurnedInactiveAreSummed() async throws {
        let (emulator, workspace, base) = try await monday()
        // 98-100 left, 1-3 turned Inactive: 6 disables, past --max-disable 5 though each kind alone is within it.
        let tuesday = try workspace.write(
            export(100, missing: [98, 99, 100]) { $0 <= 3 ? "Inactive" : "Active" }, to: "tuesday.csv")
        let arguments = ["upload", tuesday.path, "--missing", "disable"] + base
        let before = try emulator.stats()["requests"]
        let refused = await InProcessCommand.run(arguments + ["--max-disable", "5"], environment: emulator.environment)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "6 of 100 known people would be disabled (3 missing from the export, 3 whose active turns"))
        #expect(refused.stderr.contains("Worker 99 (externalId 99): missing from the export"))
        #expect(try emulator.stats()["requests"] == before)
        let allowed = await InProcessCommand.run(arguments + ["--max-disable", "6"], environment: emulator.environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["3"]?["active"] as? Bool == false && users?["99"]?["active"] as? Bool == false)
    }

    @Test func aNewDomainRenamesEveryoneAndTripsMaxRename() async throws {
        let (emulator, workspace, base) = try await monday()
        let tuesday = try workspace.write(export(100, domain: "fabrikam.com"), to: "tuesday.csv")
        let before = try emulator.stats()["requests"]
        let refused = await InProcessCommand.run(["upload", tuesday.path] + base, environment: emulator.environment)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("the rename brake holds: 100 of 100 known people would get a new userName"))
        #expect(refused.stderr.contains("Worker 7 (externalId 7, line 8): userName user7@contoso.com → user7@fabrikam"))
        #expect(refused.stderr.contains("run again with --max-rename 100"))
        #expect(try emulator.stats()["requests"] == before)
        let allowed = await InProcessCommand.run(
            ["upload", tuesday.path, "--max-rename", "100%"] + base, environment: emulator.environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["7"]?["userName"] as? String == "user7@fabrikam.com")
    }
}
