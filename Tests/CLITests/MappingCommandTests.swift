import Foundation
import TestSupport
import Testing

/// `provision mapping test`, expressions end to end, the CSV2SCIM sample's translation, and file-level mapping
/// errors reported all at once — through the commands.
@Suite struct MappingCommandTests {
    func write(_ text: String, name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let export = """
        WorkerID,FirstName,LastName,Status,HireDate,Notes
        W1,Zoë,Øster,Active,2021-03-05,"two
        lines"
        W2,Ann,Lee,Leave,someday,
        """

    static let mapping = #"""
        {"attributes": {
          "externalId": "WorkerID",
          "userName":
          {"expression": "Join(\"@\", NormalizeDiacritics(ToLower(Join(\".\", [FirstName], [LastName]))), \"x.com\")"},
          "active": {"expression": "Switch([Status], \"False\", \"Active\", \"True\")", "type": "boolean"},
          "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Hired":
            {"expression": "CDate([HireDate])", "type": "dateTime"},
          "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Seen":
            {"expression": "FormatDateTime(Now(), , \"o\", \"yyyy-MM-dd\")"},
          "nickName": "Notes"
        }}
        """#

    @Test func mappingTestShowsEachAttributesRuleAndValue() async throws {
        let result = await InProcessCommand.run(
            ["mapping", "test", sample("workday-mapping.json"), "--row", "3", sample("workday-export.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(sample("workday-export.csv") + ":3, externalId \"W-0002\", mapped by "))
        #expect(
            result.stdout.contains(
                """
                userName
                    template "{Legal_First_Name}.{Legal_Last_Name}@contoso.com", transform stripDiacritics, lower
                    = "ben.okafor@contoso.com"
                """))
        #expect(
            result.stdout.contains("nickName\n    column \"Preferred_Name\"\n    = nothing: the attribute is not sent"))
        #expect(result.stdout.contains("the record would be sent as:\n{\"schemas\":"))
    }

    @Test func mappingTestEvaluatesExpressionsAndShowsTheRowsErrors() async throws {
        let workspace = try Workspace()
        let csv = try write(Self.export, name: "e.csv", in: workspace.directory)
        let map = try write(Self.mapping, name: "m.json", in: workspace.directory)
        let pinned = ["PROVISION_NOW": "2024-01-31T08:00:00Z"]
        let first = await InProcessCommand.run(["mapping", "test", map, "--row", "2", csv], environment: pinned)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("userName\n    expression Join(\"@\", NormalizeDiacritics("))
        #expect(first.stdout.contains("    = \"zoe.oester@x.com\""))
        #expect(
            first.stdout.contains(
                "active\n    expression Switch([Status], \"False\", \"Active\", \"True\")\n    = true"))
        #expect(first.stdout.contains("= \"2021-03-05T00:00:00Z\""))
        #expect(first.stdout.contains("= \"2024-01-31\""), "PROVISION_NOW pins Now(): \(first.stdout)")
        #expect(
            first.stdout.contains(
                "m.json: warning: attributes › \"urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Seen\""))
        // The second record starts on line 4, because the first spans two lines.
        let second = await InProcessCommand.run(["mapping", "test", map, "--row", "4", csv], environment: pinned)
        #expect(second.status == 1)
        #expect(second.stdout.contains("    error: expression column 1: CDate: expression \"someday\" is not a date"))
        #expect(second.stdout.contains("e.csv:4: error: expression column 1: CDate"))
        #expect(second.stdout.contains("the record would not be sent: 1 error"))
        let inside = await InProcessCommand.run(["mapping", "test", map, "--row", "3", csv], environment: pinned)
        #expect(inside.status == 64)
        #expect(inside.stderr.contains("no record of \(csv) starts on line 3: records start on lines 2 and 4"))
        let badNow = await InProcessCommand.run(
            ["mapping", "test", map, "--row", "2", csv], environment: ["PROVISION_NOW": "soon"])
        #expect(badNow.status == 64)
        #expect(badNow.stderr.contains("PROVISION_NOW must be an ISO 8601 time"))
    }

    @Test(arguments: [
        (["--row", "1"], "line 1 is the header"), (["--row", "x"], "takes a line number"),
        (["--row", "9"], "has no record on line 9; its last record starts on line 6"),
        ([], "--row N is required: the line a CSV record starts on, or a JSON record's position"),
    ])
    func mappingTestNeedsARecordsLine(flags: [String], fragment: String) async throws {
        let result = await InProcessCommand.run(
            ["mapping", "test", sample("workday-mapping.json"), sample("workday-export.csv")] + flags)
        #expect(result.status == 64)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }

    /// A pinned Now() makes runs byte-identical; every record goes out with the expressions' values.
    @Test func dryRunsWithExpressionsAreByteIdentical() async throws {
        let workspace = try Workspace()
        let csv = try write(Self.export, name: "e.csv", in: workspace.directory)
        let map = try write(Self.mapping, name: "m.json", in: workspace.directory)
        let arguments = ["upload", csv, "--mapping", map, "--dry-run"]
        let first = await InProcessCommand.run(arguments, environment: ["PROVISION_NOW": "2024-01-31T08:00:00Z"])
        let second = await InProcessCommand.run(arguments, environment: ["PROVISION_NOW": "2024-01-31T08:00:00Z"])
        #expect(first.status == 1, "W2 has a bad date: \(first.stderr)")
        #expect(!first.stdout.isEmpty && first.stdout == second.stdout)
        #expect(first.stdout.contains(#""userName":"zoe.oester@x.com""#))
        #expect(first.stdout.contains(#""Seen":"2024-01-31""#))
    }

    /// Microsoft's CSV2SCIM sample, AttributeMapping.psd1 translated, with the sample CSV it comes with. Its
    /// userNames (EMP1222) have no @: offline that is a warning naming the consequence, not a row error.
    @Test func theCSV2SCIMSampleTranslationValidatesWithoutErrors() async throws {
        let arguments = [
            sample("csv2scim/csv-with-2-records.csv"), "--mapping", sample("csv2scim/AttributeMapping.json"),
        ]
        let validate = await InProcessCommand.run(["validate"] + arguments)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("2 rows, 2 valid, 0 invalid, 4 warnings"))
        #expect(!validate.stderr.contains("error:"), "\(validate.stderr)")
        #expect(validate.stderr.contains(#"userName "EMP1222" has no @: under the default mappings"#))
        let dryRun = await InProcessCommand.run(["upload"] + arguments + ["--dry-run"])
        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(dryRun.stdout.utf8)) as? [String: Any], "\(dryRun.stderr)")
        let users = try #require(request["Operations"] as? [[String: Any]]).compactMap { $0["data"] as? [String: Any] }
        // { $_.'WorkerStatus' -eq 'Active' }: 1222 is Inactive, 1513 Active.
        #expect(users.map { $0["externalId"] as? String } == ["1222", "1513"])
        #expect(users.map { $0["active"] as? Bool } == [false, true])
        #expect(users.allSatisfy { ($0["addresses"] as? [[String: Any]])?.first?["type"] as? String == "work" })
        let enterprise = users.last?["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as? [String: Any]
        #expect(enterprise?["costCenter"] as? String == "CC3035" && enterprise?["division"] as? String == "Food")
        #expect(
            (users.last?["addresses"] as? [[String: Any]])?.first?["streetAddress"] as? String == "101 Woodgrove Way")
        #expect((users.last?["phoneNumbers"] as? [[String: Any]])?.first?["value"] as? String == "259-915-1098")
    }

    /// The psd1's entries that name a column (AzureAD/entra-id-inbound-provisioning, PowerShell/CSV2SCIM/Samples/
    /// AttributeMapping.psd1), as SCIM paths: the translation maps each to the same column. Its other entry is
    /// `active`, a scriptblock (an expression here).
    static let psd1Columns = [
        "externalId": "WorkerID", "userName": "UserID", "name.familyName": "LastName", "name.givenName": "FirstName",
        "displayName": "FullName", "nickName": "UserID", "userType": "WorkerType", "title": "JobTitle",
        #"addresses[type eq "work"].streetAddress"#: "StreetAddress", #"addresses[type eq "work"].locality"#: "City",
        #"addresses[type eq "work"].postalCode"#: "ZipCode", #"addresses[type eq "work"].country"#: "CountryCode",
        #"phoneNumbers[type eq "work"].value"#: "OfficePhone",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "WorkerID",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "CostCenter",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization": "Company",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division": "Division",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": "ManagerID",
    ]

    @Test func theCSV2SCIMTranslationMapsWhatThePsd1Maps() throws {
        let url = URL(fileURLWithPath: sample("csv2scim/AttributeMapping.json"))
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let attributes = try #require(file["attributes"] as? [String: Any])
        for (path, column) in Self.psd1Columns {
            #expect(attributes[path] as? String == column, "\(path) should map \(column), as the psd1 does")
        }
        let extra = Set(attributes.keys).subtracting(Self.psd1Columns.keys).subtracting(["active"])
        #expect(extra.isEmpty, "not in the psd1: \(extra.sorted())")
        #expect(!(file["description"] as? String ?? "").contains("PrivatePhone"))
    }

    @Test func everyMissingColumnOfAMappingIsNamedInOneRun() async throws {
        let workspace = try Workspace()
        let csv = try write("WorkerID,Mail,First\n1,a@x.com,A\n", name: "e.csv", in: workspace.directory)
        let map = try write(
            #"""
            {"attributes": {"externalId": "WorkerId", "userName": "mail",
             "displayName": {"expression": "Join(\" \", [FirstName], [Last])"}, "title": "Title"}}
            """#, name: "m.json", in: workspace.directory)
        let result = await InProcessCommand.run(["validate", csv, "--mapping", map])
        #expect(result.status == 65)
        #expect(result.stderr.contains("m.json: 5 problems:"), "\(result.stderr)")
        for fragment in [
            "did you mean `WorkerID`? (column names are matched exactly, and only the case differs)",
            "did you mean `Mail`?", "expression column 11 («[FirstName], [Last])»)",
            "column [Last] is not in the file's header", "column \"Title\" is not in the file's header",
        ] {
            #expect(result.stderr.contains(fragment), "\(fragment): \(result.stderr)")
        }
    }

    @Test func everyBadHeaderColumnIsNamedInOneRun() async throws {
        let workspace = try Workspace()
        let csv = try write(
            "externalId,userNme,emails.value,displayName\n1,a@x.com,a@x.com,A\n", name: "h.csv",
            in: workspace.directory)
        let result = await InProcessCommand.run(["validate", csv])
        #expect(result.status == 65)
        #expect(result.stderr.contains("h.csv:1: 2 problems:\n  column 2 \"userNme\""), "\(result.stderr)")
        #expect(result.stderr.contains("column 3 \"emails.value\""))
    }

    @Test func aMappingThatIsNotJSONNamesTheLineAndColumn() async throws {
        let workspace = try Workspace()
        let csv = try write("WorkerID,Mail\n1,a@x.com\n", name: "e.csv", in: workspace.directory)
        let map = try write(
            "{\n  \"attributes\": {\n    \"externalId\": \"WorkerID\"\n    \"userName\": \"Mail\"\n  }\n}\n",
            name: "m.json", in: workspace.directory)
        let result = await InProcessCommand.run(["validate", csv, "--mapping", map])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains("m.json:4:5: not valid JSON: unexpected '\"' where ',' or '}' was expected"),
            "\(result.stderr)")
    }
}
