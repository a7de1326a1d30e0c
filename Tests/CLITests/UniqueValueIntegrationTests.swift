import Foundation
import TestSupport
import Testing

/// `SelectUniqueValue` for an Entra ID job, against the emulator seeded with a tenant's users: the first candidate
/// nobody else uses in the file, the state and (with `--directory`) the tenant; values kept across runs.
@Suite(.timeLimit(.minutes(3))) struct UniqueValueIntegrationTests {
    /// ann.lee@ and every cy.fox candidate are held by cloud-only accounts; E2's own (disabled) account holds bo.ray@.
    static let seed = """
        [
         {"userPrincipalName": "ann.lee@contoso.com", "displayName": "Ann Lee (cloud only)"},
         {"userPrincipalName": "bo.ray@contoso.com", "employeeId": "E2", "displayName": "Bo Ray",
          "accountEnabled": false},
         {"userPrincipalName": "cy.fox@contoso.com"}, {"userPrincipalName": "cy.fox.2@contoso.com"},
         {"userPrincipalName": "cy.fox.3@contoso.com"}, {"userPrincipalName": "cy.fox.4@contoso.com"}
        ]
        """
    static let mapping: String = {
        let candidates = ["", ", \\\"2\\\"", ", \\\"3\\\"", ", \\\"4\\\""].map { suffix in
            #"Join(\"@\", ToLower(Join(\".\", [first], [last]\#(suffix))), \"contoso.com\")"#
        }
        return #"""
            {"attributes": {"externalId": "id", "active": "active", "displayName": {"template": "{first} {last}"},
             "userName": {"expression": "SelectUniqueValue(\#(candidates.joined(separator: ", ")))"}}}
            """#
    }()

    /// `uniqueValues.values` of `plan --json`: externalId → userName.
    static func given(_ result: InProcessCommand.Result) -> [String: String] {
        let values = (result.json?["uniqueValues"] as? [String: Any])?["values"] as? [String: [String: String]]
        return values?.compactMapValues { $0["userName"] } ?? [:]
    }

    @Test func valuesAreUniqueAcrossFileStateAndDirectoryAndStableAcrossRuns() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json").path
        let mapping = try workspace.write(Self.mapping, to: "mapping.json").path
        let state = workspace.url("state.jsonl").path
        let monday = try workspace.write(
            "id,first,last,active\nE1,Ann,Lee,true\nE2,Bo,Ray,true\nE3,Ann,Lee,true\nE4,Cy,Fox,true\n", to: "mon.csv"
        ).path
        let emulator = try InProcessEmulator(["--directory-seed", seed])
        let environment = emulator.environment

        // Without --directory: unique in the file (and the state) only, said once.
        let offline = await InProcessCommand.run(["plan", monday, "--mapping", mapping, "--json"])
        #expect(
            Self.given(offline) == [
                "E1": "ann.lee@contoso.com", "E2": "bo.ray@contoso.com",
                "E3": "ann.lee.2@contoso.com", "E4": "cy.fox@contoso.com",
            ])
        let notice = "uniqueness was checked against this file and the state only"
        #expect(offline.stderr.components(separatedBy: notice).count == 2, "once: \(offline.stderr)")

        // With it: the tenant's values are skipped; the rehire keeps the value her own account holds; a person
        // whose every candidate is taken is a row error naming each candidate tried and who holds it.
        let first = await InProcessCommand.run(
            ["upload", monday, "--mapping", mapping, "--directory", "--state", state], environment: environment)
        #expect(first.status == 1, "E4 is invalid: \(first.stderr)")
        #expect(!first.stderr.contains(notice))
        #expect(first.stderr.contains("no free value for userName: every candidate is used by someone else"))
        for candidate in ["cy.fox@contoso.com", "cy.fox.2@contoso.com", "cy.fox.3@contoso.com", "cy.fox.4@contoso.com"]
        {
            #expect(first.stderr.contains("'\(candidate)' (used by"), "\(candidate): \(first.stderr)")
        }
        let users = try emulator.get("users")["users"] as? [String: [String: Any]] ?? [:]
        #expect(
            users.mapValues { $0["userName"] as? String ?? "" } == [
                "E1": "ann.lee.2@contoso.com", "E2": "bo.ray@contoso.com", "E3": "ann.lee.3@contoso.com",
            ])
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        #expect(saved.contains(#""unique":{"userName":"ann.lee.2@contoso.com"}"#), "\(saved)")

        // Tuesday: a third Ann Lee joins, first in the file. Nobody's value moves; she gets the next free one.
        let tuesday = try workspace.write(
            "id,first,last,active\nN1,Ann,Lee,true\nE1,Ann,Lee,true\nE2,Bo,Ray,true\nE3,Ann,Lee,true\n", to: "tue.csv"
        ).path
        let plan = workspace.url("plan.json").path
        let planned = await InProcessCommand.run(
            ["plan", tuesday, "--mapping", mapping, "--directory", "--state", state, "--json", "--out", plan],
            environment: environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(
            Self.given(planned) == [
                "N1": "ann.lee.4@contoso.com", "E1": "ann.lee.2@contoso.com",
                "E2": "bo.ray@contoso.com", "E3": "ann.lee.3@contoso.com",
            ])
        let applied = await InProcessCommand.run(["upload", "--plan", plan], environment: environment)
        #expect(applied.status == 0, "\(applied.stderr)")
        let after = try emulator.get("users")["users"] as? [String: [String: Any]] ?? [:]
        #expect(after["N1"]?["userName"] as? String == "ann.lee.4@contoso.com")
        #expect(after["E1"]?["userName"] as? String == "ann.lee.2@contoso.com")
    }

    /// What `make demo` shows (scripts/demo.sh): after samples/users.csv is uploaded, the new hires' plan gives Ana
    /// García her second candidate and finds Kim Lee's mail held by the guest of samples/directory/tenant.json.
    @Test func theDemosNewHiresGetAUniqueNameAndACollision() async throws {
        let emulator = try InProcessEmulator(["--directory-seed", sample("directory/tenant.json")])
        let uploaded = await InProcessCommand.run(["upload", sample("users.csv")], environment: emulator.environment)
        #expect(uploaded.status == 0, "\(uploaded.stderr)")
        let planned = await InProcessCommand.run(
            [
                "plan", sample("directory/new-hires.csv"), "--mapping", sample("directory/mapping.json"), "--directory",
                "--json",
            ], environment: emulator.environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(Self.given(planned)["200001"] == "ana.garcia.200001@contoso.com", "\(planned.stdout)")
        let records = (planned.json?["directory"] as? [String: Any])?["records"] as? [[String: Any]] ?? []
        #expect(
            records.filter { $0["fails"] as? Bool == true }.compactMap { $0["externalId"] as? String } == ["200002"])
    }

    /// A plan in which a person had no free candidate applies as approved: that person stays a row error (they are
    /// not given a value the plan never showed, chosen without the directory), and the rest is sent.
    @Test func anApprovedPlanWithAPersonWithoutAFreeValueIsApplied() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json").path
        let mapping = try workspace.write(Self.mapping, to: "mapping.json").path
        let input = try workspace.write("id,first,last,active\nE1,Ann,Lee,true\nE4,Cy,Fox,true\n", to: "u.csv").path
        let plan = workspace.url("plan.json").path
        let emulator = try InProcessEmulator(["--directory-seed", seed])
        let planned = await InProcessCommand.run(
            ["plan", input, "--mapping", mapping, "--directory", "--out", plan], environment: emulator.environment)
        #expect(planned.status == 1, "E4 has no free value: \(planned.stderr)")
        let applied = await InProcessCommand.run(["upload", "--plan", plan], environment: emulator.environment)
        #expect(applied.status == 1, "\(applied.stderr)")
        #expect(!applied.stderr.contains("no longer matches"), "\(applied.stderr)")
        #expect(applied.stderr.contains("the approved plan gives this person none"), "\(applied.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]] ?? [:]
        #expect(users["E1"]?["userName"] as? String == "ann.lee.2@contoso.com")
        #expect(users["E4"] == nil, "never sent")
    }

    @Test func anUploadWithoutTheDirectorySaysOnceWhatUniquenessWasCheckedAgainst() async throws {
        let workspace = try Workspace()
        let mapping = try workspace.write(Self.mapping, to: "mapping.json").path
        let input = try workspace.write("id,first,last,active\nE1,Ann,Lee,true\nE3,Ann,Lee,true\n", to: "u.csv").path
        let emulator = try InProcessEmulator()
        let upload = await InProcessCommand.run(
            ["upload", input, "--mapping", mapping], environment: emulator.environment)
        #expect(upload.status == 0, "\(upload.stderr)")
        let notice = "uniqueness was checked against this file and the state only"
        #expect(upload.stderr.components(separatedBy: notice).count == 2, "once: \(upload.stderr)")
        let users = try emulator.get("users")["users"] as? [String: [String: Any]] ?? [:]
        #expect(users["E3"]?["userName"] as? String == "ann.lee.2@contoso.com")
    }
}
