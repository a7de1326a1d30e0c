import Foundation
import TestSupport
import Testing

/// What JSON scalars become on the way to SCIM (docs/json-records.md, "In the commands"): a number as the exact text
/// it was written in, a boolean sent to a string attribute as `true`/`false`, and null, `""` and an absent key as no
/// value: left out, or an explicit null with --empty-as-null.
@Suite(.timeLimit(.minutes(1))) struct JSONValueCommandTests {
    static let enterprise = JSONInputCommandTests.enterprise

    static let records = [
        #"{"id": "1", "email": "a@x.com", "active": true, "level": 1e3, "title": true}"#,
        #"{"id": "2", "email": "b@x.com", "active": "yes", "level": 12345678901234567890, "title": false}"#,
        #"{"id": "3", "email": "c@x.com", "active": true, "level": -0.50, "title": null}"#,
        #"{"id": "4", "email": "d@x.com", "active": true, "title": ""}"#,
    ]

    static let mapping = """
        {"attributes": {"externalId": "id", "userName": "email", "active": "active", "title": "title",
          "\(enterprise):employeeNumber": "level",
          "displayName": {"expression": "IIF(IsNull([title]), \\"none\\", [title])"}}}
        """

    func dryRun(_ flags: [String] = []) async throws -> [String: [String: Any]] {
        let workspace = try Workspace()
        let input = try workspace.write(Self.records.joined(separator: "\n") + "\n", to: "people.ndjson").path
        let mapping = try workspace.write(Self.mapping, to: "mapping.json").path
        let result = await InProcessCommand.run(["upload", input, "--mapping", mapping, "--dry-run"] + flags)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONInputCommandTests.users(result.stdout)
    }

    @Test func numbersKeepTheirTextAndBooleansBecomeTrueOrFalseInAStringAttribute() async throws {
        let users = try await dryRun()
        func number(_ id: String) -> Any? { (users[id]?[Self.enterprise] as? [String: Any])?["employeeNumber"] }
        #expect(number("1") as? String == "1e3")
        #expect(number("2") as? String == "12345678901234567890")
        #expect(number("3") as? String == "-0.50")
        #expect(users["1"]?["title"] as? String == "true" && users["2"]?["title"] as? String == "false")
        #expect(users["2"]?["active"] as? Bool == true)
        // null, "" and an absent key are no value: null in an expression, left out of the request.
        for id in ["3", "4"] {
            #expect(users[id]?["title"] == nil && users[id]?["displayName"] as? String == "none", "\(id)")
        }
        #expect(number("4") == nil && users["4"]?[Self.enterprise] == nil)
    }

    @Test func emptyAsNullSendsNullForNullEmptyAndAbsentValues() async throws {
        let users = try await dryRun(["--empty-as-null"])
        #expect(users["3"]?["title"] is NSNull && users["4"]?["title"] is NSNull)
        #expect((users["4"]?[Self.enterprise] as? [String: Any])?["employeeNumber"] is NSNull)
        #expect(users["1"]?["title"] as? String == "true")
    }
}
