import Foundation
import TestSupport
import Testing

/// `--log-format json`: each event carries the command, and a problem's file, line, externalId, column and kind, so a
/// log shipper can filter and group them without parsing the message.
@Suite struct JSONLogTests {
    @Test func rowProblemsAreEventsWithWhereAndWhat() async throws {
        let workspace = try Workspace()
        var text =
            "externalId,userName,active,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
        for index in 1...5 { text += "E\(index),user\(index)@contoso.com,true,BOSS\n" }
        text += "E5,again@contoso.com,true,\n"
        let input = try workspace.write(text, to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path, "--log-format", "json"])
        #expect(result.status == 1)
        let events = result.events
        #expect(events.count == 2, "\(result.stderr)")
        #expect(events.allSatisfy { $0["command"] as? String == "validate" })
        let duplicate = try #require(events.first { $0["level"] as? String == "error" })
        #expect(duplicate["kind"] as? String == "duplicateExternalId")
        #expect(duplicate["file"] as? String == input.path)
        #expect(duplicate["line"] as? Int == 7)
        #expect(duplicate["externalId"] as? String == "E5")
        #expect(duplicate["column"] as? String == "externalId")
        #expect((duplicate["message"] as? String)?.hasPrefix("externalId \"E5\" is already used on line 6") == true)
        let summary = try #require(events.first { $0["level"] as? String == "warning" })
        #expect(summary["kind"] as? String == "managerNotInFile")
        #expect(summary["line"] as? Int == 2, "the first line of a summarised warning")
        #expect(summary["externalId"] == nil)
    }

    @Test func eachProblemOfAnUnusableMappingIsAnEvent() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("Id,Mail,Status\nW1,a@contoso.com,Active\n", to: "users.csv")
        let mapping = try workspace.write(
            """
            {"attributes": {
              "externalId": "ID",
              "userName": "Email",
              "active": true
            }}
            """, to: "m.json")
        let result = await InProcessCommand.run(
            ["plan", input.path, "--mapping", mapping.path, "--log-format", "json"])
        #expect(result.status == 65)
        let events = result.events
        #expect(events.count == 2, "\(result.stderr)")
        for (event, (attribute, line)) in zip(events, [("externalId", 2), ("userName", 3)]) {
            #expect(event["level"] as? String == "error")
            #expect(event["command"] as? String == "plan")
            #expect(event["kind"] as? String == "missingColumn")
            #expect(event["file"] as? String == mapping.path)
            #expect(event["column"] as? String == attribute)
            #expect(event["line"] as? Int == line)
        }
    }

    @Test func aRunLevelErrorCarriesTheCommand() async throws {
        let result = await InProcessCommand.run(["validate", "/nonexistent/users.csv", "--log-format", "json"])
        #expect(result.status == 66)
        let event = try #require(result.events.first)
        #expect(event["command"] as? String == "validate")
        #expect(event["level"] as? String == "error")
        #expect(event["kind"] as? String == "noInput")
    }
}
