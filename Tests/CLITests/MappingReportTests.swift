import Foundation
import TestSupport
import Testing

/// A mapping that cannot be used (exit 65) in the JSON report: one problem entry per missing column, unknown
/// attribute or bad expression, each with the mapping file, the attribute, the closest match and the line; and the
/// export's rows counted although none could be mapped.
@Suite struct MappingReportTests {
    /// 21 attributes, each naming a column the export spells differently.
    static let attributes = [
        "name.givenName", "name.familyName", "displayName", "nickName", "title", "userType", "preferredLanguage",
        "locale", "timezone", "profileUrl", "name.middleName", "name.formatted", "name.honorificPrefix",
        "name.honorificSuffix", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
        "addresses[type eq \"work\"].locality", "addresses[type eq \"work\"].country",
    ]

    static func letter(_ index: Int) -> String { String(UnicodeScalar(UInt8(65 + index))) }

    func export(_ workspace: Workspace) throws -> (csv: URL, mapping: URL) {
        let columns = Self.attributes.indices.map { "Field_\(Self.letter($0))" }
        var csv = "Worker_ID,Email,Status," + columns.joined(separator: ",") + "\n"
        for row in 1...7 {
            csv += "W\(row),w\(row)@contoso.com,Active," + columns.map { _ in "x" }.joined(separator: ",") + "\n"
        }
        // Each attribute names its column without the underscore: "FieldA" (did you mean `Field_A`?).
        var lines = ["{", "  \"attributes\": {", "    \"externalId\": \"Worker_ID\",", "    \"userName\": \"Email\","]
        lines.append("    \"active\": {\"column\": \"Status\", \"lookup\": {\"Active\": true}, \"default\": false},")
        for (index, attribute) in Self.attributes.enumerated() {
            let key = attribute.replacingOccurrences(of: "\"", with: "\\\"")
            lines.append(
                "    \"\(key)\": \"Field\(Self.letter(index))\"\(index == Self.attributes.count - 1 ? "" : ",")")
        }
        lines += ["  }", "}"]
        return (
            try workspace.write(csv, to: "export.csv"),
            try workspace.write(lines.joined(separator: "\n") + "\n", to: "mapping.json")
        )
    }

    @Test(arguments: [["validate"], ["plan"], ["upload", "--dry-run", "--out", "OUT"]])
    func eachMissingColumnIsItsOwnProblemWithItsLineAndClosestMatch(command: [String]) async throws {
        let workspace = try Workspace()
        let (csv, mapping) = try export(workspace)
        let arguments = command.map { $0 == "OUT" ? workspace.url("out").path : $0 }
        let result = await InProcessCommand.run(arguments + [csv.path, "--mapping", mapping.path, "--json"])
        #expect(result.status == 65, "\(result.stderr)")
        let json = try #require(result.json, "\(result.stdout)")
        #expect(json["rows"] as? Int == 7, "the export's rows are counted although none could be mapped")
        let problems = try #require(json["problems"] as? [[String: Any]])
        #expect(problems.count == 21)
        for (index, attribute) in Self.attributes.enumerated() {
            let problem = try #require(problems.first { $0["column"] as? String == attribute }, "\(attribute)")
            #expect(problem["kind"] as? String == "missingColumn")
            #expect(problem["file"] as? String == mapping.path)
            #expect(problem["suggestion"] as? String == "Field_\(Self.letter(index))")
            #expect(problem["line"] as? Int == 6 + index, "the line of \(attribute) in the mapping file")
            #expect(problem["severity"] as? String == "error")
            let message = try #require(problem["message"] as? String)
            #expect(message.contains("column \"Field\(Self.letter(index))\" is not in the file's header"), "\(message)")
            #expect(!message.contains("\n"), "one problem per entry, not all of them in one string")
        }
    }

    @Test func unknownAttributesAndBadExpressionsAreEntriesOfTheirOwnKind() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write("Worker_ID,Email,Status,First\nW1,a@contoso.com,Active,Ann\n", to: "e.csv")
        let mapping = try workspace.write(
            """
            {"attributes": {
              "externalId": "Worker_ID",
              "userName": "Email",
              "active": true,
              "name.givenNam": "First",
              "displayName": {"expression": "IIF([First] = \\"a\\" and [Status] = \\"b\\", 1, 2)"},
              "nickName": {"expression": "Join(\\" \\", [Frist])"}
            }}
            """, to: "m.json")
        let result = await InProcessCommand.run(
            ["validate", csv.path, "--mapping", mapping.path, "--report", workspace.url("r.json").path])
        #expect(result.status == 65)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.url("r.json"))) as? [String: Any]
        let problems = try #require(report?["problems"] as? [[String: Any]])
        let byColumn = Dictionary(problems.map { ($0["column"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byColumn["name.givenNam"]?["kind"] as? String == "unknownAttribute")
        #expect(byColumn["name.givenNam"]?["suggestion"] as? String == "name.givenName")
        #expect(byColumn["name.givenNam"]?["line"] as? Int == 5)
        #expect(byColumn["displayName"]?["kind"] as? String == "badExpression")
        #expect(byColumn["displayName"]?["line"] as? Int == 6)
        #expect(byColumn["nickName"]?["kind"] as? String == "missingColumn")
        #expect(byColumn["nickName"]?["suggestion"] as? String == "First")
        #expect(problems.count == 3)
        #expect(report?["rows"] as? Int == 1)
    }

    @Test func aHeaderThatIsNotAnAttributePathIsAnEntryOnLineOne() async throws {
        let workspace = try Workspace()
        let csv = try workspace.write(
            "externalId,userName,active,name.givenNme\nE1,a@contoso.com,true,Ann\n", to: "e.csv")
        let result = await InProcessCommand.run(["validate", csv.path, "--json"])
        #expect(result.status == 65)
        let problems = try #require(result.json?["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["kind"] as? String == "unknownAttribute")
        #expect(problems.first?["column"] as? String == "name.givenNme")
        #expect(problems.first?["suggestion"] as? String == "name.givenName")
        #expect(problems.first?["file"] as? String == csv.path)
        #expect(problems.first?["line"] as? Int == 1)
        #expect(result.json?["rows"] as? Int == 1)
    }
}
