import Directory
import DirectoryClient
import Foundation
import TestSupport
import Testing

/// Against the real emulator on 127.0.0.1 through the real `CurlTransport`: read a seeded directory, predict, upload
/// the same records through bulkUpload, and find in the provisioning logs exactly what was predicted.
@Suite(.serialized) struct DirectoryEmulatorTests {
    static let seed = """
        [
          {"id": "aaaaaaaa-0000-4000-8000-000000000001", "userPrincipalName": "ann.lee@contoso.com",
           "displayName": "Ann Lee", "employeeId": "1001", "mail": "ann.lee@contoso.com"},
          {"id": "aaaaaaaa-0000-4000-8000-000000000002", "userPrincipalName": "bob.ray@contoso.com",
           "displayName": "Bob Ray", "employeeId": "1002", "accountEnabled": false, "mail": "bob.ray@contoso.com"},
          {"id": "aaaaaaaa-0000-4000-8000-000000000003", "userPrincipalName": "cara.diaz@contoso.com",
           "displayName": "Cara Diaz", "mail": "cara.diaz@contoso.com", "mailNickname": "cdiaz"},
          {"id": "aaaaaaaa-0000-4000-8000-000000000004", "userPrincipalName": "dan_fabrikam.com#EXT#@contoso.onmicrosoft.com",
           "displayName": "Dan (Fabrikam)", "userType": "Guest", "mail": "dan@fabrikam.com"},
          {"id": "aaaaaaaa-0000-4000-8000-000000000005", "userPrincipalName": "eve.moss@contoso.com",
           "displayName": "Eve Moss", "employeeId": "1005", "mail": "eve.moss@contoso.com",
           "proxyAddresses": ["SMTP:eve.moss@contoso.com", "smtp:eve@contoso.com"]},
          {"id": "aaaaaaaa-0000-4000-8000-000000000006", "userPrincipalName": "frank.ito@contoso.com",
           "displayName": "Frank Ito", "employeeId": "1006"},
          {"id": "aaaaaaaa-0000-4000-8000-000000000007", "userPrincipalName": "gina.park@contoso.com",
           "displayName": "Gina Park", "employeeId": "1007"},
          {"id": "aaaaaaaa-0000-4000-8000-000000000008", "userPrincipalName": "hal@contoso.com",
           "displayName": "Hal Jones", "employeeId": "1008"}
        ]
        """

    /// A record as the SCIM user sent and as the plan sees it (the default job's flows).
    struct Person {
        var id: String
        var userName: String
        var displayName: String
        var mail: String?
        var active = true
        var manager: String?

        var scim: [String: Any] {
            var user: [String: Any] = [
                "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                ],
                "externalId": id, "userName": userName, "displayName": displayName, "active": active,
            ]
            if let mail { user["emails"] = [["value": mail, "type": "work", "primary": true]] }
            if let manager {
                user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = ["manager": ["value": manager]]
            }
            return user
        }

        var planned: PlannedRecord {
            var values: [String: String?] = [
                "employeeId": id, "userPrincipalName": userName, "displayName": displayName,
            ]
            if let mail { values["mail"] = mail }
            return PlannedRecord(externalId: id, values: values, active: active, manager: manager)
        }
    }

    static let people = [
        Person(id: "1001", userName: "ann.lee@contoso.com", displayName: "Ann Lee-Smith"),  // update
        Person(id: "1002", userName: "bob.ray@contoso.com", displayName: "Bob Ray"),  // rehire: enable
        Person(id: "1005", userName: "eve.moss@contoso.com", displayName: "Eve Moss"),  // no change
        Person(id: "1007", userName: "gina.park@contoso.com", displayName: "Gina Park", active: false),  // disable
        Person(id: "1008", userName: "hal.jones@contoso.com", displayName: "Hal Jones"),  // rename
        Person(id: "2001", userName: "cara.diaz@contoso.com", displayName: "C. Diaz"),  // a user without employeeId
        Person(id: "2002", userName: "eve2@contoso.com", displayName: "Evelyn", mail: "Eve@contoso.com"),  // a proxy
        Person(
            id: "2003", userName: "dan_fabrikam.com#EXT#@contoso.onmicrosoft.com", displayName: "Dan"),  // a guest
        Person(id: "2004", userName: "sam.lee@contoso.com", displayName: "Sam Lee"),  // first of a clash: creates
        Person(id: "2005", userName: "Sam.Lee@contoso.com", displayName: "Samuel Lee"),  // second: fails
        Person(id: "2006", userName: "ivy@contoso.com", displayName: "Ivy", manager: "1006"),  // manager outside job
        Person(id: "2007", userName: "jo@contoso.com", displayName: "Jo", manager: "9999"),  // manager nowhere
        Person(id: "2008", userName: "kim@contoso.com", displayName: "Kim", manager: "2004"),  // manager sent first
        Person(id: "2009", userName: "hal@contoso.com", displayName: "Hal Two"),  // Hal's old name, freed first
    ]

    static let attributes = ["employeeId", "userPrincipalName", "accountEnabled", "displayName", "mail", "department"]

    @Test func whatThePlanPredictsIsWhatTheLogsThenReport() async throws {
        let workspace = try Workspace()
        let seed = try workspace.write(Self.seed, to: "seed.json")
        let graph = try await EmulatorGraph(["--directory-seed", seed.path])
        let reader = graph.reader(attributes: Self.attributes)
        let records = Self.people.map(\.planned)
        let read = try await reader.read(records.map { $0.needs(matchingAttribute: "employeeId") })
        #expect(read.statistics.throttled == 0)
        let predictions = DirectoryPredictor(index: read.index).predict(records) { _ in false }

        #expect(
            predictions.map(\.outcome) == [
                .update, .enable, .noChange, .disable, .update, .create, .create, .create, .create, .create, .create,
                .create, .create, .create,
            ])
        let kinds = predictions.map { $0.findings.map(\.kind) }
        #expect(kinds[4] == ["rename"])
        #expect(kinds[5] == ["collision"] && kinds[6] == ["collision"] && kinds[7] == ["collision"])
        #expect(kinds[8] == ["collisionInFile"] && kinds[9] == ["collisionInFile"])
        #expect(kinds[10] == ["managerOutsideJob"] && kinds[11] == ["managerUnresolved"] && kinds[12].isEmpty)
        #expect(kinds[13].isEmpty, "Hal's old name is free once his rename is processed")
        guard case .valueHeld(_, _, let guest, _) = predictions[7].findings[0] else {
            Issue.record("the guest's collision names the guest")
            return
        }
        #expect(guest.isGuest && guest.id == "aaaaaaaa-0000-4000-8000-000000000004")

        try await graph.upload(Self.people.map(\.scim))
        let rows = try await graph.logRows(count: Self.people.count)
        for prediction in predictions {
            let row = try #require(rows[prediction.externalId], "no log row for \(prediction.externalId)")
            #expect(
                LoggedOutcome(row) == LoggedOutcome(prediction),
                "\(prediction.externalId): logged \(LoggedOutcome(row)), predicted \(LoggedOutcome(prediction))")
        }
    }

    /// Without `User.Read.All` the read stops at once with the one distinct error.
    @Test func withoutUserReadAllTheDirectoryIsNotReadable() async throws {
        let graph = try await EmulatorGraph(["--roles", "SynchronizationData-User.Upload"])
        do {
            _ = try await graph.reader(attributes: []).read([DirectoryNeeds(matchingValue: "1001")])
            Issue.record("the read must fail")
        } catch {
            #expect(error == .notReadable(code: "Authorization_RequestDenied"))
        }
    }
}
