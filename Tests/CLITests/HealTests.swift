import Foundation
import TestSupport
import Testing

/// Reference self-healing through the commands against the emulator: a report sent before its manager keeps a
/// warning (`UnableToResolveReferenceAttributeValue`) until `status --heal` sends the manager, waits for it, and
/// sends the report again.
@Suite(.timeLimit(.minutes(3))) struct HealTests {
    static let header =
        "externalId,userName,displayName,active,"
        + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"

    @Test func statusHealSendsTheManagerFirstThenTheReportAgain() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        // Night one: two reports whose manager is not in the export yet, and one whose manager nobody knows.
        let reports = try workspace.write(
            Self.header + """
                E10,e10@contoso.com,E Ten,true,E1
                E11,e11@contoso.com,E Eleven,true,E1
                E12,e12@contoso.com,E Twelve,true,GHOST

                """, to: "reports.csv")
        let night1 = workspace.url("night1.json").path
        #expect(
            await InProcessCommand.run(
                ["upload", reports.path, "--state", state, "--report", night1],
                environment: emulator.environment
            ).status == 0)
        // Night two: the manager arrives.
        let manager = try workspace.write(Self.header + "E1,e1@contoso.com,E One,true,\n", to: "manager.csv")
        #expect(
            await InProcessCommand.run(["upload", manager.path, "--state", state], environment: emulator.environment)
                .status
                == 0)

        let before = await InProcessCommand.run(["status", "--report", night1], environment: emulator.environment)
        #expect(before.stdout.contains("3 records could not be given a manager"), "\(before.stdout)")
        let healed = await InProcessCommand.run(
            [
                "status", "--report", night1, "--heal", "--state", state, "--wait", "60s", "--poll-interval", "1s",
                "--json",
            ],
            environment: emulator.environment)
        #expect(healed.status == 1, "E12 cannot be healed: \(healed.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(healed.stdout.utf8)) as? [String: Any]
        let heal = json?["heal"] as? [String: Any]
        #expect((heal?["healed"] as? [String])?.sorted() == ["E10", "E11"], "\(healed.stdout)")
        let unknown = heal?["managerUnknown"] as? [[String: Any]]
        #expect(unknown?.first?["externalId"] as? String == "E12" && unknown?.first?["manager"] as? String == "GHOST")
        // The manager went before the reports: E1's last payload arrived, and E10 now resolves.
        let after = await InProcessCommand.run(["status", "--report", night1], environment: emulator.environment)
        #expect(after.stdout.contains("1 record could not be given a manager"), "\(after.stdout)")
    }

    @Test func uploadWaitHealHealsInTheSameRun() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let state = workspace.url("state.jsonl").path
        let manager = try workspace.write(Self.header + "M1,m1@contoso.com,M One,true,\n", to: "manager.csv")
        // The manager is known to the state, but this job has not processed it (a restart purged it, say): the
        // emulator's reset forgets every user it processed.
        #expect(
            await InProcessCommand.run(["upload", manager.path, "--state", state], environment: emulator.environment)
                .status
                == 0)
        try await emulator.post("reset")
        let reports = try workspace.write(Self.header + "R1,r1@contoso.com,R One,true,M1\n", to: "reports.csv")
        let result = await InProcessCommand.run(
            [
                "upload", reports.path, "--state", state, "--missing", "report", "--wait", "60s", "--poll-interval",
                "1s",
                "--heal",
            ],
            environment: emulator.environment)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("healed: externalId \"R1\""), "\(result.stdout)")
        // The polls of --wait and the heal's reads share one pace: the emulator's logs limit (5 per 10 s, judged at
        // arrival) never answered 429.
        #expect(try emulator.stats()["logThrottled"] == 0)
    }
}
