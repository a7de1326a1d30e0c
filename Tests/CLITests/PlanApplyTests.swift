import Foundation
import TestSupport
import Testing

/// Plan, approve, apply: `provision plan --out` then `provision upload --plan`, against the emulator.
@Suite(.timeLimit(.minutes(3))) struct PlanApplyTests {
    @Test func anApprovedPlanIsSentExactlyAndAStalePlanIsRefused() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        let monday = workspace.url("monday.csv")
        try writeUsers(30, to: monday)
        #expect(
            await InProcessCommand.run(["upload", monday.path, "--state", state], environment: emulator.environment)
                .status
                == 0)
        // Tuesday's export: E4 changed department, E30 left.
        let tuesday = workspace.url("tuesday.csv")
        try writeUsers(29, to: tuesday, changed: [4])
        let plan = workspace.url("plan.json")
        let markdown = workspace.url("plan.md")
        let planned = await InProcessCommand.run(
            [
                "plan", tuesday.path, "--state", state, "--missing", "disable", "--max-disable", "1", "--out",
                plan.path,
                "--summary-md", markdown.path,
            ],
            environment: emulator.environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any]
        let records = object?["records"] as? [[String: Any]] ?? []
        let changed = records.first { $0["action"] as? String == "changed" }
        #expect(changed?["externalId"] as? String == "E4")
        let change = (changed?["changes"] as? [[String: Any]])?.first
        #expect(change?["old"] as? String == "Dept 4" && change?["new"] as? String == "Changed")
        #expect(records.contains { $0["action"] as? String == "disable" && $0["externalId"] as? String == "E30" })
        #expect((object?["counts"] as? [String: Any])?["unchanged"] as? Int == 28)
        let summary = try String(contentsOf: markdown, encoding: .utf8)
        #expect(
            summary.contains(
                "| 5 | E4 | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | Dept 4 | Changed |")
        )

        // The input changed after review: nothing is sent.
        let before = try emulator.stats()["uniqueRecords"] ?? 0
        let original = try Data(contentsOf: tuesday)
        try writeUsers(29, to: tuesday, changed: [4, 5])
        let stale = await InProcessCommand.run(["upload", "--plan", plan.path], environment: emulator.environment)
        #expect(stale.status == 65, "\(stale.stderr)")
        #expect(stale.stderr.contains("the input \(tuesday.path)"), "\(stale.stderr)")
        #expect(try emulator.stats()["uniqueRecords"] ?? 0 == before)

        // As approved: exactly E4 and the leaver E30 are sent.
        try original.write(to: tuesday)
        let requestsBefore = try emulator.stats()["requests"] ?? 0
        let applied = await InProcessCommand.run(["upload", "--plan", plan.path], environment: emulator.environment)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try emulator.stats()["requests"] ?? 0 == requestsBefore + 1)
        let users = try emulator.get("users")["users"] as? [String: [String: Any]]
        #expect(users?["E30"]?["active"] as? Bool == false)

        // The same plan again: the state has moved on since, so it is refused.
        let again = await InProcessCommand.run(["upload", "--plan", plan.path], environment: emulator.environment)
        #expect(again.status == 65, "\(again.stderr)")
        #expect(again.stderr.contains("the state \(state)"), "\(again.stderr)")
    }

    @Test func thePlanDecidesTheOptionsAndTheCommandLineMayNotContradictIt() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let plan = workspace.url("plan.json")
        #expect(
            await InProcessCommand.run(["plan", input.path, "--out", plan.path], environment: emulator.environment)
                .status
                == 0)
        let result = await InProcessCommand.run(
            ["upload", "--plan", plan.path, "--batch-size", "10"], environment: emulator.environment)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--batch-size given on the command line"), "\(result.stderr)")
    }

    /// `upload --plan plan.json --endpoint <another job>` sent the plan to a job it was not made for, and edited
    /// counts were applied: the plan names its job and tenant, its digest covers the rest, and
    /// anything else is refused before a single request.
    @Test func aPlanIsSentOnlyToItsJobAndTenantAndOnlyAsWritten() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let plan = workspace.url("plan.json")
        let withoutEndpoint = await InProcessCommand.run(["plan", input.path, "--out", plan.path])
        #expect(withoutEndpoint.status == 64, "\(withoutEndpoint.stderr)")
        #expect(withoutEndpoint.stderr.contains("names the job it is for"), "\(withoutEndpoint.stderr)")
        let made = await InProcessCommand.run(
            ["plan", input.path, "--out", plan.path], environment: emulator.environment)
        #expect(made.status == 0, "\(made.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any]
        let target = object?["target"] as? [String: Any]
        #expect(target?["endpoint"] as? String == emulator.endpoint)
        #expect(target?["tenant"] as? String == InProcessEmulator.tenant)

        let requests = try emulator.stats()["requests"] ?? 0
        let otherJob = emulator.endpoint.replacingOccurrences(of: "/jobs/", with: "/jobs/Other.")
        var environment = emulator.environment
        environment["PROVISION_ENDPOINT"] = otherJob
        let elsewhere = await InProcessCommand.run(["upload", "--plan", plan.path], environment: environment)
        #expect(elsewhere.status == 64, "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("the plan was made for another target"), "\(elsewhere.stderr)")
        environment = emulator.environment
        environment["AZURE_TENANT_ID"] = "another-tenant"
        let otherTenant = await InProcessCommand.run(["upload", "--plan", plan.path], environment: environment)
        #expect(otherTenant.status == 64, "\(otherTenant.stderr)")
        #expect(otherTenant.stderr.contains("the tenant (\(InProcessEmulator.tenant), now another-tenant)"))

        let text = try String(contentsOf: plan, encoding: .utf8)
        try text.replacingOccurrences(of: #""recordsToSend" : 5"#, with: #""recordsToSend" : 1"#)
            .write(to: plan, atomically: true, encoding: .utf8)
        let edited = await InProcessCommand.run(["upload", "--plan", plan.path], environment: emulator.environment)
        #expect(edited.status == 65, "\(edited.stderr)")
        #expect(edited.stderr.contains("was changed after 'provision plan' wrote it"), "\(edited.stderr)")
        #expect(try emulator.stats()["requests"] ?? 0 == requests, "nothing was sent")

        try Data(text.utf8).write(to: plan)
        let applied = await InProcessCommand.run(["upload", "--plan", plan.path], environment: emulator.environment)
        #expect(applied.status == 0, "\(applied.stderr)")
    }
}
