import Foundation
import Mapping
import Testing

/// What a bad expression entry, a missing column or bad JSON in a mapping file is told as.
extension MappingExpressionTests {
    @Test(arguments: [
        (
            #""title": { "expression": "Split([FirstName], \",\")" }"#,
            "gives several values (Split), but title takes one"
        ),
        (#""active": { "expression": "CDate([HireDate])" }"#, "the expression gives a date, but active is a boolean"),
        (
            #""title": { "expression": "ToLower([FirstName])", "lookup": {"a": "b"} }"#,
            "\"lookup\" goes with \"column\""
        ),
        (#""title": { "expression": 42 }"#, "\"expression\" must be a string"),
        (
            #""title": { "expression": "Jion([FirstName])" }"#,
            "m.json: attributes › \"title\": expression column 1 («Jion([FirstName])»): unknown function 'Jion'; "
                + "did you mean `Join`?"
        ),
        (
            #""title": { "expression": "ToLower([firstname])", "type": "string" }"#,
            "expression column 9 («[firstname])»): column [firstname] is not in the file's header; "
                + "did you mean `FirstName`?"
        ),
    ])
    func badExpressionEntriesNameTheKey(entry: String, fragment: String) {
        let message = error(Self.keys + #""userName": "Email", "# + entry)
        #expect(message.contains(fragment), "\(message)")
    }

    /// Microsoft's Contractor sample maps 21 attributes to columns its CSV does not have: one run names them all.
    @Test func everyMissingColumnIsReportedAtOnce() throws {
        let csvHeader = [
            "WorkerID", "WorkerStatus", "WorkerType", "UserID", "FirstName", "LastName", "FullName",
            "GenderPronoun", "ManagerID", "HireDate", "OnLeave", "Department", "Division", "CostCenter",
            "Company", "Location", "JobTitle", "StreetAddress", "City", "CountryCode", "OfficePhone",
            "Custom01", "Custom02", "ZipCode",
        ]
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        let pairs = [
            ("externalId", "externalId"), ("name.familyName", "familyName"), ("name.givenName", "givenName"),
            ("active", "active"), ("userName", "userName"), ("displayName", "displayName"), ("nickName", "nickName"),
            ("userType", "userType"), ("title", "title"), ("emails[type eq \\\"work\\\"].value", "email"),
            ("addresses[type eq \\\"work\\\"].streetAddress", "streetAddress"),
            ("addresses[type eq \\\"work\\\"].locality", "locality"),
            ("addresses[type eq \\\"work\\\"].postalCode", "postalCode"),
            ("addresses[type eq \\\"work\\\"].country", "country"),
            ("phoneNumbers[type eq \\\"work\\\"].value", "phoneNumber"),
            ("\(enterprise):employeeNumber", "employeeNumber"), ("\(enterprise):costCenter", "costCenter"),
            ("\(enterprise):organization", "organization"), ("\(enterprise):division", "division"),
            ("\(enterprise):department", "department"), ("\(enterprise):manager.value", "manager"),
        ]
        let json = "{\"attributes\": {" + pairs.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ") + "}}"
        do {
            _ = try MappingFile.parse(Data(json.utf8), path: "contractor.json", header: csvHeader)
            Issue.record("expected the missing columns")
        } catch {
            #expect(error.problems.count == 21)
            let message = error.localizedDescription
            #expect(message.hasPrefix("contractor.json: 21 problems:\n"), "\(message)")
            #expect(
                message.contains(
                    #"attributes › "title": column "title" is not in the file's header; did you mean `JobTitle`?"#))
            #expect(
                message.contains(
                    #"column "department" is not in the file's header; did you mean `Department`? "#
                        + "(column names are matched exactly, and only the case differs)"
                ))
        }
    }

    @Test(arguments: [
        (#""userName": "email""#, "column \"email\""),
        (#""userName": {"column": "email"}"#, "column \"email\""),
        (#""userName": {"template": "{email}"}"#, "column {email}"),
        (#""userName": {"expression": "[email]"}"#, "column [email]"),
    ])
    func aNameThatDiffersOnlyInCaseGetsTheRightOneInEveryForm(entry: String, quoted: String) {
        let message = error(Self.keys + entry)
        #expect(
            message.contains(
                "\(quoted) is not in the file's header; did you mean `Email`? (column names are "
                    + "matched exactly, and only the case differs)"), "\(message)")
    }

    @Test func everyMissingColumnOfATemplateAndEveryBadEntryIsReported() {
        let message = error(
            #""externalId": "WorkerId", "userName": {"template": "{First}.{Last}@x.com"}, "displayNme": "FirstName""#)
        for fragment in [
            #"column "WorkerId" is not in the file's header; did you mean `WorkerID`?"#,
            "column {First} is not", "column {Last} is not", "did you mean `displayName`?",
        ] {
            #expect(message.contains(fragment), "\(fragment) in \(message)")
        }
    }

    @Test func everyBadHeaderColumnIsReportedAtOnce() {
        do {
            _ = try ColumnMapping.fromHeader(
                ["externalId", "userNme", "emails.value", "displayName", "titel"], file: "h.csv")
            Issue.record("expected errors")
        } catch {
            #expect(error.problems.count == 3)
            let message = error.localizedDescription
            #expect(message.hasPrefix("h.csv:1: 3 problems:\n  column 2 \"userNme\""), "\(message)")
            #expect(message.contains("column 5 \"titel\""))
        }
    }

    @Test(arguments: [
        (
            "{\n  \"attributes\": {\n    \"externalId\": \"WorkerID\"\n    \"userName\": \"Email\"\n  }\n}", 4, 5,
            "where ',' or '}' was expected (is a comma missing?)"
        ),
        ("{\"attributes\": {\"externalId\": \"WorkerID\" \"userName\": \"Email\"}}", 1, 42, "is a comma missing?"),
        ("{\"attributes\": ", 1, 16, "the file ends where a value was expected"),
        (#"{"attributes": {"x": "Replace([a], , \"\d\", , \"\", , )"}}"#, 1, 40, #"a regular expression's \d is \\d"#),
        ("{\"attributes\": {\"x\": \"a\\q\"}}", 1, 24, "invalid escape in a string"),
        ("{\"attributes\": {\"Zoë\": tru}}", 1, 24, "text values are written in double quotes"),
        ("{'attributes': {}}", 1, 2, "JSON keys are in double quotes, not '"),
        ("{\"a\": \"x\ny\"}", 1, 9, "line break or control character inside a string"),
    ])
    func invalidJSONNamesTheLineAndColumn(json: String, line: Int, column: Int, fragment: String) {
        do {
            _ = try MappingFile.parse(Data(json.utf8), path: "m.json", header: header)
            Issue.record("expected an error")
        } catch {
            #expect(
                error == .invalidJSON(path: "m.json", line: line, column: column, message: error.jsonMessage),
                "\(error.localizedDescription)")
            #expect(error.localizedDescription.hasPrefix("m.json:\(line):\(column): not valid JSON: "))
            #expect(error.localizedDescription.contains(fragment), "\(error.localizedDescription)")
        }
    }
}

extension MappingError {
    var jsonMessage: String {
        if case .invalidJSON(_, _, _, let message) = self { return message }
        return ""
    }
}
