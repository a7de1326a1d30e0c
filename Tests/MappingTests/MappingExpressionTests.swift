import CSV
import Export
import Foundation
import JSONDocument
import Mapping
import SCIM
import Testing

/// Expressions inside mapping files: errors name the key and column, types are checked when the mapping loads, and
/// `RecordMapper` sends what the expression gives, by the layout fast path and the tree alike.
@Suite struct MappingExpressionTests {
    let header = ["WorkerID", "FirstName", "LastName", "WorkerStatus", "HireDate", "Email", "ManagerID"]

    func load(_ attributes: String) throws -> ColumnMapping {
        try MappingFile.parse(Data("{\"attributes\": {\(attributes)}}".utf8), path: "m.json", header: header)
    }

    func error(_ attributes: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            _ = try load(attributes)
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return ""
        } catch {
            return error.localizedDescription
        }
    }

    static let keys = #""externalId": "WorkerID", "#
    static let contoso = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:"

    /// `"path": {"expression": "…", "type": "…"}`, the expression JSON-escaped, so tests write it as Swift text.
    static func entry(_ path: String, _ expression: String, type: String? = nil) -> String {
        let quoted = String(decoding: JSONWriter.encode(.string(expression)), as: UTF8.self)
        return "\"\(path)\": {\"expression\": \(quoted)\(type.map { ", \"type\": \"\($0)\"" } ?? "")}"
    }

    /// The record's bytes from the fast path, checked against encoding the `SCIMUser` tree.
    func json(_ row: MappedRow, by mapper: RecordMapper, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let data = mapper.data(of: row)
        #expect(data == JSONWriter.encode(.object(mapper.user(of: row).dataObject())), sourceLocation: sourceLocation)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theIssuesExampleMapsARow() throws {
        let mapping = try load(
            Self.keys
                + Self.entry(
                    "userName",
                    "Join(\"@\", NormalizeDiacritics(ToLower(Join(\".\", [FirstName], [LastName]))), \"contoso.com\")")
                + ", "
                + Self.entry("active", "Switch([WorkerStatus], \"False\", \"Active\", \"True\")", type: "boolean"))
        #expect(mapping.warnings.isEmpty, "\(mapping.warnings)")
        let mapper = RecordMapper(mapping: mapping)
        let row = mapper.map(CSVRecord(line: 2, fields: ["W1", "Zoë", "Øster-Ström", "Active", "", "", ""]))
        #expect(row.problems.isEmpty, "\(row.problems)")
        #expect(row.userName == "zoe.oester-strom@contoso.com")
        #expect(json(row, by: mapper).contains(#""active":true"#))
        let leaver = mapper.map(CSVRecord(line: 3, fields: ["W2", "A", "B", "Terminated", "", "", ""]))
        #expect(json(leaver, by: mapper).contains(#""active":false"#))
    }

    @Test func expressionResultsTakeTheAttributesType() throws {
        let mapper = RecordMapper(
            mapping: try load(
                Self.keys + #""userName": "Email", "#
                    + [
                        Self.entry(Self.contoso + "HireDate", "DateAdd(\"d\", 1, CDate([HireDate]))", type: "dateTime"),
                        Self.entry(
                            Self.contoso + "Tenure", "DateDiff(\"yyyy\", [HireDate], \"2024-06-30\")", type: "integer"),
                        Self.entry(
                            Self.contoso + "Local", "IIF(IsPresent([ManagerID]), \"yes\", \"no\")", type: "boolean"),
                        Self.entry("title", "IsPresent([ManagerID])"),
                    ].joined(separator: ", ")))
        let row = mapper.map(CSVRecord(line: 2, fields: ["W1", "", "", "", "2020-03-16-07:00", "a@x.com", "W9"]))
        #expect(row.problems.isEmpty, "\(row.problems)")
        let text = json(row, by: mapper)
        #expect(text.contains(#""HireDate":"2020-03-17T07:00:00Z""#), "\(text)")
        #expect(text.contains(#""Tenure":4"#), "\(text)")
        #expect(text.contains(#""Local":true"#), "\(text)")
        #expect(text.contains(#""title":"True""#), "\(text)")
    }

    @Test func blankResultsAreOmittedOrNullButIgnoreFlowIsAlwaysOmitted() throws {
        let attributes =
            Self.keys + #"""
                "userName": "Email",
                "title": { "expression": "Trim([FirstName])" },
                "nickName": { "expression": "IgnoreFlowIfNullOrEmpty([LastName])" }
                """#
        let fields = ["W1", " ", "", "", "", "a@x.com", ""]
        let omitting = RecordMapper(mapping: try load(attributes))
        let plain = json(omitting.map(CSVRecord(line: 2, fields: fields)), by: omitting)
        #expect(!plain.contains("title") && !plain.contains("nickName"), "\(plain)")
        let nulling = RecordMapper(mapping: try load(attributes), emptyAsNull: true)
        let nulled = json(nulling.map(CSVRecord(line: 2, fields: fields)), by: nulling)
        #expect(nulled.contains(#""title":null"#), "\(nulled)")
        #expect(!nulled.contains("nickName"), "IgnoreFlowIfNullOrEmpty drops the attribute: \(nulled)")
    }

    @Test func aRowTheExpressionCannotHandleIsARowErrorNamingTheValue() throws {
        let mapper = RecordMapper(
            mapping: try load(
                Self.keys + #""userName": "Email", "#
                    + Self.entry(Self.contoso + "Hired", "CDate([HireDate])", type: "dateTime") + ", "
                    + Self.entry("active", "Switch([WorkerStatus], [WorkerStatus], \"A\", \"yes\")")))
        let row = mapper.map(CSVRecord(line: 7, fields: ["W1", "", "", "Maybe", "someday", "a@x.com", ""]))
        #expect(!row.isValid)
        let messages = row.problems.filter { $0.severity == .error }.map(\.message)
        #expect(
            messages.contains { $0.contains("expression column 1: CDate: expression \"someday\" is not a date") },
            "\(messages)")
        #expect(messages.contains { $0.contains("\"Maybe\" is not a boolean") }, "\(messages)")
        #expect(row.problems.allSatisfy { $0.line == 7 && $0.externalId == "W1" })
        #expect(
            row.problems.contains {
                $0.column == "HireDate (urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Hired)"
            })
    }

    @Test func nowIsTheInstantTheMapperWasGiven() throws {
        let mapping = try load(
            Self.keys + #""userName": "Email", "#
                + Self.entry(Self.contoso + "Seen", "FormatDateTime(Now(), , \"o\", \"yyyy-MM-dd\")") + ", "
                + Self.entry(Self.contoso + "Days", "DateDiff(\"d\", CDate([HireDate]), Now())", type: "integer"))
        let mapper = RecordMapper(mapping: mapping, now: Date(timeIntervalSince1970: 1_700_000_000))
        let text = json(
            mapper.map(CSVRecord(line: 2, fields: ["W1", "", "", "", "2023-11-10", "a@x.com", ""])), by: mapper)
        #expect(text.contains(#""Seen":"2023-11-14""#) && text.contains(#""Days":4"#), "\(text)")
        // Now() outside DateDiff is a value that changes every run: the mapping says so.
        #expect(mapping.warnings.count == 1)
        #expect(mapping.warnings.first?.message.contains("Now() is the run's start time") == true)
        #expect(
            mapping.warnings.first?.field
                == #"attributes › "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Seen""#)
    }

    @Test func aBooleanAttributeFedTextThatIsNotABooleanIsAWarningNamingTheValues() throws {
        let mapping = try load(
            Self.keys + #""userName": "Email", "#
                + Self.entry(
                    "active",
                    "IIF([WorkerStatus] = \"Active\", \"Enabled\", "
                        + "Switch([WorkerStatus], \"no\", \"Leave\", \"Suspended\"))"))
        let warning = try #require(mapping.warnings.first)
        #expect(warning.attribute == "active")
        #expect(
            warning.message.contains(#""Enabled", "Suspended" are not true/false, yes/no or 1/0"#), "\(warning.message)"
        )
        #expect(!warning.message.contains(#""no""#))
        // Literal booleans, and text of unknown value, give no warning.
        let literalBooleans = Self.entry("active", "Switch([WorkerStatus], \"False\", \"Active\", \"True\")")
        #expect(try load(Self.keys + #""userName": "Email", "# + literalBooleans).warnings.isEmpty)
        #expect(
            try load(Self.keys + #""userName": "Email", "active": { "expression": "ToLower([WorkerStatus])" }"#)
                .warnings.isEmpty)
    }

    @Test func warningsReachTheProblemsOfTheRun() throws {
        let workspace = try MappingWorkspace()
        let csv = try workspace.file("e.csv", "WorkerID,Email,WorkerStatus\n1,a@x.com,Active\n")
        let mapping = try workspace.file(
            "m.json",
            #"""
            {"attributes": {"externalId": "WorkerID", "userName": "Email",
             "active": {"expression": "IIF([WorkerStatus] = \"Active\", \"on\", \"off\")"}}}
            """#)
        var reader = ExportReader()
        reader.mappingFile = mapping
        let export = try reader.prepare(path: csv)
        let problem = try #require(export.problems.first)
        #expect(problem.severity == .warning && problem.line == 1 && problem.column == "active")
        #expect(problem.message.hasPrefix("\(mapping): attributes › \"active\": the expression gives text"))
        #expect(export.warnings == 1 && export.invalid == 1)
    }

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

/// A temporary directory for files a test writes (MappingTests has no TestSupport).
final class MappingWorkspace {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
