import Foundation
import Mapping
import SCIM
import Testing

@Suite struct MappingFileTests {
    let header = ["WorkerID", "FirstName", "LastName", "Email", "WorkerStatus", "ManagerID", "HireDate"]

    func load(_ json: String) throws -> ColumnMapping {
        try MappingFile.parse(Data(json.utf8), path: "m.json", header: header)
    }

    func expectError(_ json: String, containing fragments: [String], sourceLocation: SourceLocation = #_sourceLocation)
    {
        do {
            _ = try load(json)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            let message = error.localizedDescription
            for fragment in fragments {
                #expect(message.contains(fragment), "\(message)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func compilesEveryValueForm() throws {
        let mapping = try load(
            #"""
            { "attributes": {
                "externalId": "WorkerID",
                "userName": { "template": "{FirstName}.{LastName}@contoso.com", "transform": ["stripDiacritics", "lower"] },
                "active": { "column": "WorkerStatus", "lookup": { "Active": true }, "default": false },
                "emails[type eq \"work\"].primary": true,
                "title": { "constant": "Employee" },
                "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate": { "column": "HireDate", "type": "dateTime", "format": "MM/dd/yyyy" }
            } }
            """#)
        #expect(mapping.rules.count == 6)
        #expect(
            mapping.rule(for: "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate")?.path.valueType
                == .dateTime)
    }

    @Test func missingColumnSuggestsTheClosestHeader() {
        expectError(
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "name.familyName": "LastNme"}}"#,
            containing: ["m.json", "name.familyName", "LastNme", "did you mean `LastName`?"])
    }

    @Test func unknownAttributeIsNamedWithSuggestion() {
        expectError(
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "displayNme": "FirstName"}}"#,
            containing: ["displayNme", "did you mean `displayName`?"])
    }

    @Test(arguments: [
        (#"{"attributes": {"externalId": "WorkerID"}}"#, "no userName"),
        (#"{"attributes": {"userName": "Email"}}"#, "no externalId"),
        (#"{"attributes": []}"#, "attributes"),
        (#"{"atributes": {}}"#, "did you mean \"attributes\""),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "active": {"column": "WorkerStatus", "lokup": {}}}}"#,
            "did you mean \"lookup\""
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "active": {"constant": "maybe"}}}"#,
            "not a boolean"
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": {"template": "{First}@x.com"}}}"#,
            "did you mean `FirstName`?"
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": {"template": "fixed@x.com"}}}"#,
            "references no column"
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "title": {"column": "FirstName", "constant": "x"}}}"#,
            "has both"
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "title": {"column": "FirstName", "type": "integer"}}}"#,
            "only custom attributes take a \"type\""
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "title": {"column": "FirstName", "transform": "shout"}}}"#,
            "unknown transform"
        ),
        (
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "emails.value": "Email"}}"#,
            "emails[type eq \"work\"].value"
        ),
        ("{\"attributes\": ", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), "not valid JSON"),
    ])
    func rejectsBadMappings(json: String, fragment: String) {
        expectError(json, containing: [fragment])
    }

    @Test func sameMappingInAnotherOrderGivesTheSameRules() throws {
        let a = try load(#"{"attributes": {"externalId": "WorkerID", "userName": "Email", "title": "FirstName"}}"#)
        let b = try load(#"{"attributes": {"title": "FirstName", "userName": "Email", "externalId": "WorkerID"}}"#)
        #expect(a.rules.map(\.path.description) == b.rules.map(\.path.description))
    }
}
