import Foundation
import TestSupport
import Testing

/// `plan`, `check` and `upload` with `--directory`, against the emulator seeded with a tenant's users: each record's
/// predicted outcome and findings, and that the provisioning logs then report exactly what was predicted.
@Suite(.timeLimit(.minutes(3))) struct DirectoryPlanTests {
    /// E1–E5 have accounts (E2's disabled, E5's under another userPrincipalName); fay.ng@ is a former employee's
    /// disabled account without employeeId, gus@ a guest's mail, M9 a manager who was never sent through the job.
    static let seed = """
        [
         {"id": "d1000000-0000-4000-8000-000000000001", "userPrincipalName": "ann.lee@contoso.com", "employeeId": "E1",
          "displayName": "Ann Lee", "jobTitle": "Analyst", "mail": "ann.lee@contoso.com"},
         {"id": "d1000000-0000-4000-8000-000000000002", "userPrincipalName": "bo.ray@contoso.com", "employeeId": "E2",
          "displayName": "Bo Ray", "jobTitle": "Clerk", "mail": "bo.ray@contoso.com", "accountEnabled": false},
         {"id": "d1000000-0000-4000-8000-000000000003", "userPrincipalName": "cy.fox@contoso.com", "employeeId": "E3",
          "displayName": "Cy Fox", "jobTitle": "Clerk", "mail": "cy.fox@contoso.com"},
         {"id": "d1000000-0000-4000-8000-000000000004", "userPrincipalName": "di.kim@contoso.com", "employeeId": "E4",
          "displayName": "Di Kim", "jobTitle": "Clerk", "mail": "di.kim@contoso.com"},
         {"id": "d1000000-0000-4000-8000-000000000005", "userPrincipalName": "ed.old@contoso.com", "employeeId": "E5",
          "displayName": "Ed Wu", "jobTitle": "Clerk", "mail": "ed.wu@contoso.com"},
         {"id": "d1000000-0000-4000-8000-000000000010", "userPrincipalName": "fay.ng@contoso.com",
          "displayName": "Fay Ng (former)", "accountEnabled": false},
         {"id": "d1000000-0000-4000-8000-000000000011", "userPrincipalName": "gus_fabrikam.com#EXT#@contoso.onmicrosoft.com",
          "displayName": "Gus (guest)", "userType": "Guest", "mail": "gus@contoso.com"},
         {"id": "d1000000-0000-4000-8000-000000000012", "userPrincipalName": "boss@contoso.com", "employeeId": "M9",
          "displayName": "Outside Boss"}
        ]
        """
    static let header =
        #"externalId,userName,displayName,title,active,"emails[type eq ""work""].value","#
        + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
    static let export =
        header + """
            E1,ann.lee@contoso.com,Ann Lee,Lead Analyst,true,ann.lee@contoso.com,
            E2,bo.ray@contoso.com,Bo Ray,Clerk,true,bo.ray@contoso.com,
            E3,cy.fox@contoso.com,Cy Fox,Clerk,false,cy.fox@contoso.com,
            E4,di.kim@contoso.com,Di Kim,Clerk,true,di.kim@contoso.com,
            E5,ed.wu@contoso.com,Ed Wu,Clerk,true,ed.wu@contoso.com,
            N1,fay.ng@contoso.com,Fay Ng,Clerk,true,fay.ng@contoso.com,
            N2,gus.t@contoso.com,Gus T,Clerk,true,gus@contoso.com,
            N3,hal.bo@contoso.com,Hal Bo,Clerk,true,hal.bo@contoso.com,
            N4,hal.bo@contoso.com,Hal Bo,Clerk,true,hal.bo2@contoso.com,
            N5,ida.x@contoso.com,Ida X,Clerk,true,ida.x@contoso.com,Q404
            N6,jo.y@contoso.com,Jo Y,Clerk,true,jo.y@contoso.com,M9

            """

    /// Each plan record's `directory` member, by externalId.
    static func predictions(_ records: [[String: Any]]) -> [String: [String: Any]] {
        Dictionary(
            records.compactMap { record in
                (record["directory"] as? [String: Any]).map { (record["externalId"] as? String ?? "", $0) }
            }, uniquingKeysWith: { first, _ in first })
    }

    static func kinds(_ prediction: [String: Any]?) -> [String] {
        (prediction?["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    }

    @Test func everyPredictionAndFindingIsWhatTheLogsThenReport() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json").path
        let input = try workspace.write(Self.export, to: "users.csv").path
        let emulator = try InProcessEmulator(["--directory-seed", seed])
        let environment = emulator.environment
        let (plan, markdown, junit) = (workspace.url("plan.json"), workspace.url("plan.md"), workspace.url("j.xml"))
        // A state (none yet: a first run) tells who this job has processed, so M9 is known to be outside it.
        let state = workspace.url("state.jsonl").path
        let planned = await InProcessCommand.run(
            [
                "plan", input, "--directory", "--state", state, "--json", "--out", plan.path, "--summary-md",
                markdown.path, "--junit", junit.path,
            ], environment: environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any]
        let predicted = Self.predictions(file?["records"] as? [[String: Any]] ?? [])
        let outcomes = predicted.mapValues { $0["outcome"] as? String ?? "" }
        #expect(
            outcomes == [
                "E1": "update", "E2": "enable", "E3": "disable", "E4": "noChange", "E5": "update", "N1": "create",
                "N2": "create", "N3": "create", "N4": "create", "N5": "create", "N6": "create",
            ])
        let change = (predicted["E1"]?["changes"] as? [[String: Any]])?.first
        #expect(change?["attribute"] as? String == "jobTitle" && change?["old"] as? String == "Analyst")
        #expect(change?["new"] as? String == "Lead Analyst")
        #expect(Self.kinds(predicted["E5"]) == ["rename"])
        #expect(Self.kinds(predicted["N3"]) == ["collisionInFile"] && predicted["N3"]?["fails"] == nil)
        #expect(Self.kinds(predicted["N4"]) == ["collisionInFile"] && predicted["N4"]?["fails"] as? Bool == true)
        #expect(Self.kinds(predicted["N5"]) == ["managerUnresolved"])
        #expect(Self.kinds(predicted["N6"]) == ["managerOutsideJob"])
        #expect(predicted.filter { $0.value["fails"] as? Bool == true }.keys.sorted() == ["N1", "N2", "N4"])
        // The holder of a value is named: its object id, UPN, disabled or a guest.
        let held = (predicted["N1"]?["findings"] as? [[String: Any]])?.first?["object"] as? [String: Any]
        #expect(
            held?["id"] as? String == "d1000000-0000-4000-8000-000000000010" && held?["isDisabled"] as? Bool == true)
        let guest = (predicted["N2"]?["findings"] as? [[String: Any]])?.first
        #expect(
            guest?["property"] as? String == "mail" && (guest?["object"] as? [String: Any])?["isGuest"] as? Bool == true
        )
        // --json carries the same predictions; the Markdown and JUnit reports carry them per record.
        let printed = (planned.json?["directory"] as? [String: Any])?["records"] as? [[String: Any]] ?? []
        #expect(printed.count == 11 && printed.first { $0["externalId"] as? String == "N1" }?["fails"] as? Bool == true)
        let summary = try String(contentsOf: markdown, encoding: .utf8)
        #expect(
            summary.contains("### In the directory") && summary.contains(#"| 7 | N1 | create | collision \(fails\) |"#))
        #expect(summary.contains("| 2 | E1 | update | jobTitle | Analyst | Lead Analyst |"), "\(summary)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains(#"failures="3""#) && xml.contains(#"<failure type="collisionInFile""#), "\(xml)")

        // The text names each finding; `check` counts.
        let text = await InProcessCommand.run(
            ["plan", input, "--directory", "--max-problems", "0"], environment: environment)
        #expect(text.stdout.contains("6 to create, 2 to update, 1 unchanged, 1 to enable, 1 to disable; 3 would fail"))
        #expect(
            text.stdout.contains(
                "Fay Ng (externalId N1): create fails: userPrincipalName 'fay.ng@contoso.com' is already used by User "
                    + "'d1000000-0000-4000-8000-000000000010' (fay.ng@contoso.com, disabled, no employeeId)"),
            "\(text.stdout)")
        #expect(text.stdout.contains("Bo Ray (externalId E2): enable: accountEnabled 'False' → 'True'"))
        // Without a state nothing tells whether the job has processed M9: the finding says so.
        #expect(
            text.stdout.contains(
                "Jo Y (externalId N6): create: managerInDirectory: manager 'M9' exists in the directory (User "
                    + "'d1000000-0000-4000-8000-000000000012' (boss@contoso.com, employeeId 'M9')), but without a "
                    + "state (--state) nothing tells whether this job has processed it"), "\(text.stdout)")
        let check = await InProcessCommand.run(["check", input, "--directory"], environment: environment)
        #expect(check.stdout.contains("directory: \(input): 6 to create, 2 to update, 1 unchanged"), "\(check.stdout)")
        // Not ready: 'upload --directory' would stop.
        #expect(check.status == 65, "\(check.stdout)")

        // Nothing is sent while records would collide, and every finding is listed at once.
        for arguments in [["upload", input, "--directory"], ["upload", "--plan", plan.path]] {
            let stopped = await InProcessCommand.run(arguments, environment: environment)
            #expect(stopped.status == 65, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("3 records would fail in the directory"), "\(stopped.stderr)")
            for id in ["N1", "N2", "N4"] { #expect(stopped.stderr.contains("(externalId \(id)): create fails")) }
            #expect(try emulator.stats()["requests"] ?? -1 == 0)
        }

        // Sent anyway: the logs report what was predicted, record by record.
        let report = workspace.url("report.json").path
        let sent = await InProcessCommand.run(
            ["upload", "--plan", plan.path, "--allow-collisions", "--report", report], environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        let reported = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        let failing = ((reported as? [String: Any])?["directory"] as? [String: Any])?["failing"] as? [[String: Any]]
        #expect(failing?.compactMap { $0["externalId"] as? String } == ["N1", "N2", "N4"], "the run report")
        let status = await InProcessCommand.run(
            ["status", "--report", report, "--wait", "60s", "--poll-interval", "1s", "--json"], environment: environment
        )
        let logged = Dictionary(
            (status.json?["outcomes"] as? [[String: Any]] ?? []).map { ($0["externalId"] as? String ?? "", $0) },
            uniquingKeysWith: { _, last in last })
        #expect(logged.count == 11, "\(status.stdout)\(status.stderr)")
        for (id, prediction) in predicted {
            let row = logged[id]
            #expect(row?["action"] as? String == prediction["loggedAction"] as? String, "\(id): \(row ?? [:])")
            let conflict = row?["errorCode"] as? String == "AzureActiveDirectoryConflictingObjects"
            #expect(conflict == (prediction["fails"] as? Bool == true), "\(id): \(row ?? [:])")
            let manager = Self.kinds(prediction).contains { $0.hasPrefix("manager") }
            let unresolved = row?["errorCode"] as? String == "UnableToResolveReferenceAttributeValue"
            #expect(unresolved == manager, "\(id): \(row ?? [:])")
        }
    }

    /// The job's own mapping writes mailNickname (from nickName): a value a seeded user holds is predicted to collide,
    /// and the logs then report the conflict.
    @Test func aMailNicknameAnotherObjectHoldsCollidesToo() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(
            #"[{"id": "d2000000-0000-4000-8000-000000000001", "userPrincipalName": "cara@contoso.com", "mailNickname": "cdiaz"}]"#,
            to: "seed.json"
        ).path
        let emulator = try InProcessEmulator(["--directory-seed", seed])
        let environment = emulator.environment
        let saved = workspace.url("schema.json").path
        #expect(await InProcessCommand.run(["schema", "show", "--out", saved], environment: environment).status == 0)
        var schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any])
        var rules = try #require(schema["synchronizationRules"] as? [[String: Any]])
        var objects = try #require(rules[0]["objectMappings"] as? [[String: Any]])
        var mappings = try #require(objects[0]["attributeMappings"] as? [[String: Any]])
        mappings.append([
            "defaultValue": NSNull(), "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
            "flowType": "Always", "matchingPriority": 0, "targetAttributeName": "mailNickname",
            "source": ["expression": "[nickName]", "name": "nickName", "parameters": [], "type": "Attribute"],
        ])
        objects[0]["attributeMappings"] = mappings
        rules[0]["objectMappings"] = objects
        schema["synchronizationRules"] = rules
        let url = try #require(URL(string: emulator.endpoint.replacingOccurrences(of: "/bulkUpload", with: "/schema")))
        let (status, _) = try await LoopbackHTTP.send(
            "PUT", url,
            headers: [
                "Authorization": "Bearer \(try await SecretsTests.preIssuedToken(emulator))",
                "Content-Type": "application/json",
            ], body: try JSONSerialization.data(withJSONObject: schema))
        #expect(status == 204 || status == 200, "PUT schema: \(status)")
        let input = try workspace.write(
            "externalId,userName,displayName,nickName,active\nN1,cd@contoso.com,Cy Diaz,cdiaz,true\n"
                + "N2,ed@contoso.com,Ed Diaz,ediaz,true\n", to: "users.csv"
        ).path
        let plan = workspace.url("plan.json").path
        let planned = await InProcessCommand.run(
            ["plan", input, "--directory", "--out", plan, "--max-problems", "0"], environment: environment)
        #expect(
            planned.stdout.contains(
                "(externalId N1): create fails: mailNickname 'cdiaz' is already used by User "
                    + "'d2000000-0000-4000-8000-000000000001'"), "\(planned.stdout)\(planned.stderr)")
        let report = workspace.url("report.json").path
        let sent = await InProcessCommand.run(
            ["upload", "--plan", plan, "--allow-collisions", "--report", report], environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        let logged = await InProcessCommand.run(
            ["status", "--report", report, "--wait", "60s", "--poll-interval", "1s", "--json"], environment: environment
        )
        let rows = logged.json?["outcomes"] as? [[String: Any]] ?? []
        #expect(
            rows.map { "\($0["externalId"] ?? ""):\($0["errorCode"] ?? "-")" }.sorted() == [
                "N1:AzureActiveDirectoryConflictingObjects", "N2:-",
            ], "\(logged.stdout)")
    }

    @Test func withoutUserReadAllItIsSaidOnceAndTheRunCarriesOnWithItsStatus() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json").path
        // One invalid row: the exit status is 1 with or without --directory.
        let input = try workspace.write(Self.export + ",no.id@contoso.com,No Id,Clerk,true,,\n", to: "users.csv").path
        let emulator = try InProcessEmulator([
            "--directory-seed", seed, "--roles",
            "SynchronizationData-User.Upload,AuditLog.Read.All,Synchronization.ReadWrite.All",
        ])
        let without = await InProcessCommand.run(["plan", input], environment: emulator.environment)
        let with = await InProcessCommand.run(["plan", input, "--directory"], environment: emulator.environment)
        #expect(without.status == 1 && with.status == without.status, "\(with.stderr)")
        #expect(with.stderr.components(separatedBy: "User.Read.All").count == 2, "once: \(with.stderr)")
        #expect(with.stderr.contains("carrying on without directory data"))
        #expect(!with.stdout.contains("would fail"), "no tenant-aware findings: \(with.stdout)")
        let upload = await InProcessCommand.run(["upload", input, "--directory"], environment: emulator.environment)
        #expect(upload.status == 1, "\(upload.stderr)")
        #expect(upload.stderr.components(separatedBy: "User.Read.All").count == 2, "once: \(upload.stderr)")
        #expect(try emulator.stats()["uniqueRecords"] ?? 0 == 11)
    }

    @Test func anOnPremisesADTargetIsNotRead() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json").path
        let input = try workspace.write(Self.export, to: "users.csv").path
        let emulator = try InProcessEmulator([
            "--directory-seed", seed, "--job-id",
            "API2AD.000000000000000000000000000000aa.33333333-3333-3333-3333-333333333333",
        ])
        let planned = await InProcessCommand.run(["plan", input, "--directory"], environment: emulator.environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("this job provisions to on-premises Active Directory"), "\(planned.stderr)")
        #expect(!planned.stdout.contains("directory:"), "\(planned.stdout)")
        #expect(try emulator.stats()["directoryRequests"] ?? -1 == 0)
    }
}
